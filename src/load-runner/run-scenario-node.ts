/**
 * Runs a registered load scenario (load/scenarios/registry.ts) on the built-in engine (src/engine) against a
 * target, saves the EngineResult as `<outDir>/load-<scenario>.json` and returns the run summary's load scenario
 * entry with its findings. The plan, thresholds and metrics are exactly those the k6 bundles use (the scenario's
 * own `plan`), driven here asynchronously (`runFlowAsync`).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleepMs } from "node:timers/promises";
import { arrivalSpacingMs } from "../../load/scenarios/arrival-spacing.ts";
import { describeBodyViolation } from "../../load/scenarios/error-contract.ts";
import { runFlowAsync } from "../../load/scenarios/flow.ts";
import { findScenario, scenarioNames } from "../../load/scenarios/registry.ts";
import {
  type PlanContext,
  resultFileName,
  type ScenarioDefinition,
  type ScenarioPlan,
  type SpecAccess,
} from "../../load/scenarios/scenario-definition.ts";
import type { ScenarioPort } from "../../load/scenarios/scenario-port.ts";
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
import { type LoadOutcome, toLoadOutcome } from "./to-load-result.ts";

/** A scenario name (one registered in load/scenarios/registry.ts). */
export type LoadScenarioName = string;

/** Options of {@link runScenarioNode}. */
export interface RunScenarioNodeOptions {
  scenario: LoadScenarioName;
  /** Resolved target; `mock` and URL targets must carry `baseUrl`. */
  target: Target;
  /** Scenario option overrides (e.g. `{ rounds: 1 }`, `{ stageMs: 2000 }`). */
  options?: Record<string, unknown>;
  /** Real accounts: permit the steps above the documented limit (capped at 3 s each). */
  allowOverload?: boolean;
  /** Real accounts: permit loading an operation that writes. */
  allowWrites?: boolean;
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
  return buildScenarioTarget(
    target.kind,
    target.credentials,
    (id) => ({ ...locateProduct(target, id), settings: productTarget(target, id).settings }),
    [...target.products.keys()],
  );
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

/** The registered scenario `name`; a UsageError naming the known ones otherwise. */
export function scenarioNamed(name: string): ScenarioDefinition {
  const found = findScenario(name);
  if (found === undefined) throw new UsageError(`unknown scenario "${name}"; scenarios: ${scenarioNames().join(", ")}`);
  return found;
}

/** The compiled specs as scenarios read them. */
export function nodeSpecAccess(specs: LoadedSpecs): SpecAccess {
  const documents: Record<string, unknown> = {};
  for (const [id, p] of specs.products) documents[id] = p.spec.document;
  return {
    documents,
    bodyCheck(productId, operationId) {
      const op = specs.products.get(productId)?.spec.operations.get(operationId);
      if (op === undefined) return () => [`${operationId} is not in spec ${productId}`];
      return (status, body) => op.validateResponse(status, body, "application/json").map(describeBodyViolation);
    },
  };
}

/** The specgate command line's remedies, for a plan refused against a real account. */
const CLI_REMEDY = {
  accept: "--allow-overload",
  limit: "--option multipliers=[0.5,1] --option kneeSteps=0",
  writes: "--allow-writes",
} as const;

/** Plans `scenario` for a target, as `specgate load` does (bad options are UsageErrors). */
export function planFor(
  scenario: ScenarioDefinition,
  target: { kind: "mock" | "real" | "url" },
  given: Readonly<Record<string, unknown>>,
  o: {
    allowOverload?: boolean;
    allowWrites?: boolean;
    specs?: LoadedSpecs;
    runners?: number;
    /** The products the target reaches; omitted for `--merge`, which runs nothing. */
    targetProducts?: readonly string[];
  } = {},
): ScenarioPlan {
  const ctx: PlanContext = {
    targetKind: target.kind,
    allowOverload: o.allowOverload === true,
    allowWrites: o.allowWrites === true,
    remedy: CLI_REMEDY,
    specs: nodeSpecAccess(o.specs ?? loadSpecs()),
    runners: o.runners ?? 1,
    ...(o.targetProducts === undefined ? {} : { targetProducts: o.targetProducts }),
  };
  return wrapOptionError(() => scenario.plan(given, ctx));
}

/** Writes `result` to `<outDir>/load-<name>.json` (`resultFileName`, atomically); returns the path. */
export function saveResult(outDir: string, name: string, result: EngineResult): string {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, resultFileName(name));
  writeFileAtomicSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

/** The engine scenarios of a plan: each iteration runs the plan's `iterate` and keeps what it reports. */
function engineScenarios<D, R>(
  plan: ScenarioPlan<D, R>,
  target: ScenarioTarget,
  reports: R[],
): Parameters<typeof runLoad<D>>[0]["scenarios"] {
  const out: Parameters<typeof runLoad<D>>[0]["scenarios"] = {};
  for (const [name, config] of Object.entries(plan.scenarios)) {
    let port: ScenarioPort | undefined;
    let first: number | undefined;
    // An arrival-rate scenario started `iteration` spacings before an iteration's intended start; any other, when
    // its first iteration was meant to.
    const spacing = arrivalSpacingMs(config);
    out[name] = {
      ...(config as unknown as Parameters<typeof runLoad<D>>[0]["scenarios"][string]),
      exec: async (ctx: IterationContext<D>) => {
        port ??= createNodePort({
          clock: ctx.clock,
          sleep: ctx.sleep,
          metrics: ctx.metrics,
          definitions: plan.metrics,
          log: ctx.log,
        });
        first ??= ctx.intendedStartMs;
        const scenarioStartMs = spacing === undefined ? first : ctx.intendedStartMs - ctx.iteration * spacing;
        const it = { scenario: name, iteration: ctx.iteration, scenarioStartMs, intendedStartMs: ctx.intendedStartMs };
        const report = await runFlowAsync(plan.iterate(port, target, { ...it, data: ctx.data }));
        if (report !== undefined) reports.push(report);
      },
    };
  }
  return out;
}

/** Runs `o.scenario` on the built-in engine. Bad options are UsageErrors naming the option. */
export async function runScenarioNode(o: RunScenarioNodeOptions): Promise<ScenarioRunOutcome> {
  const target = toScenarioTarget(o.target);
  const scenario = scenarioNamed(o.scenario);
  const plan = planFor(scenario, o.target, o.options ?? {}, {
    allowOverload: o.allowOverload === true,
    allowWrites: o.allowWrites === true,
    ...(o.specs ? { specs: o.specs } : {}),
    targetProducts: Object.keys(target.products),
  });
  const name = plan.resultName ?? scenario.name;
  const log = o.log ?? stderrLogger;
  const clock = o.scheduler?.clock ?? systemClock;
  const hookPort = () => createNodePort({ clock, sleep: (ms) => sleepMs(ms), definitions: plan.metrics, log });
  const reports: unknown[] = [];
  const problems: string[] = [];
  const { setup, teardown } = plan;
  const engine = await runLoad<unknown>({
    ...(o.scheduler ? { scheduler: o.scheduler } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.onEvent ? { onEvent: o.onEvent } : {}),
    log,
    thresholds: plan.thresholds,
    subMetrics: [...plan.exports],
    ...(setup ? { setup: () => runFlowAsync(setup(hookPort(), target)) } : {}),
    ...(teardown
      ? {
          teardown: async (data: unknown) => {
            if (data !== undefined) problems.push(...(await runFlowAsync(teardown(hookPort(), target, data))));
          },
        }
      : {}),
    scenarios: engineScenarios(plan, target, reports),
  });
  engine.options = { ...plan.options };
  const file = saveResult(o.outDir ?? "reports", name, engine);
  return { ...toLoadOutcome(name, plan, engine, reports, problems), engineResult: engine, resultFile: file };
}
