/**
 * The `rate-limit` scenario as a value (load/scenarios/scenario-definition.ts): plan, thresholds and analysis
 * of load/scenarios/rate-limit.ts and rate-limit-report.ts, its summary section (`rate-limit`: the documented
 * limit and the stage table) and how the reports read it.
 */
import type { EngineResult } from "../../src/engine/engine-result.ts";
import { formatNumber } from "../../src/report/format-values.ts";
import type { RateLimitStage } from "../../src/report/rate-limit-stage.ts";
import { emptyView, type SectionKind, type SectionView } from "../../src/report/section-view.ts";
import { errorContractFromSpec } from "./error-contract.ts";
import {
  guardRealOverload,
  planRateLimit,
  RATE_LIMIT,
  RATE_LIMIT_METRICS,
  RATE_LIMIT_OPERATION,
  RATE_LIMIT_SERIES,
  type RateLimitOptions,
  rateLimitExports,
  rateLimitRequest,
  rateLimitScenarios,
  rateLimitThresholds,
  readRateLimitFromSpec,
  resolveRateLimitOptions,
} from "./rate-limit.ts";
import { analyzeRateLimit, formatRateLimitTable } from "./rate-limit-report.ts";
import { defineScenario, type PlanContext, type SpecAccess } from "./scenario-definition.ts";

/** The summary section of a rate-limit run. */
export interface RateLimitSectionData {
  /** The documented limit, requests per second. */
  limitRps: number;
  operation: string;
  stages: RateLimitStage[];
}

/** The spec (product id) and limit of `operationId`: the first loaded spec that documents a limit for it. */
export function findDocumentedLimit(
  specs: SpecAccess,
  operationId: string,
): { productId: string; limitRps: number; action: string; version: string } {
  const problems: string[] = [];
  for (const [productId, document] of Object.entries(specs.documents)) {
    try {
      return { productId, ...readRateLimitFromSpec(document, operationId) };
    } catch (e) {
      const message = (e as Error).message;
      if (!message.includes("is not in the spec")) problems.push(message);
    }
  }
  throw new RangeError(
    problems[0] ??
      `rate-limit option operation: ${operationId} is in none of the specs (${Object.keys(specs.documents).join(", ")}); name an operation with a documented limit (x-qps-limit)`,
  );
}

function stageTable(stages: readonly RateLimitStage[]): SectionView["tables"][number] {
  const headers = ["Stage", "Offered req/s", "Sent", "Admitted", "Admitted req/s", "Throttled", "Errors", "Dropped"];
  return {
    headers: [...headers, "p50 ms", "p95 ms", "p99 ms"],
    numeric: [false, true, true, true, true, false, true, true, true, true, true],
    rows: stages.map((st) => {
      const throttled = Object.entries(st.throttled);
      return [
        st.name,
        formatNumber(st.offeredRps),
        String(st.sent),
        String(st.admitted),
        formatNumber(st.admitted / (st.durationMs / 1000)),
        throttled.length === 0 ? "0" : throttled.map(([k, n]) => `${k} ${n}`).join(", "),
        String(st.errors),
        String(st.dropped),
        formatNumber(st.latency.p50, 1),
        formatNumber(st.latency.p95, 1),
        formatNumber(st.latency.p99, 1),
      ];
    }),
  };
}

/** How the reports read a `rate-limit` section. */
export const RATE_LIMIT_SECTION: SectionKind = {
  kind: "rate-limit",
  view(data) {
    const d = data as RateLimitSectionData;
    const stages = d.stages ?? [];
    return {
      ...emptyView(),
      facts: [`${d.operation}: documented limit ${formatNumber(d.limitRps)} req/s`],
      tables: stages.length > 0 ? [stageTable(stages)] : [],
      charts: [
        {
          kind: "rate",
          title: "Rate limit: offered vs admitted vs throttled per stage",
          hasData: stages.length > 0,
          emptyText: "No rate-limit stages were recorded.",
        },
      ],
      chartData: { stages, limitRps: d.limitRps },
    };
  },
};

