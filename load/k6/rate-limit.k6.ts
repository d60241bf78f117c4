/**
 * k6 entry point of the `rate-limit` scenario (load/scenarios/rate-limit.ts), Live ListEventSubEvent:
 *   k6 run -e SPECGATE_TARGET=http://127.0.0.1:PORT load/dist/rate-limit.js
 * The documented limit is read from the bundled spec (`x-qps-limit` in specs/live.openapi.json, inlined
 * by esbuild). Against a real account (SPECGATE_TARGET=real) the steps above the limit need
 * -e SPECGATE_ALLOW_OVERLOAD=1 and are capped at 3 s each. For distributed runs (k6-operator,
 * `parallelism: N`) set -e SPECGATE_RUNNERS=N: the scenarios keep the full rates (k6 itself gives each
 * runner its execution segment, ≈ 1/N of every rate), and each runner judges its share against limit/N.
 */
import exec from "k6/execution";
import liveSpec from "../../specs/live.openapi.json";
import liveValidators from "../../specs/live.validators.cjs";
import { OPENAPI_FORMATS } from "../../src/openapi/openapi-formats.ts";
import { checkBodiesWith, errorContractFromSpec } from "../scenarios/error-contract.ts";
import { runFlowSync } from "../scenarios/flow.ts";
import {
  EXPORT_ONLY_EXPRESSIONS,
  guardRealOverload,
  planRateLimit,
  RATE_LIMIT_METRICS,
  RATE_LIMIT_OPERATION,
  type RateLimitOptions,
  rateLimitExports,
  rateLimitRequest,
  rateLimitScenarios,
  rateLimitThresholds,
  readRateLimitFromSpec,
  resolveRateLimitOptions,
  scheduledRate,
} from "../scenarios/rate-limit.ts";
import { analyzeRateLimit, formatRateLimitTable } from "../scenarios/rate-limit-report.ts";
import { readTargetFromEnv } from "../scenarios/target-env.ts";
import { k6Crypto } from "./k6-crypto.ts";
import { createK6Port, declareMetrics, K6_SYSTEM_TAGS } from "./k6-port.ts";
import { readOptionsEnv, summaryOutputs } from "./k6-summary.ts";

const target = readTargetFromEnv(__ENV);
const runners = Number(__ENV.SPECGATE_RUNNERS ?? "1");
if (!Number.isInteger(runners) || runners < 1)
  throw new Error(`SPECGATE_RUNNERS must be an integer ≥ 1, got "${__ENV.SPECGATE_RUNNERS}"`);
const documented = readRateLimitFromSpec(liveSpec, RATE_LIMIT_OPERATION);
// The plan keeps the account-wide rates: k6 already splits every arrival rate across N runners
// (execution segments), so scaling the rates here too would offer the account 1/N of each multiple.
const givenOptions = resolveRateLimitOptions(documented, readOptionsEnv(__ENV) as Partial<RateLimitOptions>);
// The same real-account guard as `specgate load` (src/load-runner/run-scenario-node.ts: rateLimitOptionsFor).
const rateOptions =
  target.kind === "real"
    ? guardRealOverload(givenOptions, __ENV.SPECGATE_ALLOW_OVERLOAD === "1", {
        accept: "-e SPECGATE_ALLOW_OVERLOAD=1",
        limit: `-e SPECGATE_LOAD_OPTIONS='{"multipliers":[0.5,1],"kneeSteps":0}'`,
      })
    : givenOptions;
const steps = planRateLimit(rateOptions);
// What this runner sees of the plan: its share of every rate and of the limit, which its thresholds and
// its summary judge (the same as the whole plan when it runs alone).
const runnerOptions: RateLimitOptions = { ...rateOptions, limitRps: rateOptions.limitRps / runners };
const runnerSteps = steps.map((s) => ({ ...s, rateRps: s.rateRps / runners }));
// Throttled bodies are checked by the spec's Ajv validators, generated ahead of time (Ajv cannot compile in k6).
const contract = errorContractFromSpec(
  liveSpec,
  RATE_LIMIT_OPERATION,
  checkBodiesWith(liveValidators.create(OPENAPI_FORMATS), RATE_LIMIT_OPERATION, liveSpec),
);
const port = createK6Port(declareMetrics(RATE_LIMIT_METRICS), k6Crypto);
const stepByScenario = Object.fromEntries(steps.map((s) => [s.scenario, s]));

const thresholds: Record<string, string[]> = rateLimitThresholds(runnerOptions, runnerSteps);
for (const key of rateLimitExports(steps)) {
  // An always-true threshold is how a sub-metric gets into k6's summary data.
  thresholds[key] ??= [
    key.startsWith("admitted_latency_ms")
      ? (EXPORT_ONLY_EXPRESSIONS[1] as string)
      : (EXPORT_ONLY_EXPRESSIONS[0] as string),
  ];
}
const scenarios: Record<string, object> = {};
for (const [name, s] of Object.entries(rateLimitScenarios(steps)))
  scenarios[name] = { ...s, exec: "rateLimitIteration" };

/** k6 options: one constant-arrival-rate scenario per step, back to back. */
export const options = {
  scenarios,
  thresholds,
  summaryTrendStats: ["avg", "min", "med", "max", "p(90)", "p(95)", "p(99)", "count"],
  systemTags: [...K6_SYSTEM_TAGS],
  discardResponseBodies: false,
};

/**
 * One request at its intended start. k6 spaces constant-arrival-rate starts evenly (i · timeUnit / rate), and
 * `iterationInTest` counts across all runners, so the full-rate step gives the start on every runner.
 */
export function rateLimitIteration(): void {
  const step = stepByScenario[exec.scenario.name];
  if (step === undefined) throw new Error(`unknown scenario ${exec.scenario.name}`);
  const stepStartMs = exec.scenario.startTime;
  const intendedStartMs = stepStartMs + (exec.scenario.iterationInTest * 1000) / scheduledRate(step);
  runFlowSync(rateLimitRequest(port, target, rateOptions, contract, { step, stepStartMs, intendedStartMs }));
}

/** Writes reports/load-rate-limit.json (EngineResult) and the stage table. */
export function handleSummary(data: unknown): Record<string, string> {
  return summaryOutputs(
    "rate-limit",
    data,
    __ENV,
    (r) => {
      const a = analyzeRateLimit(runnerOptions, runnerSteps, r.metrics);
      return [formatRateLimitTable(a), ...a.findings.map((f) => `FAIL ${f}`), ...a.notes].join("\n");
    },
    rateOptions,
  );
}
