/**
 * Runs a load test: k6-style scenarios on one Node event loop, open model, no coordinated omission.
 *
 * Arrival-rate iterations have an intended start on an absolute timeline (scenario start + offset
 * from `arrival-schedule.ts`). The loop sleeps to each one, records the schedule deviation
 * (actual − intended start), and starts the iteration on a free VU, or drops it when all `maxVUs`
 * are busy. A late loop never skips starts: a stalled event loop shows up as deviation and as
 * latency, because `iteration_duration` (and the latency scenarios record) runs from the intended start
 * (docs/load-methodology.md#coordinated-omission). Thresholds are checked every 2 s for abortOnFail and at the end
 * (docs/peer-conventions.md#thresholds); teardown runs even when the run is aborted.
 */
import { setMaxListeners } from "node:events";
import type { EngineEvent, EngineEventListener } from "./engine-events.ts";
import {
  type AbortReason,
  attachThresholds,
  ENGINE_RESULT_SCHEMA_VERSION,
  type EngineMetric,
  type EngineResult,
  type ScenarioSummary,
} from "./engine-result.ts";
import { type EngineLogger, type HookContext, type IterationContext, stderrLogger } from "./iteration-context.ts";
import { MetricRegistry, type Tags } from "./metric-registry.ts";
import { parseMetricSelector } from "./metric-selector.ts";
import { type DurationInput, parseDuration } from "./parse-duration.ts";
import { type NormalizedScenario, normalizeScenario, type ScenarioOptions } from "./scenario-config.ts";
import { createRealScheduler, type Scheduler } from "./scheduler.ts";
import {
  type CompiledThreshold,
  compileThresholds,
  evaluateThresholds,
  explainTypeMismatch,
  type ThresholdResult,
  type ThresholdsOption,
} from "./thresholds.ts";
import { VuPool } from "./vu-pool.ts";

/** Options of {@link runLoad}. `D` is what `setup()` returns. */
export interface RunLoadOptions<D = unknown> {
  /** Scenarios by name, as in k6 `options.scenarios`. */
  scenarios: Record<string, ScenarioOptions<D>>;
  /** k6-style thresholds. */
  thresholds?: ThresholdsOption;
  /** Runs once before the scenarios; its value reaches every iteration as `ctx.data`. */
  setup?: (hook: HookContext) => D | Promise<D>;
  /** Runs once after the scenarios, also after an abort (not when `setup` threw). */
  teardown?: (data: D, hook: HookContext) => void | Promise<void>;
  /** Tags on every sample of the run. */
  tags?: Record<string, string>;
  /** Extra sub-metrics to summarise and chart, e.g. `["http_reqs{status:503}"]`. */
  subMetrics?: string[];
  /**
   * Hard limit on the whole run including setup and teardown waits; default: the planned end
   * plus the largest gracefulStop plus 30 s. Reaching it aborts the run (`abortReason: "time-limit"`).
   */
  hardTimeLimit?: DurationInput;
  /** How long aborted or interrupted iterations get to settle before being abandoned (default 5 s). */
  interruptGrace?: DurationInput;
  /** Time source and timer; default real time. */
  scheduler?: Scheduler;
  /** Aborts the run (Ctrl-C); the result is then partial and `aborted: true`. */
  signal?: AbortSignal;
  /** Receives engine events (progress bar, reporters). */
  onEvent?: EngineEventListener;
  /** Diagnostics; default: warnings and errors to stderr. */
  log?: EngineLogger;
}

/** Built-in metrics, named as in k6 (plus `schedule_deviation`, which k6 does not expose). */
const BUILTINS = [
  ["iterations", "counter", "default"],
  ["dropped_iterations", "counter", "default"],
  ["iteration_duration", "trend", "time"],
  ["schedule_deviation", "trend", "time"],
  ["http_reqs", "counter", "default"],
  ["http_req_duration", "trend", "time"],
  ["http_req_failed", "rate", "default"],
  ["vus", "gauge", "default"],
  ["vus_max", "gauge", "default"],
] as const;

const THRESHOLD_PERIOD_MS = 2000; // k6's local `thresholdsRate`
const TICK_MS = 1000;
const MAX_LOGGED_ERRORS = 10;

