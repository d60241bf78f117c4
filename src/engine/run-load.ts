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
import { type MetricHandle, MetricRegistry, type MetricsView, type Tags } from "./metric-registry.ts";
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
  const plan = planRun(options, clock);
  const { scenarios, thresholds, registry, plannedDurationMs } = plan;
  const emit = guardEmit(options.onEvent, log);
  const abort = linkRunAbort(options.signal);

  const errors: string[] = [];
  const runStartMs = clock.monotonicMs();
  const startedAt = new Date(clock.wallMs()).toISOString();
  const finished = new AbortController(); // stops the ticker and the time limit
  void scheduler.sleepUntil(runStartMs + plan.hardLimitMs, finished.signal).then(() => {
    if (!finished.signal.aborted) {
      log.warn(`hard time limit of ${plan.hardLimitMs} ms reached; aborting the run`);
      abort.abortRun("time-limit");
    }
  });
  emit(runStartedEvent(startedAt, plan));

  const data = await runSetup(options, { clock, signal: abort.signal, log }, errors, () => {
    finished.abort();
    abort.dispose();
  });

  const t0 = clock.monotonicMs();
  registry.setOrigin(t0);
  let vuIds = 0;
  const nextVuId = (): number => ++vuIds;
  const globalTags = options.tags ?? {};
  const states: ScenarioState[] = [];
  const reportFailures = thresholdReporter(thresholds, abort, emit);
  const ticker = runTicker(
    { scheduler, registry, t0, plannedDurationMs, globalTags, states, thresholds },
    {
      stop: finished.signal,
      emit,
      reportFailures,
    },
  );

  const env: RunEnv<D> = {
    scheduler,
    registry,
    log,
    data,
    runSignal: abort.signal,
    t0,
    interruptGraceMs: plan.interruptGraceMs,
    emit,
  };
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

  await runTeardown(options, data, { clock, log }, errors);
  abort.dispose();

  const durationMs = endMs - t0;
  const seconds = registry.closeAll(endMs);
  const results = evaluateThresholds(thresholds, registry, durationMs);
  reportFailures(results, durationMs, false);
  const metrics: Record<string, EngineMetric> = registry.summarize(durationMs);
  attachThresholds(metrics, results);
  const abortReason = abort.reason();
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

/** What {@link runLoad} derives from its options before anything runs; throws for invalid options. */
interface RunPlan<D> {
  scenarios: NormalizedScenario<D>[];
  thresholds: CompiledThreshold[];
  registry: MetricRegistry;
  interruptGraceMs: number;
  plannedDurationMs: number;
  hardLimitMs: number;
}

function planRun<D>(options: RunLoadOptions<D>, clock: Scheduler["clock"]): RunPlan<D> {
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
  return { scenarios, thresholds, registry, interruptGraceMs, plannedDurationMs, hardLimitMs };
}

/** Delivers events to the listener; a listener that throws is logged, never stops the run. */
function guardEmit(onEvent: EngineEventListener | undefined, log: EngineLogger): (event: EngineEvent) => void {
  return (event) => {
    try {
      onEvent?.(event);
    } catch (e) {
      log.warn(`an event listener threw on "${event.type}": ${(e as Error).message}`);
    }
  };
}

/** The run's abort: the first reason wins; an external signal (Ctrl-C) aborts it too until `dispose()`. */
interface RunAbort {
  signal: AbortSignal;
  abortRun: (reason: AbortReason) => void;
  reason: () => AbortReason | undefined;
  dispose: () => void;
}

function linkRunAbort(external: AbortSignal | undefined): RunAbort {
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
  if (external?.aborted) abortRun("signal");
  external?.addEventListener("abort", onExternalAbort, { once: true });
  return {
    signal: run.signal,
    abortRun,
    reason: () => abortReason,
    dispose: () => external?.removeEventListener("abort", onExternalAbort),
  };
}

