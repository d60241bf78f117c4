/**
 * The versioned JSON result of a load run, written by this engine and converted from k6's
 * `handleSummary` data (`from-k6-summary.ts`), so reports read one shape for both engines.
 * `metrics` is a superset of k6's legacy `data.metrics` (docs/peer-conventions.md#end-of-test-summary): each entry
 * keeps `type`, `contains`, `values` and `thresholds: { expr: { ok } }`, and adds `observed`.
 */
import type { MetricContains, MetricSeries, MetricType } from "./metric-registry.ts";
import type { ThresholdResult } from "./thresholds.ts";

/** Bumped on any incompatible change to {@link EngineResult}. */
export const ENGINE_RESULT_SCHEMA_VERSION = 1;

/** Why a run ended early. */
export type AbortReason = "signal" | "threshold" | "time-limit";

/** One metric (or sub-metric `name{tag:value}`) in k6's summary shape plus observed threshold values. */
export interface EngineMetric {
  type: MetricType;
  contains: MetricContains;
  /**
   * Trend: count, avg, min, med, max, p(90), p(95), p(99) (ms for time trends);
   * counter: count, rate (per second); rate: rate, passes, fails; gauge: value, min, max.
   * Values from k6 carry whatever its `summaryTrendStats` produced.
   */
  values: Record<string, number>;
  /** Thresholds on this exact key: expression → outcome. */
  thresholds?: Record<string, { ok: boolean; observed: number | null }>;
}

/** Per-scenario outcome (open-model accounting). */
export interface ScenarioSummary {
  executor: string;
  /** Offset from the run start (k6 `startTime`). */
  startMs: number;
  /** Planned duration (k6 `duration`, sum of stages, or `maxDuration`). */
  durationMs: number;
  /** Iterations that ran to the end, successfully or with an error. */
  iterations: number;
  /** Iterations not started because no VU was free (k6 `dropped_iterations`). */
  dropped: number;
  /** Iterations cut off by gracefulStop or an abort. */
  interrupted: number;
  /** Iterations whose function threw. */
  errors: number;
  /** VUs allocated by the end (≤ maxVUs). */
  vusAllocated: number;
}

/** Per-second columns for charts; index i covers [i, i+1) s after the scenarios started. */
export interface EngineSeries {
  intervalMs: 1000;
  seconds: number;
  metrics: Record<string, MetricSeries>;
}

/** The result of one run (schema version 1). */
export interface EngineResult {
  schemaVersion: 1;
  engine: "node" | "k6";
  /** ISO time the run started, or null when unknown (k6 summaries do not say). */
  startedAt: string | null;
  /** From the scenarios' start to the end of the last scenario. */
  durationMs: number;
  aborted: boolean;
  abortReason?: AbortReason;
  scenarios: Record<string, ScenarioSummary>;
  metrics: Record<string, EngineMetric>;
  series: EngineSeries;
  thresholds: { ok: boolean; results: ThresholdResult[] };
  /** Errors outside iterations (setup/teardown), as messages. */
  errors: string[];
  /**
   * The scenario options the run used, after defaults (for the rate limit: the whole account's plan, also on a
   * runner of a distributed run). Lets `specgate load rate-limit --merge` judge runners by the plan they ran.
   */
  options?: Record<string, unknown>;
}

/** Attaches threshold outcomes to the metrics they name (k6's `metrics[name].thresholds`). */
export function attachThresholds(metrics: Record<string, EngineMetric>, results: readonly ThresholdResult[]): void {
  for (const r of results) {
    const m = metrics[r.metric];
    if (!m) continue;
    m.thresholds ??= {};
    m.thresholds[r.expression] = { ok: r.ok, observed: r.observed };
  }
}
