/**
 * Converts k6's legacy `handleSummary(data)` object (docs/peer-conventions.md#end-of-test-summary: parse only the
 * legacy `data.metrics[...]` shape) into an {@link EngineResult}, so reports read one shape whichever engine
 * ran. Because this engine's `metrics` is a superset of that shape, the converter also accepts the
 * `metrics` of a node-engine result.
 *
 * k6's summary carries no per-second series, no per-scenario accounting and no start time; those
 * fields come out empty (or from `options`). The k6 runner fills the series from k6's metric stream
 * (src/load-runner/k6-metric-stream.ts). Threshold `observed` values are read back from the
 * summary's values when k6 exported that statistic (`summaryTrendStats`), else null.
 */
import { ENGINE_RESULT_SCHEMA_VERSION, type EngineMetric, type EngineResult } from "./engine-result.ts";
import type { MetricContains, MetricType } from "./metric-registry.ts";
import { describeAggregation, parseThresholdExpression } from "./threshold-expression.ts";
import type { ThresholdResult } from "./thresholds.ts";

/** What the caller knows that the summary does not say. */
export interface FromK6SummaryOptions {
  /** ISO start time (e.g. taken by the CLI before spawning k6). */
  startedAt?: string | null;
  /** Whether k6 was interrupted (exit code 105/108, or a signal). */
  aborted?: boolean;
}

const TYPES = new Set<MetricType>(["counter", "gauge", "rate", "trend"]);
const CONTAINS = new Set<MetricContains>(["default", "time", "data"]);

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** One metric of the summary, checked; its thresholds are added to `results`. */
function toEngineMetric(name: string, raw: unknown, results: ThresholdResult[]): EngineMetric {
  if (!isRecord(raw) || !TYPES.has(raw.type as MetricType) || !isRecord(raw.values)) {
    throw new TypeError(
      `k6 summary: metric "${name}" needs a type (counter, gauge, rate or trend) and a values object`,
    );
  }
  const values: Record<string, number> = {};
  for (const [k, v] of Object.entries(raw.values)) if (typeof v === "number") values[k] = v;
  const metric: EngineMetric = {
    type: raw.type as MetricType,
    contains: CONTAINS.has(raw.contains as MetricContains) ? (raw.contains as MetricContains) : "default",
    values,
  };
  if (isRecord(raw.thresholds)) metric.thresholds = toThresholds(name, raw.thresholds, values, results);
  return metric;
}

function toThresholds(
  name: string,
  raw: Record<string, unknown>,
  values: Record<string, number>,
  results: ThresholdResult[],
): Record<string, { ok: boolean; observed: number | null }> {
  const out: Record<string, { ok: boolean; observed: number | null }> = {};
  for (const [expression, outcome] of Object.entries(raw)) {
    if (!isRecord(outcome) || typeof outcome.ok !== "boolean") {
      throw new TypeError(`k6 summary: threshold "${expression}" on metric "${name}" needs a boolean "ok"`);
    }
    const observed =
      typeof outcome.observed === "number" ? outcome.observed : observedFromValues(expression, name, values);
    out[expression] = { ok: outcome.ok, observed };
    results.push({ metric: name, expression, ok: outcome.ok, observed, abortOnFail: false });
  }
  return out;
}

/** Converts k6 legacy summary data (the object `handleSummary` receives) to an EngineResult. */
export function fromK6Summary(data: unknown, options: FromK6SummaryOptions = {}): EngineResult {
  if (!isRecord(data) || !isRecord(data.metrics)) {
    throw new TypeError(
      "k6 summary: expected the object handleSummary(data) receives, with a `metrics` object; write it with JSON.stringify(data)",
    );
  }
  const state = isRecord(data.state) ? data.state : {};
  const durationMs = typeof state.testRunDurationMs === "number" ? state.testRunDurationMs : 0;
  const metrics: Record<string, EngineMetric> = {};
  const results: ThresholdResult[] = [];
  for (const [name, raw] of Object.entries(data.metrics)) metrics[name] = toEngineMetric(name, raw, results);
  return {
    schemaVersion: ENGINE_RESULT_SCHEMA_VERSION,
    engine: "k6",
    startedAt: options.startedAt ?? null,
    durationMs,
    aborted: options.aborted ?? false,
    ...(options.aborted ? { abortReason: "signal" as const } : {}),
    scenarios: {},
    metrics,
    series: { intervalMs: 1000, seconds: 0, metrics: {} },
    thresholds: { ok: results.every((r) => r.ok), results },
    errors: [],
  };
}

/** The statistic the expression compares, looked up in k6's exported values (null when not exported). */
function observedFromValues(expression: string, metric: string, values: Record<string, number>): number | null {
  let key: string;
  try {
    key = describeAggregation(parseThresholdExpression(expression, metric).aggregation);
  } catch {
    return null; // k6 accepted it; our parser not knowing it must not make the conversion fail
  }
  return values[key] ?? null;
}