interface ScenarioState {
  summary: ScenarioSummary;
  /** Arrival-rate scenarios: their VU pool. */
  pool?: VuPool;
  /** Closed scenarios: their VU ids, and how many VU loops are running. */
  closedVus: number[];
  closedBusy: number;
  busy: () => number;
  allocated: () => number;
}

/** Runs the scenarios and returns the result; rejects only for invalid options or a failing `setup()`. */
export async function runLoad<D = unknown>(options: RunLoadOptions<D>): Promise<EngineResult> {
  const scheduler = options.scheduler ?? createRealScheduler();
  const clock = scheduler.clock;
  const log = options.log ?? stderrLogger;
  const scenarioEntries = Object.entries(options.scenarios ?? {});
  if (scenarioEntries.length === 0) {
    throw new RangeError(
      'scenarios: define at least one scenario, e.g. { load: { executor: "constant-arrival-rate", ... } }',
    );
  }
  const scenarios = scenarioEntries.map(([name, s]) => normalizeScenario(name, s));
  const thresholds = compileThresholds(options.thresholds);
  const registry = new MetricRegistry(clock);
  for (const [name, type, contains] of BUILTINS) registry.define(name, type, contains);
  for (const t of thresholds) {
    const type = registry.typeOf(t.selector.metric);
    const mismatch = type && explainTypeMismatch(t, type);
    if (mismatch) throw new TypeError(mismatch);
    registry.trackSubMetric(t.selector);
  }
  for (const text of options.subMetrics ?? []) registry.trackSubMetric(parseMetricSelector(text));
  const interruptGraceMs = parseDuration(options.interruptGrace ?? 5000, "interruptGrace");
  const plannedDurationMs = Math.max(...scenarios.map((s) => s.startMs + s.durationMs));
  const hardLimitMs = parseDuration(
    options.hardTimeLimit ?? plannedDurationMs + Math.max(...scenarios.map((s) => s.gracefulStopMs)) + 30_000,
    "hardTimeLimit",
  );

  const emit = (event: EngineEvent): void => {
    try {
      options.onEvent?.(event);
    } catch (e) {
      log.warn(`an event listener threw on "${event.type}": ${(e as Error).message}`);
    }
  };

  // One controller aborts everything that belongs to the run (not teardown).
  const run = new AbortController();
  // Every scenario (the rate-limit plan has ~20) and every sleeping VU listens on this one signal:
  // legitimately more than Node's default leak-warning threshold of 10 listeners.
  setMaxListeners(0, run.signal);
  let abortReason: AbortReason | undefined;
  const abortRun = (reason: AbortReason): void => {
    if (run.signal.aborted) return;
    abortReason = reason;
    run.abort();
  };
  const onExternalAbort = (): void => abortRun("signal");
  if (options.signal?.aborted) abortRun("signal");
  options.signal?.addEventListener("abort", onExternalAbort, { once: true });

  const errors: string[] = [];
  const runStartMs = clock.monotonicMs();
  const startedAt = new Date(clock.wallMs()).toISOString();
  const finished = new AbortController(); // stops the ticker and the time limit
  void scheduler.sleepUntil(runStartMs + hardLimitMs, finished.signal).then(() => {
    if (!finished.signal.aborted) {
      log.warn(`hard time limit of ${hardLimitMs} ms reached; aborting the run`);
      abortRun("time-limit");
    }
  });

  emit({
    type: "run-started",
    startedAt,
    plannedDurationMs,
    scenarios: scenarios.map((s) => ({
      name: s.name,
      executor: s.executor,
      startMs: s.startMs,
      durationMs: s.durationMs,
    })),
  });

  let data: D = undefined as D;
  try {
    if (options.setup) data = await options.setup({ clock, signal: run.signal, log });
  } catch (e) {
    finished.abort();
    options.signal?.removeEventListener("abort", onExternalAbort);
    if (!run.signal.aborted) throw new Error(`setup() failed: ${(e as Error).message}`, { cause: e });
    errors.push(`setup() was aborted: ${(e as Error).message}`);
    data = undefined as D;
  }

  const t0 = clock.monotonicMs();
  registry.setOrigin(t0);
  let vuIds = 0;
  const nextVuId = (): number => ++vuIds;
  const globalTags = options.tags ?? {};
  const states: ScenarioState[] = [];
  const failedSeen = new Set<CompiledThreshold>();

  const reportFailures = (results: ThresholdResult[], elapsedMs: number, canAbort: boolean): void => {
    results.forEach((r, i) => {
      const t = thresholds[i] as CompiledThreshold;
      if (r.ok) return;
      const aborting = canAbort && t.abortOnFail && elapsedMs >= t.delayAbortEvalMs && !run.signal.aborted;
      if (!failedSeen.has(t) || aborting) {
        failedSeen.add(t);
        emit({ type: "threshold-failed", elapsedMs, result: r, aborting });
      }
      if (aborting) abortRun("threshold");
    });
  };

  const ticker = (async () => {
    for (let k = 1; ; k++) {
      await scheduler.sleepUntil(t0 + k * TICK_MS, finished.signal);
      if (finished.signal.aborted) return;
      const vus = states.reduce((n, s) => n + s.busy(), 0);
      const vusMax = states.reduce((n, s) => n + s.allocated(), 0);
      registry.view(globalTags).gauge("vus").add(vus);
      registry.view(globalTags).gauge("vus_max").add(vusMax);
      const elapsedMs = clock.monotonicMs() - t0;
      const closed = registry.closeSeconds();
      emit({
        type: "tick",
        second: closed - 1,
        elapsedMs,
        plannedDurationMs,
        vus,
        vusMax,
        metrics: registry.second(closed - 1),
      });
      if (k % (THRESHOLD_PERIOD_MS / TICK_MS) === 0 && thresholds.length > 0) {
        reportFailures(evaluateThresholds(thresholds, registry, elapsedMs), elapsedMs, true);
      }
    }
  })();

  const env: RunEnv<D> = { scheduler, registry, log, data, runSignal: run.signal, t0, interruptGraceMs, emit };
  await Promise.all(
    scenarios.map(async (sc) => {
      const state = makeState(sc, nextVuId);
      states.push(state);
      await runScenario(sc, state, { ...globalTags, ...sc.tags }, env);
    }),
  );
  const endMs = clock.monotonicMs();
  finished.abort();
  await ticker;

  if (options.teardown) {
    try {
      const teardownCtl = new AbortController();
      await options.teardown(data, { clock, signal: teardownCtl.signal, log });
    } catch (e) {
      const msg = `teardown() failed: ${(e as Error).message}`;
      errors.push(msg);
      log.error(msg);
    }
  }
  options.signal?.removeEventListener("abort", onExternalAbort);

  const durationMs = endMs - t0;
  const seconds = registry.closeAll(endMs);
  const results = evaluateThresholds(thresholds, registry, durationMs);
  reportFailures(results, durationMs, false);
  const metrics: Record<string, EngineMetric> = registry.summarize(durationMs);
  attachThresholds(metrics, results);
  const result: EngineResult = {
    schemaVersion: ENGINE_RESULT_SCHEMA_VERSION,
    engine: "node",
    startedAt,
    durationMs,
    aborted: abortReason !== undefined,
    ...(abortReason ? { abortReason } : {}),
    scenarios: Object.fromEntries(states.map((s, i) => [scenarios[i]?.name ?? String(i), s.summary])),
    metrics,
    series: { intervalMs: 1000, seconds, metrics: registry.series() },
    thresholds: { ok: results.every((r) => r.ok), results },
    errors,
  };
  emit({ type: "run-finished", result });
  return result;
}

