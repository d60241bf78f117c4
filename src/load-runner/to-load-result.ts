/**
 * EngineResult (either engine) + the scenario's own verdict (ScenarioPlan.judge) → the run summary's load
 * scenario entry (`LoadScenarioResult`, src/report/run-summary.ts), plus the findings that explain each failure
 * in words. Pure: the node runner, the k6 runner and `--merge` all end here, so the reports cannot tell the
 * engines apart except by the `engine` field (the k6 runner fills the per-second series from k6's metric stream).
 */
import { gatingThresholds as gatingOf } from "../../load/scenarios/export-only-thresholds.ts";
import type { ScenarioPlan } from "../../load/scenarios/scenario-definition.ts";
import type { ScenarioSeries } from "../../load/scenarios/scenario-series.ts";
import type { EngineResult } from "../engine/engine-result.ts";
import type { MetricSeries } from "../engine/metric-registry.ts";
import type { LoadScenarioResult, MetricSummary, ThresholdResult, TimeSeries } from "../report/run-summary.ts";

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
  /** The scenario's terminal text (its table). */
  text: string;
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

/**
 * Converts a run of `name` planned as `plan`: `reports` are what its iterations reported (node: collected;
 * k6: console lines), `problems` what teardown could not clean up.
 */
export function toLoadOutcome<D, R>(
  name: string,
  plan: ScenarioPlan<D, R>,
  engine: EngineResult,
  reports: readonly R[] = [],
  problems: readonly string[] = [],
): LoadOutcome {
  const thresholds = gatingThresholds(engine);
  const verdict = plan.judge(engine, reports, problems);
  const failed = !engine.thresholds.ok || thresholds.some((t) => !t.ok) || engine.aborted || verdict.failed;
  // Threshold failures the scenario did not already explain stay visible as they are.
  const unexplained = failed && verdict.findings.length === 0 ? thresholdFindings(thresholds) : [];
  const findings = withEngineProblems(engine, [...verdict.findings, ...unexplained]);
  return {
    result: {
      name,
      engine: engine.engine,
      durationMs: Math.round(engine.durationMs),
      thresholds,
      metrics: keepMetrics(engine, thresholds),
      sections: verdict.sections,
      series: collectSeries(engine, plan.series),
    },
    passed: !failed && findings.length === 0,
    findings,
    notes: verdict.notes,
    interrupted: wasInterrupted(engine),
    text: verdict.text,
  };
}