/** Resolved options for `given`, the spec's limit for its operation, and the real-account guard. */
function resolveOptions(given: Readonly<Record<string, unknown>>, ctx: PlanContext) {
  const { operation = RATE_LIMIT_OPERATION, ...rest } = given as { operation?: unknown } & Record<string, unknown>;
  if (typeof operation !== "string" || operation === "")
    throw new RangeError(`rate-limit option operation: ${JSON.stringify(operation)} is not an operation name`);
  const documented = findDocumentedLimit(ctx.specs, operation);
  const fromSpec = { limitRps: documented.limitRps, action: documented.action, version: documented.version };
  const o = resolveRateLimitOptions(fromSpec, rest as Partial<RateLimitOptions>);
  const guarded = ctx.targetKind === "real" ? guardRealOverload(o, ctx.allowOverload, ctx.remedy) : o;
  return { o: guarded, operation, productId: documented.productId };
}

function planOf(given: Readonly<Record<string, unknown>>, ctx: PlanContext) {
  const { o, operation, productId } = resolveOptions(given, ctx);
  const steps = planRateLimit(o);
  // Distributed runs: every runner keeps the full rates (k6 gives each its execution segment) and judges its
  // share of the limit.
  const judged: RateLimitOptions = { ...o, limitRps: o.limitRps / ctx.runners };
  const judgedSteps = steps.map((s) => ({ ...s, rateRps: s.rateRps / ctx.runners }));
  const contract = errorContractFromSpec(ctx.specs.documents[productId], operation, (status, body) =>
    ctx.specs.checkBody(productId, operation, status, body),
  );
  const byScenario = new Map(steps.map((s) => [s.scenario, s]));
  const windows = steps.filter((s) => s.kind === "stage" && s.multiplier > 1).map((s) => s.durationMs - s.settleMs);
  return {
    options: { ...o, ...(operation === RATE_LIMIT_OPERATION ? {} : { operation }) },
    scenarios: rateLimitScenarios(steps),
    thresholds: rateLimitThresholds(judged, judgedSteps),
    exports: rateLimitExports(steps),
    metrics: RATE_LIMIT_METRICS,
    series: RATE_LIMIT_SERIES,
    ...(windows.length > 0 ? { alignWindowMs: Math.min(...windows) } : {}),
    *iterate(
      port: Parameters<typeof rateLimitRequest>[0],
      target: Parameters<typeof rateLimitRequest>[1],
      it: { scenario: string; scenarioStartMs: number; intendedStartMs: number },
    ) {
      const step = byScenario.get(it.scenario);
      if (step === undefined) throw new Error(`rate-limit has no step ${it.scenario}`);
      yield* rateLimitRequest(port, target, o, contract, {
        step,
        stepStartMs: it.scenarioStartMs,
        intendedStartMs: it.intendedStartMs,
      });
      return undefined;
    },
    judge(engine: EngineResult) {
      const analysis = analyzeRateLimit(judged, judgedSteps, engine.metrics);
      const stages: RateLimitStage[] = analysis.stages.map(({ admittedRps: _a, ...s }) => s);
      const data: RateLimitSectionData = { limitRps: judged.limitRps, operation, stages };
      return {
        sections: [{ kind: RATE_LIMIT_SECTION.kind, data }],
        findings: analysis.findings,
        notes: analysis.notes,
        failed: analysis.findings.length > 0,
        text: [
          `${operation}: documented limit ${judged.limitRps}/s${ctx.runners > 1 ? ` (this runner's share of ${o.limitRps}/s)` : ""}`,
          formatRateLimitTable(analysis),
        ].join("\n"),
      };
    },
  };
}

/** The scenario. */
export const RATE_LIMIT_SCENARIO = defineScenario({
  name: RATE_LIMIT,
  summary: "an operation (default Live ListEventSubEvent) at 0.5×–4× its documented limit, knee search, recovery",
  optionNames: [
    "operation",
    "multipliers",
    "stageMs",
    "settleMs",
    "jitterBudgetMs",
    "recoveryMs",
    "kneeSteps",
    "kneeStepMs",
    "tolerance",
  ],
  specs: ["live"],
  mergeable: true,
  sections: [RATE_LIMIT_SECTION],
  plan: planOf,
});
