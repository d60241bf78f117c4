/**
 * Intended iteration start times of k6's arrival-rate executors, as pure functions
 * (docs/peer-conventions.md#arrival-rate-executors: "iteration starts are spaced fractionally" on an absolute
 * timeline).
 *
 * - constant-arrival-rate: start i (0-based) at i·timeUnit/rate, for every start before `duration`;
 *   the first iteration starts at once, as in k6.
 * - ramping-arrival-rate: the rate moves linearly from one stage target to the next, and start k
 *   (1-based) happens when the area under the rate curve (the expected number of iterations so far)
 *   reaches k — k6's documented "linear ramp" semantics, so the first start of a ramp from 0 is not at 0.
 *
 * Offsets are in milliseconds from the scenario's start; they never decrease.
 */

/** One start: its sequence number in the scenario, the offset, and the ramping stage it falls in. */
export interface PlannedStart {
  /** 0-based iteration number within the scenario. */
  readonly iteration: number;
  /** Milliseconds after the scenario's start. */
  readonly offsetMs: number;
  /** Index of the stage the start falls in (always 0 for constant-arrival-rate). */
  readonly stageIndex: number;
}

/** A stage of a ramping schedule, already in milliseconds and iterations per millisecond. */
export interface RampStage {
  readonly targetPerMs: number;
  readonly durationMs: number;
}

/** Starts of a constant-arrival-rate schedule: `rate` iterations per `timeUnitMs`, over `durationMs`. */
export function* planConstantArrivals(rate: number, timeUnitMs: number, durationMs: number): Generator<PlannedStart> {
  if (!(rate > 0) || !(timeUnitMs > 0)) return;
  const intervalMs = timeUnitMs / rate;
  // Multiply rather than accumulate, so float error does not drift over a long run.
  for (let i = 0; ; i++) {
    const offsetMs = i * intervalMs;
    if (offsetMs >= durationMs) return;
    yield { iteration: i, offsetMs, stageIndex: 0 };
  }
}

/**
 * Starts of a ramping-arrival-rate schedule. `startPerMs` is the rate at offset 0; each stage ramps
 * linearly to its target over its duration (a stage with an equal start and target rate is flat).
 */
export function* planRampingArrivals(startPerMs: number, stages: readonly RampStage[]): Generator<PlannedStart> {
  let from = startPerMs;
  let stageStartMs = 0;
  let areaBefore = 0; // expected iterations before this stage
  let k = 1; // the next start happens when the area reaches k
  let iteration = 0;
  for (let s = 0; s < stages.length; s++) {
    const { targetPerMs: to, durationMs: d } = stages[s] as RampStage;
    const stageArea = (d * (from + to)) / 2;
    // Small tolerance so a start that lands exactly on a stage boundary is not lost to rounding.
    const areaEnd = areaBefore + stageArea + 1e-9;
    for (; k <= areaEnd; k++) {
      const a = k - areaBefore; // area needed inside this stage
      const slope = d > 0 ? (to - from) / d : 0;
      // Solve from·t + slope·t²/2 = a for t ≥ 0. The form 2a / (from + √(from² + 2·slope·a)) stays
      // exact when the slope is 0 and when `from` is 0, unlike the textbook quadratic formula.
      const disc = Math.max(0, from * from + 2 * slope * a);
      const t = Math.min(d, (2 * a) / (from + Math.sqrt(disc)));
      yield { iteration: iteration++, offsetMs: stageStartMs + t, stageIndex: s };
    }
    areaBefore += stageArea;
    stageStartMs += d;
    from = to;
  }
}
