/**
 * Runs a load scenario on the built-in engine (src/engine) against a target, saves the EngineResult as
 * `<outDir>/load-<scenario>.json` and returns the run summary's load scenario entry with its findings.
 * The scenario logic, options, thresholds and metrics are exactly those the k6 scripts use
 * (load/scenarios/*), driven here asynchronously (`runFlowAsync`).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleepMs } from "node:timers/promises";
import { describeBodyViolation, errorContractFromSpec } from "../../load/scenarios/error-contract.ts";
import { runFlowAsync } from "../../load/scenarios/flow.ts";
import {
  deleteEvictionGroups,
  EVICTION_METRICS,
  type EvictionOptions,
  type EvictionRoundReport,
  type EvictionSetupData,
  evictionScenario,
  evictionThresholds,
  HEARTBEAT_EVICTION,
  planEvictionGroups,
  resolveEvictionOptions,
  runEvictionRound,
} from "../../load/scenarios/heartbeat-eviction.ts";
import {
  guardRealOverload,
  planRateLimit,
  RATE_LIMIT,
  RATE_LIMIT_METRICS,
  RATE_LIMIT_OPERATION,
  type RateLimitOptions,
  REAL_OVERLOAD_CAP_MS,
  rateLimitExports,
  rateLimitRequest,
  rateLimitScenarios,
  rateLimitThresholds,
  resolveRateLimitOptions,
  scheduledRate,
} from "../../load/scenarios/rate-limit.ts";
import type { MetricDefinition, ScenarioPort } from "../../load/scenarios/scenario-port.ts";
import { buildScenarioTarget, type ScenarioTarget } from "../../load/scenarios/scenario-target.ts";
import { locateProduct, productTarget, type Target } from "../client/target.ts";
import { systemClock } from "../core/clock.ts";
import { UsageError } from "../core/usage-error.ts";
import { writeFileAtomicSync } from "../core/write-file-atomic.ts";
import type { EngineEventListener } from "../engine/engine-events.ts";
import type { EngineResult } from "../engine/engine-result.ts";
import { type EngineLogger, type IterationContext, stderrLogger } from "../engine/iteration-context.ts";
import { runLoad } from "../engine/run-load.ts";
import type { Scheduler } from "../engine/scheduler.ts";
import { type LoadedSpecs, loadSpecs } from "../openapi/load-specs.ts";
import { createNodePort } from "./node-port.ts";
import { type LoadOutcome, toEvictionOutcome, toRateLimitOutcome } from "./to-load-result.ts";

/** The scenarios `specgate load` runs. */
export const LOAD_SCENARIOS = [HEARTBEAT_EVICTION, RATE_LIMIT] as const;
/** A scenario name. */
export type LoadScenarioName = (typeof LOAD_SCENARIOS)[number];

/** The operation the rate-limit scenario loads, and the real-account step cap (shared with the k6 script). */
export { RATE_LIMIT_OPERATION, REAL_OVERLOAD_CAP_MS };

/** Options of {@link runScenarioNode}. */
export interface RunScenarioNodeOptions {
  scenario: LoadScenarioName;
  /** Resolved target; `mock` and URL targets must carry `baseUrl`. */
  target: Target;
  /** Scenario option overrides (e.g. `{ rounds: 1 }`, `{ stageMs: 2000 }`). */
  options?: Record<string, unknown>;
  /** Real accounts: permit the steps above the documented limit (capped at 3 s each). */
  allowOverload?: boolean;
  /** Where `load-<scenario>.json` goes; default `reports`. */
  outDir?: string;
  specs?: LoadedSpecs;
  signal?: AbortSignal;
  onEvent?: EngineEventListener;
  log?: EngineLogger;
  /** Engine scheduler (tests); default real time. */
  scheduler?: Scheduler;
}

/** What a run produced. */
export interface ScenarioRunOutcome extends LoadOutcome {
  engineResult: EngineResult;
  /** Path of the saved EngineResult JSON. */
  resultFile: string;
}

/** The plain target scenario code uses (connect address and Host per product). */
export function toScenarioTarget(target: Target): ScenarioTarget {
  if (target.kind !== "real" && target.baseUrl === undefined)
    throw new Error(`the ${target.kind} target has no address yet; start the mock first (withBaseUrl)`);
  return buildScenarioTarget(target.kind, target.credentials, (id) => ({
    ...locateProduct(target, id),
    settings: productTarget(target, id).settings,
  }));
}

/** Runs an option resolver, turning its RangeError (a bad option, named in the message) into a UsageError. */
export function wrapOptionError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(e.message);
    throw e;
  }
}

/** Resolves the rate-limit options for a target from the spec (limit, operation) and overrides. */
export function rateLimitOptionsFor(
  specs: LoadedSpecs,
  target: { kind: string },
  given: Record<string, unknown>,
  allowOverload: boolean,
): RateLimitOptions {
  const op = specs.spec("live").operations.get(RATE_LIMIT_OPERATION);
  if (op?.qpsLimit === undefined || op.rpc === undefined)
    throw new Error(
      `${RATE_LIMIT_OPERATION} has no x-qps-limit/x-rpc in specs/live.openapi.json; run npm run gen:specs`,
    );
  return wrapOptionError(() => {
    const o = resolveRateLimitOptions(
      { limitRps: op.qpsLimit as number, action: op.rpc?.action as string, version: op.rpc?.version as string },
      given as Partial<RateLimitOptions>,
    );
    if (target.kind !== "real") return o;
    return guardRealOverload(o, allowOverload, {
      accept: "--allow-overload",
      limit: "--option multipliers=[0.5,1] --option kneeSteps=0",
    });
  });
}