function runStartedEvent<D>(startedAt: string, plan: RunPlan<D>): EngineEvent {
  return {
    type: "run-started",
    startedAt,
    plannedDurationMs: plan.plannedDurationMs,
    scenarios: plan.scenarios.map((s) => ({
      name: s.name,
      executor: s.executor,
      startMs: s.startMs,
      durationMs: s.durationMs,
    })),
  };
}

/**
 * Runs `setup()`. When it throws, `onFail` runs first; then a run that was not aborted rejects, and an
 * aborted one carries on (to its results) with no data and the error noted.
 */
async function runSetup<D>(
  options: RunLoadOptions<D>,
  hook: HookContext,
  errors: string[],
  onFail: () => void,
): Promise<D> {
  try {
    if (options.setup) return await options.setup(hook);
  } catch (e) {
    onFail();
    if (!hook.signal.aborted) throw new Error(`setup() failed: ${(e as Error).message}`, { cause: e });
    errors.push(`setup() was aborted: ${(e as Error).message}`);
  }
  return undefined as D;
}

/** Runs `teardown()` with a signal of its own (it also runs after an abort); a failure is logged and noted. */
async function runTeardown<D>(
  options: RunLoadOptions<D>,
  data: D,
  hook: Omit<HookContext, "signal">,
  errors: string[],
): Promise<void> {
  if (!options.teardown) return;
  try {
    const teardownCtl = new AbortController();
    await options.teardown(data, { ...hook, signal: teardownCtl.signal });
  } catch (e) {
    const msg = `teardown() failed: ${(e as Error).message}`;
    errors.push(msg);
    hook.log.error(msg);
  }
}

type FailureReporter = (results: ThresholdResult[], elapsedMs: number, canAbort: boolean) => void;

/**
 * Emits `threshold-failed` once per threshold (again when it aborts the run), and aborts the run for an
 * `abortOnFail` threshold past its `delayAbortEval` when `canAbort` (the periodic checks, not the final one).
 */
function thresholdReporter(
  thresholds: readonly CompiledThreshold[],
  abort: RunAbort,
  emit: (e: EngineEvent) => void,
): FailureReporter {
  const failedSeen = new Set<CompiledThreshold>();
  return (results, elapsedMs, canAbort) => {
    results.forEach((r, i) => {
      const t = thresholds[i] as CompiledThreshold;
      if (r.ok) return;
      const aborting = canAbort && t.abortOnFail && elapsedMs >= t.delayAbortEvalMs && !abort.signal.aborted;
      if (!failedSeen.has(t) || aborting) {
        failedSeen.add(t);
        emit({ type: "threshold-failed", elapsedMs, result: r, aborting });
      }
      if (aborting) abort.abortRun("threshold");
    });
  };
}

/** What the once-a-second ticker reads. */
interface TickerState {
  scheduler: Scheduler;
  registry: MetricRegistry;
  t0: number;
  plannedDurationMs: number;
  globalTags: Tags;
  states: readonly ScenarioState[];
  thresholds: readonly CompiledThreshold[];
}

/**
 * Once a second until `stop`: samples the VU gauges, closes the second and emits a `tick`; every
 * THRESHOLD_PERIOD_MS checks the thresholds (which may abort the run).
 */
