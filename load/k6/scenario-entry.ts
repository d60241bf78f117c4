/**
 * The k6 side of any registered scenario (load/scenarios/registry.ts): `npm run build:k6` writes one small entry
 * per scenario that hands its definition and the specs it reads to {@link k6Scenario} and re-exports what k6
 * calls (src/load-runner/build-k6-bundles.ts). Run as
 *   k6 run -e SPECGATE_TARGET=http://127.0.0.1:PORT [-e SPECGATE_LOAD_OPTIONS='{"operation":"…"}'] load/dist/<scenario>.js
 * Against a real account (SPECGATE_TARGET=real) a plan above a documented limit needs -e SPECGATE_ALLOW_OVERLOAD=1,
 * and loading an operation that writes -e SPECGATE_ALLOW_WRITES=1.
 * Distributed runs (k6-operator `parallelism: N`): -e SPECGATE_RUNNERS=N; the scenarios keep the full rates (k6
 * gives each runner its execution segment) and each runner judges its share.
 * An iteration's report (e.g. an eviction round) goes to the log as one `SPECGATE_REPORT {json}` line, which
 * `specgate load --engine k6` reads: k6 cannot pass values from VU code to teardown or handleSummary
 * (docs/peer-conventions.md#setup-and-teardown-data).
 */
import exec from "k6/execution";
import { OPENAPI_FORMATS } from "../../src/openapi/openapi-formats.ts";
import { arrivalSpacingMs } from "../scenarios/arrival-spacing.ts";
import { checkBodiesWith, type GeneratedValidator } from "../scenarios/error-contract.ts";
import { EXPORT_ONLY_EXPRESSIONS } from "../scenarios/export-only-thresholds.ts";
import { runFlowSync } from "../scenarios/flow.ts";
import { REPORT_MARKER } from "../scenarios/report-marker.ts";
import type { ScenarioDefinition, ScenarioPlan, SpecAccess } from "../scenarios/scenario-definition.ts";
import { readTargetFromEnv } from "../scenarios/target-env.ts";
import { k6Crypto } from "./k6-crypto.ts";
import { createK6Port, declareMetrics, K6_SYSTEM_TAGS } from "./k6-port.ts";
import { readOptionsEnv, summaryOutputs } from "./k6-summary.ts";

/** A spec a bundle carries: its document and its generated validators module. */
export interface BundledSpec {
  document: unknown;
  validators: { create(formats: Readonly<Record<string, unknown>>): Record<string, GeneratedValidator> };
}

function bundledSpecAccess(specs: Readonly<Record<string, BundledSpec>>): SpecAccess {
  // Built when a plan asks, in the init context (building them inside an iteration would stall that VU mid-run),
  // and only for the specs the plan uses: every VU runs the init, and the bundle may carry many specs.
  const created = new Map<string, Record<string, GeneratedValidator>>();
  const documents: Record<string, unknown> = {};
  for (const [id, s] of Object.entries(specs)) documents[id] = s.document;
  return {
    documents,
    bodyCheck(productId, operationId) {
      const spec = specs[productId];
      if (spec === undefined) return () => [`spec ${productId} is not in this bundle`];
      let validators = created.get(productId);
      if (validators === undefined) {
        validators = spec.validators.create(OPENAPI_FORMATS);
        created.set(productId, validators);
      }
      return checkBodiesWith(validators, operationId, spec.document);
    },
  };
}

function runnerCount(env: { [name: string]: string | undefined }): number {
  const runners = Number(env.SPECGATE_RUNNERS ?? "1");
  if (!Number.isInteger(runners) || runners < 1)
    throw new Error(`SPECGATE_RUNNERS must be an integer ≥ 1, got "${env.SPECGATE_RUNNERS}"`);
  return runners;
}

/** Thresholds plus the export-only ones that bring the plan's sub-metrics into k6's summary. */
function withExports(plan: ScenarioPlan): Record<string, string[]> {
  const thresholds: Record<string, string[]> = { ...plan.thresholds };
  const latency = new Set(plan.metrics.filter((m) => m.kind === "trend").map((m) => m.name));
  for (const key of plan.exports) {
    const metric = key.split("{")[0] ?? key;
    thresholds[key] ??= [(latency.has(metric) ? EXPORT_ONLY_EXPRESSIONS[1] : EXPORT_ONLY_EXPRESSIONS[0]) as string];
  }
  return thresholds;
}

/** What a scenario's bundle exports to k6. */
export function k6Scenario(definition: ScenarioDefinition, specs: Readonly<Record<string, BundledSpec>>) {
  const target = readTargetFromEnv(__ENV);
  const plan = definition.plan(readOptionsEnv(__ENV), {
    targetKind: target.kind,
    allowOverload: __ENV.SPECGATE_ALLOW_OVERLOAD === "1",
    allowWrites: __ENV.SPECGATE_ALLOW_WRITES === "1",
    remedy: {
      accept: "-e SPECGATE_ALLOW_OVERLOAD=1",
      limit: `-e SPECGATE_LOAD_OPTIONS='{"multipliers":[0.5,1],"kneeSteps":0}'`,
      writes: "-e SPECGATE_ALLOW_WRITES=1",
    },
    specs: bundledSpecAccess(specs),
    runners: runnerCount(__ENV),
    targetProducts: Object.keys(target.products),
  });
  const port = createK6Port(declareMetrics(plan.metrics), k6Crypto);
  // Arrival-rate scenarios space intended starts timeUnit/rate apart; other executors start iterations when due.
  const spacings = new Map(Object.entries(plan.scenarios).map(([name, s]) => [name, arrivalSpacingMs(s)]));
  const scenarios: Record<string, object> = {};
  for (const [name, s] of Object.entries(plan.scenarios)) scenarios[name] = { ...s, exec: "iterate" };
  const { setup, teardown } = plan;
  return {
    options: {
      scenarios,
      thresholds: withExports(plan),
      summaryTrendStats: ["avg", "min", "med", "max", "p(90)", "p(95)", "p(99)", "count"],
      systemTags: [...K6_SYSTEM_TAGS],
      discardResponseBodies: false,
      setupTimeout: "60s",
      teardownTimeout: "60s",
    },
    setup: (): unknown => (setup ? runFlowSync(setup(port, target)) : undefined),
    teardown(data: unknown): void {
      if (teardown && data !== undefined) for (const p of runFlowSync(teardown(port, target, data))) console.warn(p);
    },
    iterate(data: unknown): void {
      const name = exec.scenario.name;
      if (!spacings.has(name)) throw new Error(`${definition.name} has no scenario ${name}`);
      const spacing = spacings.get(name);
      const scenarioStartMs = exec.scenario.startTime;
      const iteration = exec.scenario.iterationInTest;
      const intendedStartMs = spacing === undefined ? Date.now() : scenarioStartMs + iteration * spacing;
      const report = runFlowSync(
        plan.iterate(port, target, { scenario: name, iteration, scenarioStartMs, intendedStartMs, data }),
      );
      if (report !== undefined) console.log(`${REPORT_MARKER}${JSON.stringify(report)}`);
    },
    handleSummary(data: unknown): Record<string, string> {
      return summaryOutputs(
        plan.resultName ?? definition.name,
        data,
        __ENV,
        (r) => {
          const v = plan.judge(r, [], []);
          return [v.text, ...v.findings.map((f) => `FAIL ${f}`), ...v.notes].join("\n");
        },
        plan.options,
      );
    },
  };
}
