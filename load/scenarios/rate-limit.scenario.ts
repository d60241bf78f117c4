/**
 * The `rate-limit` scenario as a value (load/scenarios/scenario-definition.ts): plan, thresholds and analysis
 * of load/scenarios/rate-limit.ts and rate-limit-report.ts for the operation named by the `operation` option (any
 * RPC operation of a loaded spec with a documented limit, operation-call.ts; default ListEventSubEvent), its summary
 * section (`rate-limit`: the operation, its documented limit and window, the stage table) and how the reports read
 * it. Against a real account a write needs the user's opt-in (`--allow-writes`), as overload does.
 */
import type { EngineResult } from "../../src/engine/engine-result.ts";
import { formatNumber } from "../../src/report/format-values.ts";
import type { RateLimitStage } from "../../src/report/rate-limit-stage.ts";
import { emptyView, type SectionKind, type SectionView } from "../../src/report/section-view.ts";
import { errorContractFromSpec } from "./error-contract.ts";
import { type OperationCall, operationCall } from "./operation-call.ts";
import {
  type DocumentedLimit,
  guardRealOverload,
  limitPerSecond,
  perWindow,
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
  readDocumentedLimit,
  resolveRateLimitOptions,
} from "./rate-limit.ts";
import { analyzeRateLimit, formatRateLimitTable, slidingWindowFindings } from "./rate-limit-report.ts";
import { defineScenario, type PlanContext, type SpecAccess } from "./scenario-definition.ts";
import { specOperationOf } from "./spec-operation.ts";

/** The summary section of a rate-limit run. */
export interface RateLimitSectionData {
  /** The documented limit as requests per second (the rate chart's line). */
  limitRps: number;
  operation: string;
  /** The documented limit per its window, when the window is not a second (schemaVersion 2). */
  window?: { limit: number; ms: number };
  stages: RateLimitStage[];
}

