/**
 * EngineResult (either engine) + what the scenario reported → the run summary's load scenario entry
 * (`LoadScenarioResult`, src/report/run-summary.ts), plus the findings that explain each failure in words.
 * Pure: the node runner and the k6 runner both end here, so the reports cannot tell the engines apart
 * except by the `engine` field (the k6 runner fills the per-second series from k6's metric stream).
 */

import {
  EVICTION_SERIES,
  type EvictionOptions,
  type EvictionRoundReport,
  explainEvictionRound,
  HEARTBEAT_EVICTION,
} from "../../load/scenarios/heartbeat-eviction.ts";
import {
  gatingThresholds as gatingOf,
  RATE_LIMIT,
  RATE_LIMIT_SERIES,
  type RateLimitOptions,
  type RateStep,
} from "../../load/scenarios/rate-limit.ts";
import { analyzeRateLimit, type RateLimitAnalysis } from "../../load/scenarios/rate-limit-report.ts";
import type { ScenarioSeries } from "../../load/scenarios/scenario-series.ts";
import type { EngineResult } from "../engine/engine-result.ts";
import type { MetricSeries } from "../engine/metric-registry.ts";
import type {
  EvictionResult,
  LoadScenarioResult,
  MetricSummary,
  RateLimitStage,
  ThresholdResult,
  TimeSeries,
} from "../report/run-summary.ts";

/** A converted scenario run. */
export interface LoadOutcome {
  result: LoadScenarioResult;
  passed: boolean;
  /** Why it failed, one sentence each (empty when it passed). */
  findings: string[];
  /** Observations that do not gate (e.g. the measured knee). */
  notes: string[];
  /** The run was stopped by a signal (Ctrl-C) before it finished: its verdict is "interrupted", not failed. */
  interrupted: boolean;
  /** The rate-limit analysis, for the terminal table. */
  rateLimit?: RateLimitAnalysis;
}

/** Gating thresholds in the summary's shape (export-only markers removed). */
export function gatingThresholds(engine: EngineResult): ThresholdResult[] {
  return gatingOf(engine.thresholds.results).map((t) => ({
    metric: t.metric,
    expression: t.expression,
    ok: t.ok,
    observed: t.observed,
  }));
}

function keepMetrics(engine: EngineResult, thresholds: readonly ThresholdResult[]): Record<string, MetricSummary> {
  const gated = new Set(thresholds.map((t) => t.metric));
  const out: Record<string, MetricSummary> = {};
  for (const [k, m] of Object.entries(engine.metrics)) {
    if (k.includes("{") && !gated.has(k)) continue;
    out[k] = { type: m.type, values: { ...m.values } };
  }
  return out;
}

function seriesOf(m: MetricSeries | undefined, pick: "count" | "p50" | "p95" | "p99"): TimeSeries | undefined {
  const values = m?.[pick];
  if (!values || values.length === 0) return undefined;
  return { t: values.map((_, i) => i), values: values.map((v) => (v === undefined ? null : v)) };
}

function collectSeries(engine: EngineResult, plan: ScenarioSeries): Record<string, TimeSeries> {
  const out: Record<string, TimeSeries> = {};
  const lat = engine.series.metrics[plan.latency];
  for (const p of ["p50", "p95", "p99"] as const) {
    const s = seriesOf(lat, p);
    if (s) out[`latency.${p}`] = s;
  }
  for (const [label, metric] of Object.entries(plan.counters)) {
    const s = seriesOf(engine.series.metrics[metric], "count");
    if (s) out[label] = s;
  }
  return out;
}

function thresholdFindings(thresholds: readonly ThresholdResult[]): string[] {
  return thresholds
    .filter((t) => !t.ok)
    .map(
      (t) =>
        `threshold ${t.metric} ${t.expression} failed (observed ${t.observed === null ? "nothing" : Math.round(t.observed * 100) / 100})`,
    );
}

/** Whether a signal (Ctrl-C) stopped the run, on either engine. */
function wasInterrupted(engine: EngineResult): boolean {
  return engine.aborted && engine.abortReason === "signal";
}

/** The run's own problems around the scenario's findings: an abort first, engine errors last. */
function withEngineProblems(engine: EngineResult, findings: readonly string[]): string[] {
  const aborted = wasInterrupted(engine)
    ? ["the run was interrupted (Ctrl-C) before it finished: the numbers are partial"]
    : engine.aborted
      ? [`the run was aborted (${engine.abortReason ?? "unknown reason"})`]
      : [];
  return [...aborted, ...findings, ...engine.errors];
}

/** The entry fields both scenarios share. */
function commonEntry(engine: EngineResult, thresholds: ThresholdResult[]) {
  return {
    engine: engine.engine,
    durationMs: Math.round(engine.durationMs),
    thresholds,
    metrics: keepMetrics(engine, thresholds),
  };
}

/** Converts a heartbeat-eviction run. `rounds` are the per-round reports (node: collected; k6: console lines). */
export function toEvictionOutcome(
  engine: EngineResult,
  o: EvictionOptions,
  rounds: readonly EvictionRoundReport[],
  extraProblems: readonly string[] = [],
): LoadOutcome {
  const thresholds = gatingThresholds(engine);
  const sorted = [...rounds].sort((a, b) => a.round - b.round);
  const eviction: EvictionResult = {
    timeoutMs: o.timeoutMs,
    intervalMs: o.intervalMs,
    runs: sorted.flatMap((r) => (r.run ? [r.run] : [])),
    timeline: sorted.flatMap((r) => r.timeline),
  };
  const explained = sorted.flatMap((r) => explainEvictionRound(o, r));
  const failed = !engine.thresholds.ok || thresholds.some((t) => !t.ok) || engine.aborted;
  const findings = withEngineProblems(
    engine,
    failed ? [...explained, ...thresholdFindings(thresholds), ...extraProblems] : extraProblems,
  );
  return {
    result: {
      name: HEARTBEAT_EVICTION,
      ...commonEntry(engine, thresholds),
      eviction,
      series: collectSeries(engine, EVICTION_SERIES),
    },
    passed: !failed && findings.length === 0,
    findings,
    notes: [],
    interrupted: wasInterrupted(engine),
  };
}

/** Converts a rate-limit run planned as `steps`. */
export function toRateLimitOutcome(engine: EngineResult, o: RateLimitOptions, steps: readonly RateStep[]): LoadOutcome {
  const thresholds = gatingThresholds(engine);
  const analysis = analyzeRateLimit(o, steps, engine.metrics);
  const stages: RateLimitStage[] = analysis.stages.map(({ admittedRps: _a, ...s }) => s);
  const failed = thresholds.some((t) => !t.ok) || engine.aborted;
  // Threshold failures the analysis did not already explain stay visible as they are.
  const unexplained = failed && analysis.findings.length === 0 ? thresholdFindings(thresholds) : [];
  const findings = withEngineProblems(engine, [...analysis.findings, ...unexplained]);
  return {
    result: {
      name: RATE_LIMIT,
      ...commonEntry(engine, thresholds),
      limitRps: o.limitRps,
      stages,
      series: collectSeries(engine, RATE_LIMIT_SERIES),
    },
    passed: !failed && findings.length === 0,
    findings,
    notes: analysis.notes,
    interrupted: wasInterrupted(engine),
    rateLimit: analysis,
  };
}