/** The HTTP port of one scenario, built at its first iteration (what it takes is the same for all of them). */
function scenarioPort(ctx: IterationContext<unknown>, definitions: readonly MetricDefinition[]): ScenarioPort {
  return createNodePort({ clock: ctx.clock, sleep: ctx.sleep, metrics: ctx.metrics, definitions, log: ctx.log });
}

/** Writes `result` to `<outDir>/load-<scenario>.json` (atomically); returns the path. */
export function saveResult(outDir: string, scenario: string, result: EngineResult): string {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `load-${scenario}.json`);
  writeFileAtomicSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

async function runEviction(o: RunScenarioNodeOptions, target: ScenarioTarget): Promise<ScenarioRunOutcome> {
  const opts = wrapOptionError(() => resolveEvictionOptions((o.options ?? {}) as Partial<EvictionOptions>));
  const log = o.log ?? stderrLogger;
  const clock = o.scheduler?.clock ?? systemClock;
  const rounds: EvictionRoundReport[] = [];
  const teardownProblems: string[] = [];
  let origin: number | undefined;
  let port: ScenarioPort | undefined;
  const hookPort = () => createNodePort({ clock, sleep: (ms) => sleepMs(ms), definitions: EVICTION_METRICS, log });
  const engine = await runLoad<EvictionSetupData>({
    ...(o.scheduler ? { scheduler: o.scheduler } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.onEvent ? { onEvent: o.onEvent } : {}),
    log,
    thresholds: evictionThresholds(opts),
    setup: () => planEvictionGroups(hookPort(), opts),
    teardown: async (data) => {
      if (data) teardownProblems.push(...(await runFlowAsync(deleteEvictionGroups(hookPort(), target, data))));
    },
    scenarios: {
      eviction: {
        ...evictionScenario(opts),
        exec: async (ctx) => {
          origin ??= ctx.intendedStartMs;
          port ??= scenarioPort(ctx, EVICTION_METRICS);
          rounds.push(await runFlowAsync(runEvictionRound(port, target, opts, ctx.data, ctx.iteration, origin)));
        },
      },
    },
  });
  engine.options = { ...opts };
  const file = saveResult(o.outDir ?? "reports", HEARTBEAT_EVICTION, engine);
  return { ...toEvictionOutcome(engine, opts, rounds, teardownProblems), engineResult: engine, resultFile: file };
}

async function runRateLimit(o: RunScenarioNodeOptions, target: ScenarioTarget): Promise<ScenarioRunOutcome> {
  const specs = o.specs ?? loadSpecs();
  const opts = rateLimitOptionsFor(specs, o.target, o.options ?? {}, o.allowOverload === true);
  const op = specs.spec("live").operations.get(RATE_LIMIT_OPERATION);
  if (op === undefined) throw new Error(`${RATE_LIMIT_OPERATION} is not in specs/live.openapi.json`);
  const contract = errorContractFromSpec(specs.spec("live").document, RATE_LIMIT_OPERATION, (status, body) =>
    op.validateResponse(status, body, "application/json").map(describeBodyViolation),
  );
  const steps = planRateLimit(opts);
  const byScenario = new Map(steps.map((s) => [s.scenario, s]));
  const log = o.log ?? stderrLogger;
  const scenarios: Parameters<typeof runLoad>[0]["scenarios"] = {};
  for (const [name, s] of Object.entries(rateLimitScenarios(steps))) {
    const step = byScenario.get(name);
    if (step === undefined) continue;
    let port: ScenarioPort | undefined;
    scenarios[name] = {
      ...s,
      exec: async (ctx) => {
        port ??= scenarioPort(ctx, RATE_LIMIT_METRICS);
        const stepStartMs = ctx.intendedStartMs - (ctx.iteration * 1000) / scheduledRate(step);
        await runFlowAsync(
          rateLimitRequest(port, target, opts, contract, { step, stepStartMs, intendedStartMs: ctx.intendedStartMs }),
        );
      },
    };
  }
  const engine = await runLoad({
    ...(o.scheduler ? { scheduler: o.scheduler } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.onEvent ? { onEvent: o.onEvent } : {}),
    log,
    scenarios,
    thresholds: rateLimitThresholds(opts, steps),
    subMetrics: rateLimitExports(steps),
  });
  engine.options = { ...opts };
  const file = saveResult(o.outDir ?? "reports", RATE_LIMIT, engine);
  return { ...toRateLimitOutcome(engine, opts, steps), engineResult: engine, resultFile: file };
}

/** Runs `o.scenario` on the built-in engine. Bad options are UsageErrors naming the option. */
export async function runScenarioNode(o: RunScenarioNodeOptions): Promise<ScenarioRunOutcome> {
  const target = toScenarioTarget(o.target);
  return o.scenario === HEARTBEAT_EVICTION ? runEviction(o, target) : runRateLimit(o, target);
}