/** The spec (product id) and limit of `operationId`: the first loaded spec that documents a limit for it. */
export function findDocumentedLimit(specs: SpecAccess, operationId: string): DocumentedLimit & { productId: string } {
  const problems: string[] = [];
  for (const [productId, document] of Object.entries(specs.documents)) {
    if (specOperationOf(document, operationId) === undefined) continue;
    try {
      return { productId, ...readDocumentedLimit(document, operationId) };
    } catch (e) {
      problems.push((e as Error).message);
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

function documentedLimitText(d: RateLimitSectionData): string {
  return d.window === undefined || d.window.ms === 1000
    ? `${formatNumber(d.limitRps)} req/s`
    : `${formatNumber(d.window.limit)} req${perWindow(d.window.ms)}`;
}

/** How the reports read a `rate-limit` section. */
export const RATE_LIMIT_SECTION: SectionKind = {
  kind: "rate-limit",
  view(data) {
    const d = data as RateLimitSectionData;
    const stages = d.stages ?? [];
    return {
      ...emptyView(),
      facts: [`${d.operation}: documented limit ${documentedLimitText(d)}`],
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

/** The CLI's and the k6 script's words for the opt-ins, in messages. */
function writeRefusal(call: OperationCall, remedy: PlanContext["remedy"]): string {
  return `rate-limit: ${call.operationId} writes (${call.access.reason}); loading it against a real account changes what the account holds: pass ${remedy.writes} to accept, or name a read-only operation`;
}

/** Resolved options for `given`, the spec's limit for its operation, the request, and the real-account guards. */
function resolveOptions(given: Readonly<Record<string, unknown>>, ctx: PlanContext) {
  const { operation = RATE_LIMIT_OPERATION, ...rest } = given as { operation?: unknown } & Record<string, unknown>;
  if (typeof operation !== "string" || operation === "")
    throw new RangeError(`rate-limit option operation: ${JSON.stringify(operation)} is not an operation name`);
  const documented = findDocumentedLimit(ctx.specs, operation);
  const { productId, ...fromSpec } = documented;
  const call = operationCall(ctx.specs.documents[productId] as Record<string, unknown>, productId, operation);
  if (ctx.targetProducts !== undefined && !ctx.targetProducts.includes(productId))
    throw new RangeError(
      `rate-limit: the target has no endpoint of product ${productId} (${operation}); it knows ${ctx.targetProducts.join(", ")}: k6 scripts know the products with a module (src/products/registry.ts), run it on the built-in engine`,
    );
  const o = resolveRateLimitOptions(fromSpec, rest as Partial<RateLimitOptions>);
  if (ctx.targetKind !== "real") return { o, operation, productId, call };
  if (call.access.creates)
    throw new RangeError(
      `rate-limit: ${operation} creates a resource with every admitted request, thousands in a run, which the scenario could not delete afterwards; load it against the mock, or name an operation that does not create`,
    );
  if (call.access.kind === "write" && !ctx.allowWrites) throw new RangeError(writeRefusal(call, ctx.remedy));
  return { o: guardRealOverload(o, ctx.allowOverload, ctx.remedy), operation, productId, call };
}

/** The name a run of `operation` goes by in the summary: `rate-limit`, or `rate-limit:<Operation>` for another. */
export function rateLimitResultName(operation: string): string {
  return operation === RATE_LIMIT_OPERATION ? RATE_LIMIT : `${RATE_LIMIT}:${operation}`;
}

/** The run's per-second admitted counts (both engines fill them; a merged run has none). */
function admittedSeries(engine: EngineResult): number[] {
  return engine.series?.metrics?.admitted_requests?.count ?? [];
}

function planOf(given: Readonly<Record<string, unknown>>, ctx: PlanContext) {
  const { o, operation, productId, call } = resolveOptions(given, ctx);
  const steps = planRateLimit(o);
  // Distributed runs: every runner keeps the full rates (k6 gives each its execution segment) and judges its
  // share of the limit.
  const judged: RateLimitOptions = { ...o, limit: o.limit / ctx.runners };
  const judgedSteps = steps.map((s) => ({ ...s, rateRps: s.rateRps / ctx.runners }));
  const contract = errorContractFromSpec(
    ctx.specs.documents[productId],
    operation,
    ctx.specs.bodyCheck(productId, operation),
  );
  const byScenario = new Map(steps.map((s) => [s.scenario, s]));
  const windows = steps.filter((s) => s.kind === "stage" && s.multiplier > 1).map((s) => s.durationMs - s.settleMs);
  const unit = perWindow(o.windowMs);
  return {
    options: { ...o, operation },
    resultName: rateLimitResultName(operation),
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
      yield* rateLimitRequest(port, target, call, contract, {
        step,
        stepStartMs: it.scenarioStartMs,
        intendedStartMs: it.intendedStartMs,
      });
      return undefined;
    },
    judge(engine: EngineResult) {
      const analysis = analyzeRateLimit(judged, judgedSteps, engine.metrics);
      const findings = [...analysis.findings, ...slidingWindowFindings(judged, admittedSeries(engine))];
      const stages: RateLimitStage[] = analysis.stages.map(({ admittedRps: _a, ...s }) => s);
      const data: RateLimitSectionData = {
        limitRps: limitPerSecond(judged),
        operation,
        ...(judged.windowMs === 1000 ? {} : { window: { limit: judged.limit, ms: judged.windowMs } }),
        stages,
      };
      const undocumented =
        contract.throttlingStatuses.length === 0
          ? [
              `${operation}: the spec documents no throttling answer (no error response with a Throttling code), so throttled answers were held to the gateway's codes only, not to a status and body`,
            ]
          : [];
      return {
        sections: [{ kind: RATE_LIMIT_SECTION.kind, data }],
        findings,
        notes: [...analysis.notes, ...undocumented],
        failed: findings.length > 0,
        text: [
          `${operation}: documented limit ${judged.limit}${unit}${ctx.runners > 1 ? ` (this runner's share of ${o.limit}${unit})` : ""}`,
          formatRateLimitTable(analysis),
        ].join("\n"),
      };
    },
  };
}

/** The scenario. */
export const RATE_LIMIT_SCENARIO = defineScenario({
  name: RATE_LIMIT,
  summary:
    "an operation with a documented limit (default Live ListEventSubEvent; --operation OP) below and above its limit per second or per minute, knee search, recovery",
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
    "windowMs",
  ],
  specs: { withExtension: "x-qps-limit" },
  mergeable: true,
  sections: [RATE_LIMIT_SECTION],
  plan: planOf,
});