interface RunEnv<D> {
  scheduler: Scheduler;
  registry: MetricRegistry;
  log: EngineLogger;
  data: D;
  runSignal: AbortSignal;
  t0: number;
  interruptGraceMs: number;
  emit: (e: EngineEvent) => void;
}

function makeState<D>(sc: NormalizedScenario<D>, nextVuId: () => number): ScenarioState {
  const summary: ScenarioSummary = {
    executor: sc.executor,
    startMs: sc.startMs,
    durationMs: sc.durationMs,
    iterations: 0,
    dropped: 0,
    interrupted: 0,
    errors: 0,
    vusAllocated: 0,
  };
  if (sc.kind === "arrival") {
    const pool = new VuPool(sc.preAllocatedVUs, sc.maxVUs, nextVuId);
    return { summary, pool, closedVus: [], closedBusy: 0, busy: () => pool.busy, allocated: () => pool.allocated };
  }
  const state: ScenarioState = {
    summary,
    closedVus: Array.from({ length: sc.vus }, nextVuId),
    closedBusy: 0,
    busy: () => state.closedBusy,
    allocated: () => state.closedVus.length,
  };
  return state;
}

/** Links `parent` into a new controller, so aborting the run interrupts the scenario too. */
function childController(parent: AbortSignal): { ctl: AbortController; dispose: () => void } {
  const ctl = new AbortController();
  setMaxListeners(0, ctl.signal);
  const onAbort = (): void => ctl.abort();
  if (parent.aborted) ctl.abort();
  else parent.addEventListener("abort", onAbort, { once: true });
  return { ctl, dispose: () => parent.removeEventListener("abort", onAbort) };
}

