/**
 * What an iteration function receives. Mirrors what a k6 iteration can reach (`k6/execution`'s
 * vu/scenario ids, `k6/metrics`, tags), plus the open-model timing this engine measures: the
 * intended start on the absolute schedule, so scenario code can measure latency from it
 * (docs/design.md#measure-from-the-intended-start).
 */
import type { Clock } from "../core/clock.ts";
import type { MetricsView, Tags } from "./metric-registry.ts";

/** Where the engine and scenarios write diagnostics (never secrets). */
export interface EngineLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A logger that writes warnings and errors to stderr and drops info lines. */
export const stderrLogger: EngineLogger = {
  info: () => {},
  warn: (m) => console.error(`warn: ${m}`),
  error: (m) => console.error(`error: ${m}`),
};

/**
 * The context of one iteration. `D` is the value `setup()` returned. `clock`, `metrics`, `tags`, `signal`,
 * `log`, `data` and `sleep` are the same values for every iteration of a scenario, so helpers built from
 * them (a scenario's HTTP port) can be built once per scenario rather than per iteration.
 */
export interface IterationContext<D = unknown> {
  /** VU number, 1-based and unique across the run (k6 `exec.vu.idInTest`). */
  readonly vu: number;
  /** 0-based iteration number within the scenario (k6 `exec.scenario.iterationInTest`). */
  readonly iteration: number;
  /** Scenario name. */
  readonly scenario: string;
  /** Ramping stage the iteration was scheduled in (0 for other executors). */
  readonly stageIndex: number;
  /**
   * When the iteration should have started, on `clock.monotonicMs()`; for closed executors the
   * actual start. Measure latency from here, not from when the request went out.
   */
  readonly intendedStartMs: number;
  /** The run's clock. */
  readonly clock: Clock;
  /** Metrics, with `tags` applied to every sample. */
  readonly metrics: MetricsView;
  /** The scenario's tags plus `scenario: <name>`. */
  readonly tags: Tags;
  /** Aborted when the run is aborted (Ctrl-C, abortOnFail, time limit) or the iteration is interrupted. */
  readonly signal: AbortSignal;
  /** Diagnostics. */
  readonly log: EngineLogger;
  /** What `setup()` returned (undefined without a setup hook). */
  readonly data: D;
  /** Waits `ms` on the run's scheduler (virtual in tests); resolves early when `signal` aborts. */
  sleep(ms: number): Promise<void>;
  /** Milliseconds from `intendedStartMs` to now: the open-model latency of work done so far. */
  sinceIntendedStartMs(): number;
}

/** An iteration function; async, like a k6 default function that awaits its requests. */
export type IterationFn<D = unknown> = (ctx: IterationContext<D>) => void | Promise<void>;

/** What `setup()` and `teardown()` receive. */
export interface HookContext {
  readonly clock: Clock;
  /** Aborted with the run (for setup) ; teardown gets a signal that only its own time limit aborts. */
  readonly signal: AbortSignal;
  readonly log: EngineLogger;
}