async function runTicker(
  run: TickerState,
  io: { stop: AbortSignal; emit: (e: EngineEvent) => void; reportFailures: FailureReporter },
): Promise<void> {
  const { scheduler, registry, t0, states, thresholds } = run;
  for (let k = 1; ; k++) {
    await scheduler.sleepUntil(t0 + k * TICK_MS, io.stop);
    if (io.stop.aborted) return;
    const vus = states.reduce((n, s) => n + s.busy(), 0);
    const vusMax = states.reduce((n, s) => n + s.allocated(), 0);
    registry.view(run.globalTags).gauge("vus").add(vus);
    registry.view(run.globalTags).gauge("vus_max").add(vusMax);
    const elapsedMs = scheduler.clock.monotonicMs() - t0;
    const closed = registry.closeSeconds();
    io.emit({
      type: "tick",
      second: closed - 1,
      elapsedMs,
      plannedDurationMs: run.plannedDurationMs,
      vus,
      vusMax,
      metrics: registry.second(closed - 1),
    });
    if (k % (THRESHOLD_PERIOD_MS / TICK_MS) === 0 && thresholds.length > 0) {
      io.reportFailures(evaluateThresholds(thresholds, registry, elapsedMs), elapsedMs, true);
    }
  }
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

/** The built-in metrics a scenario records into, with its tags. */
interface ScenarioMetrics {
  iterations: MetricHandle;
  dropped: MetricHandle;
  iterationDuration: MetricHandle;
  deviation: MetricHandle;
}

/** What a scenario's loops, its iterations and its stop share. */
interface ScenarioRun<D> {
  sc: NormalizedScenario<D>;
  state: ScenarioState;
  env: RunEnv<D>;
  metrics: ScenarioMetrics;
  scenarioT0: number;
  scenarioEnd: number;
  inflight: InflightCount;
  interrupt: AbortController;
  runIteration: IterationRunner;
}

type ArrivalScenario<D> = Extract<NormalizedScenario<D>, { kind: "arrival" }>;

type IterationRunner = (vu: number, iteration: number, stageIndex: number, intendedStartMs: number) => Promise<void>;

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
  const metrics: ScenarioMetrics = {
    iterations: view.counter("iterations"),
    dropped: view.counter("dropped_iterations"),
    iterationDuration: view.trend("iteration_duration", true),
    deviation: view.trend("schedule_deviation", true),
  };
  const { ctl: interrupt, dispose } = childController(runSignal);
  const inflight = new InflightCount();
  const run: ScenarioRun<D> = {
    sc,
    state,
    env,
    metrics,
    scenarioT0,
    scenarioEnd: scenarioT0 + sc.durationMs,
    inflight,
    interrupt,
    runIteration: iterationRunner(sc, state, { view, tags, metrics, inflight, signal: interrupt.signal }, env),
  };
  if (sc.kind === "arrival") await runArrivals(run, sc.plan());
  else await runClosedVus(run, sc.iterationsPerVu);
  await stopScenario(run);
  dispose();
  state.summary.vusAllocated = state.allocated();
  env.emit({
    type: "scenario-finished",
    scenario: sc.name,
    elapsedMs: clock.monotonicMs() - env.t0,
    summary: state.summary,
  });
}

/** The function that runs one iteration of `sc`: the hot path, one call per iteration. */
function iterationRunner<D>(
  sc: NormalizedScenario<D>,
  state: ScenarioState,
  shared: { view: MetricsView; tags: Tags; metrics: ScenarioMetrics; inflight: InflightCount; signal: AbortSignal },
  env: RunEnv<D>,
): IterationRunner {
  const { view, tags, metrics, inflight, signal: interruptSignal } = shared;
  const clock = env.scheduler.clock;
  const { summary, pool } = state;
  // One sleep for the scenario, so the iteration contexts hand out the same function (IterationContext).
  const sleep = (ms: number): Promise<void> => env.scheduler.sleepUntil(clock.monotonicMs() + ms, interruptSignal);

  // Hot closures are object-literal methods, not named arrows: tsx (esbuild keepNames) wraps every named
  // arrow in a `__name` defineProperty call, which cost ~10 % of the CPU at 20k iterations/s
  // (bench/engine.bench.ts profile).
  return async (vu, iteration, stageIndex, intendedStartMs) => {
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
      if (!interruptSignal.aborted)
        countIterationError(sc.name, summary, env.log, `VU ${vu}, iteration ${iteration}`, e);
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
    metrics.iterations.add(1);
    metrics.iterationDuration.add(clock.monotonicMs() - intendedStartMs);
  };
}

