/**
 * A load scenario as one value (issue 13): its name, help, options, plan (k6-shaped scenarios, thresholds,
 * metrics, the iteration), result shape and report section. Scenarios are registered once
 * (load/scenarios/registry.ts); the built-in engine (src/load-runner/run-scenario-node.ts), the k6 bundles
 * (src/load-runner/build-k6-bundles.ts, load/k6/scenario-entry.ts), `--merge` and the reports read them from there.
 * Everything here runs on Node and inside k6 alike: no Node modules.
 */
import type { EngineResult } from "../../src/engine/engine-result.ts";
import type { ScenarioSection, SectionKind } from "../../src/report/section-view.ts";
import type { Flow } from "./flow.ts";
import type { MetricDefinition, ScenarioPort } from "./scenario-port.ts";
import type { ScenarioSeries } from "./scenario-series.ts";
import type { ScenarioTarget } from "./scenario-target.ts";

/** A k6 scenario without `exec` (each engine adds its own). */
export type K6ScenarioShape = Record<string, unknown> & { executor: string };

/** What the spec documents say, as a scenario reads them (Node: compiled specs; k6: bundled ones). */
export interface SpecAccess {
  /** Every loaded spec document by product id (`live`, `sls`, …). */
  documents: Readonly<Record<string, unknown>>;
  /**
   * The check of a response body of `operationId` against the spec `productId` (messages, empty when it holds).
   * Ask for it while planning: k6 builds a spec's validators then, in its init context, and only for the specs a
   * plan uses.
   */
  bodyCheck(productId: string, operationId: string): (status: number, body: unknown) => string[];
}

/** Where and how a plan is made. */
export interface PlanContext {
  targetKind: "mock" | "real" | "url";
  /** Real accounts: the user accepted load above a documented limit. */
  allowOverload: boolean;
  /** Real accounts: the user accepted that the scenario sends operations that write. */
  allowWrites: boolean;
  /**
   * How this engine's user accepts overload (`accept`) or writes (`writes`), and limits the plan instead
   * (`limit`), for refusal messages.
   */
  remedy: { accept: string; limit: string; writes: string };
  specs: SpecAccess;
  /** Distributed k6 runs: how many runners share the plan (each judges its share); 1 otherwise. */
  runners: number;
  /** The products the target reaches (its endpoints), when planning for a run; undefined for `--merge`. */
  targetProducts?: readonly string[];
}

/** One iteration as a scenario sees it, on either engine. */
export interface ScenarioIteration<D> {
  /** k6 scenario name within the plan. */
  scenario: string;
  /** 0-based iteration of that scenario across the test. */
  iteration: number;
  /** When the scenario started, on the port clock. */
  scenarioStartMs: number;
  /** When this iteration should have started, on the port clock. */
  intendedStartMs: number;
  data: D;
}

/** A scenario's run converted for the summary (see src/load-runner/to-load-result.ts). */
export interface ScenarioVerdict {
  sections: ScenarioSection[];
  /** Why it failed, one sentence each, beyond the thresholds' own lines. */
  findings: string[];
  notes: string[];
  /** Whether the scenario's own analysis failed the run (thresholds are judged besides). */
  failed: boolean;
  /** Terminal text (a table). */
  text: string;
}

/** A planned run: what both engines execute and judge. `D` is setup's data, `R` what an iteration reports. */
export interface ScenarioPlan<D = unknown, R = unknown> {
  /** The resolved options; recorded in the result (`--merge` re-plans from them). */
  options: Record<string, unknown>;
  /**
   * The name the run goes by in the summary, the gate's step and the result file, when the options make it another
   * run than the scenario's default (rate-limit of another operation: `rate-limit:DeleteEventSub`); default the
   * scenario's name.
   */
  resultName?: string;
  scenarios: Record<string, K6ScenarioShape>;
  thresholds: Record<string, string[]>;
  /** Sub-metrics the verdict reads besides the thresholds' (k6 exports them as always-true thresholds). */
  exports: readonly string[];
  metrics: readonly MetricDefinition[];
  series: ScenarioSeries;
  /** Measured windows runners of a distributed run must start within a tenth of (ms); none: no check. */
  alignWindowMs?: number;
  setup?(port: ScenarioPort, target: ScenarioTarget): Flow<D>;
  teardown?(port: ScenarioPort, target: ScenarioTarget, data: D): Flow<string[]>;
  iterate(port: ScenarioPort, target: ScenarioTarget, it: ScenarioIteration<D>): Flow<R | undefined>;
  /** Converts a finished run (what the iterations reported, teardown's problems) into its verdict. */
  judge(engine: EngineResult, reports: readonly R[], problems: readonly string[]): ScenarioVerdict;
}

/** A scenario. */
export interface ScenarioDefinition<D = unknown, R = unknown> {
  name: string;
  /** One line for `specgate load --help`. */
  summary: string;
  /** Option names for the help. */
  optionNames: readonly string[];
  /**
   * The spec documents the k6 bundle carries: product ids, or every spec in specs/ with an operation that has the
   * extension named (`{ withExtension: "x-qps-limit" }`: the specs with a documented limit).
   */
  specs: readonly string[] | { withExtension: string };
  /** Whether `--merge` can judge a distributed run of it. */
  mergeable: boolean;
  /** The report sections it writes. */
  sections: readonly SectionKind[];
  /** Resolves `given` options (throws RangeError naming a bad one) and plans the run. */
  plan(given: Readonly<Record<string, unknown>>, ctx: PlanContext): ScenarioPlan<D, R>;
}

/** Widens a scenario's type for the registry. */
export function defineScenario<D, R>(d: ScenarioDefinition<D, R>): ScenarioDefinition {
  return d as unknown as ScenarioDefinition;
}

/**
 * The result file of a run named `name` (`load-rate-limit.json`, `load-rate-limit.DeleteEventSub.json` for
 * `rate-limit:DeleteEventSub`: no colon, which some file systems refuse), in both engines' report folder.
 */
export function resultFileName(name: string): string {
  return `load-${name.replace(/:/g, ".")}.json`;
}