async function runScenario<D>(
  sc: NormalizedScenario<D>,
  state: ScenarioState,
  tags: Tags,
  env: RunEnv<D>,
): Promise<void> {
  const { scheduler, registry, runSignal } = env;
  const clock = scheduler.clock;
  const scenarioT0 = env.t0 + sc.startMs;
  await scheduler.sleepUntil(scenarioT0, runSignal);
  if (runSignal.aborted) {
    env.emit({
      type: "scenario-finished",
      scenario: sc.name,
      elapsedMs: clock.monotonicMs() - env.t0,
      summary: state.summary,
    });
    return;
  }
  env.emit({ type: "scenario-started", scenario: sc.name, elapsedMs: clock.monotonicMs() - env.t0 });
  const view = registry.view(tags);
  const iterations = view.counter("iterations");
  const dropped = view.counter("dropped_iterations");
  const iterationDuration = view.trend("iteration_duration", true);
  const deviation = view.trend("schedule_deviation", true);
  const { ctl: interrupt, dispose } = childController(runSignal);
  const interruptSignal = interrupt.signal;
  const inflight = new InflightCount();
  const summary = state.summary;
  const pool = state.pool;

  // One sleep for the scenario, so the iteration contexts hand out the same function (IterationContext).
  const sleep = (ms: number): Promise<void> => scheduler.sleepUntil(clock.monotonicMs() + ms, interruptSignal);

  // The hot path: one call per iteration. Hot closures are object-literal methods, not named arrows:
  // tsx (esbuild keepNames) wraps every named arrow in a `__name` defineProperty call, which cost ~10 %
  // of the CPU at 20k iterations/s (bench/engine.bench.ts profile).
  const runIteration = async (vu: number, iteration: number, stageIndex: number, intendedStartMs: number) => {
    const ctx: IterationContext<D> = {
      vu,
      iteration,
      scenario: sc.name,
      stageIndex,
      intendedStartMs,
      clock,
      metrics: view,
      tags,
      signal: interruptSignal,
      log: env.log,
      data: env.data,
      sleep,
      sinceIntendedStartMs() {
        return clock.monotonicMs() - intendedStartMs;
      },
    };
    try {
      await sc.exec(ctx);
    } catch (e) {
      if (!interruptSignal.aborted) {
        summary.errors++;
        // A broken scenario fails every iteration; log the first few, then count (the summary has the total).
        if (summary.errors <= MAX_LOGGED_ERRORS) {
          env.log.error(`scenario ${sc.name}, VU ${vu}, iteration ${iteration}: ${(e as Error).message}`);
          if (summary.errors === MAX_LOGGED_ERRORS) {
            env.log.error(`scenario ${sc.name}: further iteration errors are counted but not logged`);
          }
        }
      }
    } finally {
      // Arrival-rate iterations own their VU; closed VU loops are counted by their loop instead.
      if (pool) {
        pool.release(vu);
        inflight.done();
      }
    }
    if (interruptSignal.aborted) {
      summary.interrupted++;
      return;
    }
    summary.iterations++;
    iterations.add(1);
    iterationDuration.add(clock.monotonicMs() - intendedStartMs);
  };

  const scenarioEnd = scenarioT0 + sc.durationMs;
  if (sc.kind === "arrival") {
    const arrivalPool = pool as VuPool;
    const plan = sc.plan();
    for (let next = plan.next(); !next.done; next = plan.next()) {
      const { iteration, offsetMs, stageIndex } = next.value;
      const intended = scenarioT0 + offsetMs;
      let now = clock.monotonicMs();
      if (now < intended) {
        await scheduler.sleepUntil(intended, runSignal);
        now = clock.monotonicMs();
      }
      if (runSignal.aborted) break;
      const vu = arrivalPool.acquire();
      if (vu === undefined) {
        summary.dropped++;
        dropped.add(1);
        continue;
      }
      deviation.add(now - intended);
      inflight.add();
      void runIteration(vu, iteration, stageIndex, intended);
    }
    // The scenario lasts its full duration even when its last start came earlier (e.g. a ramp to 0).
    await scheduler.sleepUntil(scenarioEnd, runSignal);
  } else {
    for (const vu of state.closedVus) {
      inflight.add();
      void (async () => {
        state.closedBusy++;
        let sinceYield = 0;
        try {
          for (let n = 0; n < sc.iterationsPerVu; n++) {
            const start = clock.monotonicMs();
            if (start >= scenarioEnd || interruptSignal.aborted) break;
            // Closed model: the "intended" start is the actual one; there is no schedule to fall behind.
            await runIteration(vu, n, 0, start);
            // An iteration that never waited must not starve timers (and, on virtual time, must let it move).
            if (++sinceYield >= 64 || clock.monotonicMs() === start) {
              sinceYield = 0;
              await scheduler.yieldToLoop();
            }
          }
        } finally {
          state.closedBusy--;
          inflight.done();
        }
      })();
    }
    // Wait for every VU loop to finish, or for the scenario's end (then gracefulStop applies).
    await settleWithin(scheduler, inflight, scenarioEnd, runSignal);
  }

  // gracefulStop: in-flight iterations may finish; then they are interrupted (k6 semantics).
  if (inflight.size > 0 && !runSignal.aborted) {
    await settleWithin(scheduler, inflight, clock.monotonicMs() + sc.gracefulStopMs, runSignal);
  }
  if (inflight.size > 0) {
    interrupt.abort();
    await settleWithin(scheduler, inflight, clock.monotonicMs() + env.interruptGraceMs);
    if (inflight.size > 0) {
      env.log.warn(`scenario ${sc.name}: ${inflight.size} iteration(s) ignored the abort signal; abandoned`);
      summary.interrupted += inflight.size;
    }
  }
  dispose();
  summary.vusAllocated = state.allocated();
  env.emit({ type: "scenario-finished", scenario: sc.name, elapsedMs: clock.monotonicMs() - env.t0, summary });
}