/** Counts a failed iteration. A broken scenario fails every iteration; log the first few, then count. */
function countIterationError(
  scenario: string,
  summary: ScenarioSummary,
  log: EngineLogger,
  where: string,
  error: unknown,
): void {
  summary.errors++;
  // The summary has the total.
  if (summary.errors > MAX_LOGGED_ERRORS) return;
  log.error(`scenario ${scenario}, ${where}: ${(error as Error).message}`);
  if (summary.errors === MAX_LOGGED_ERRORS) {
    log.error(`scenario ${scenario}: further iteration errors are counted but not logged`);
  }
}

/**
 * Arrival rate: sleeps to each planned start on the absolute timeline and starts the iteration on a free VU,
 * or drops it when every VU is busy; then waits out the scenario's duration.
 */
async function runArrivals<D>(run: ScenarioRun<D>, plan: ReturnType<ArrivalScenario<D>["plan"]>): Promise<void> {
  const { env, metrics, inflight, scenarioT0 } = run;
  const { scheduler, runSignal } = env;
  const clock = scheduler.clock;
  const summary = run.state.summary;
  const arrivalPool = run.state.pool as VuPool;
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
      metrics.dropped.add(1);
      continue;
    }
    metrics.deviation.add(now - intended);
    inflight.add();
    void run.runIteration(vu, iteration, stageIndex, intended);
  }
  // The scenario lasts its full duration even when its last start came earlier (e.g. a ramp to 0).
  await scheduler.sleepUntil(run.scenarioEnd, runSignal);
}

/** Closed model: every VU loops over its iterations; waits for the loops, or for the scenario's end. */
async function runClosedVus<D>(run: ScenarioRun<D>, iterationsPerVu: number): Promise<void> {
  for (const vu of run.state.closedVus) {
    run.inflight.add();
    void runClosedVu(run, vu, iterationsPerVu);
  }
  // Wait for every VU loop to finish, or for the scenario's end (then gracefulStop applies).
  await settleWithin(run.env.scheduler, run.inflight, run.scenarioEnd, run.env.runSignal);
}

async function runClosedVu<D>(run: ScenarioRun<D>, vu: number, iterationsPerVu: number): Promise<void> {
  const { state, env } = run;
  const { scheduler } = env;
  const clock = scheduler.clock;
  const interruptSignal = run.interrupt.signal;
  state.closedBusy++;
  let sinceYield = 0;
  try {
    for (let n = 0; n < iterationsPerVu; n++) {
      const start = clock.monotonicMs();
      if (start >= run.scenarioEnd || interruptSignal.aborted) break;
      // Closed model: the "intended" start is the actual one; there is no schedule to fall behind.
      await run.runIteration(vu, n, 0, start);
      // An iteration that never waited must not starve timers (and, on virtual time, must let it move).
      if (++sinceYield >= 64 || clock.monotonicMs() === start) {
        sinceYield = 0;
        await scheduler.yieldToLoop();
      }
    }
  } finally {
    state.closedBusy--;
    run.inflight.done();
  }
}

/** gracefulStop: in-flight iterations may finish; then they are interrupted (k6 semantics). */
async function stopScenario<D>(run: ScenarioRun<D>): Promise<void> {
  const { sc, env, inflight } = run;
  const { scheduler, runSignal } = env;
  const clock = scheduler.clock;
  if (inflight.size > 0 && !runSignal.aborted) {
    await settleWithin(scheduler, inflight, clock.monotonicMs() + sc.gracefulStopMs, runSignal);
  }
  if (inflight.size > 0) {
    run.interrupt.abort();
    await settleWithin(scheduler, inflight, clock.monotonicMs() + env.interruptGraceMs);
    if (inflight.size > 0) {
      env.log.warn(`scenario ${sc.name}: ${inflight.size} iteration(s) ignored the abort signal; abandoned`);
      run.state.summary.interrupted += inflight.size;
    }
  }
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