/**
 * Counts running iterations (arrival-rate) or VU loops (closed) without a promise chain per iteration:
 * `whenIdle()` hands out one promise, resolved when the count next drops to zero.
 */
class InflightCount {
  size = 0;
  #idle: Promise<void> | undefined;
  #resolveIdle: (() => void) | undefined;

  add(): void {
    this.size++;
  }

  done(): void {
    if (--this.size === 0 && this.#resolveIdle) {
      this.#resolveIdle();
      this.#idle = this.#resolveIdle = undefined;
    }
  }

  whenIdle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    this.#idle ??= new Promise<void>((resolve) => {
      this.#resolveIdle = resolve;
    });
    return this.#idle;
  }
}

/** Waits until nothing is in flight or the deadline passes (or `signal` aborts); true if all settled. */
async function settleWithin(
  scheduler: Scheduler,
  inflight: InflightCount,
  deadlineMs: number,
  signal?: AbortSignal,
): Promise<boolean> {
  if (inflight.size === 0) return true;
  const stop = signal ? childController(signal) : { ctl: new AbortController(), dispose: () => {} };
  const all = inflight.whenIdle().then(() => true);
  const timeout = scheduler.sleepUntil(deadlineMs, stop.ctl.signal).then(() => false);
  const settled = await Promise.race([all, timeout]);
  stop.ctl.abort();
  stop.dispose();
  return settled;
}
