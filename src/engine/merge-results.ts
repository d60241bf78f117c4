/**
 * Merges the results of the runners of one distributed run (k6-operator `parallelism: N`, or k6's
 * `--execution-segment` by hand) into one account-wide result, and judges thresholds on it.
 *
 * k6 OSS and k6-operator do not aggregate runners (docs/peer-conventions.md#distributed-runs-with-k6-operator;
 * k6-operator#392, #812): each runner judges its own thresholds. For a per-account limit that is the wrong question —
 * the service admits whichever runner's request comes first, so one runner can miss its share while the account
 * got exactly the limit. What adds up across runners is merged exactly; what does not is left out and
 * a threshold that needs it says so instead of guessing:
 * - counters: counts add, the rate is recomputed over the longest runner's duration;
 * - rates: passes and fails add;
 * - gauges: values add (VUs of runners running at once); min and max are dropped (the sum of the runners'
 *   maxima only bounds the account-wide maximum, it is not it);
 * - trends: count, min, max and the count-weighted avg merge exactly; percentiles and the median do
 *   not (the p99 of two runners is not a function of their p99s) and are dropped. All four need every
 *   runner's `count`: k6 exports it only when `summaryTrendStats` lists it (its default list does not),
 *   and without it an empty runner (k6 reports 0 for every statistic) cannot be told from one whose
 *   samples were 0, nor an avg weighted; a trend without it merges to nothing.
 */
import {
  ENGINE_RESULT_SCHEMA_VERSION,
  type EngineMetric,
  type EngineResult,
  type ScenarioSummary,
} from "./engine-result.ts";
import type { Aggregation, MetricType } from "./metric-registry.ts";
import { compareThreshold, describeAggregation } from "./threshold-expression.ts";
import { compileThresholds, explainTypeMismatch, type ThresholdResult, type ThresholdsOption } from "./thresholds.ts";

/** Merges runner results (at least one); throws naming the runner whose metric types disagree. */
export function mergeResults(runners: readonly EngineResult[], names: readonly string[] = []): EngineResult {
  if (runners.length === 0) throw new RangeError("nothing to merge: give the results of one or more runners");
  const label = (i: number): string => names[i] ?? `runner ${i + 1}`;
  const durationMs = Math.max(...runners.map((r) => r.durationMs));
  const grouped = new Map<string, { type: MetricType; parts: EngineMetric[] }>();
  runners.forEach((r, i) => {
    for (const [key, m] of Object.entries(r.metrics)) {
      const g = grouped.get(key);
      if (g === undefined) grouped.set(key, { type: m.type, parts: [m] });
      else if (g.type !== m.type)
        throw new TypeError(
          `${label(i)}: metric "${key}" is a ${m.type}, elsewhere a ${g.type}; merge results of one scenario`,
        );
      else g.parts.push(m);
    }
  });
  const metrics: Record<string, EngineMetric> = {};
  for (const [key, { type, parts }] of grouped)
    metrics[key] = {
      type,
      contains: (parts[0] as EngineMetric).contains,
      values: mergeValues(type, parts, durationMs),
    };
  const aborted = runners.some((r) => r.aborted);
  const reason = runners.find((r) => r.abortReason !== undefined)?.abortReason;
  return {
    schemaVersion: ENGINE_RESULT_SCHEMA_VERSION,
    engine: runners.every((r) => r.engine === "k6") ? "k6" : (runners[0] as EngineResult).engine,
    startedAt: runners.map((r) => r.startedAt).find((s) => s !== null) ?? null,
    durationMs,
    aborted,
    ...(aborted && reason !== undefined ? { abortReason: reason } : {}),
    scenarios: mergeScenarios(runners),
    metrics,
    series: { intervalMs: 1000, seconds: 0, metrics: {} },
    thresholds: { ok: true, results: [] },
    errors: runners.flatMap((r, i) => r.errors.map((e) => `${label(i)}: ${e}`)),
  };
}

function sum(parts: readonly EngineMetric[], name: string): number {
  return parts.reduce((s, p) => s + (p.values[name] ?? 0), 0);
}

function mergeValues(type: MetricType, parts: readonly EngineMetric[], durationMs: number): Record<string, number> {
  switch (type) {
    case "counter": {
      const count = sum(parts, "count");
      return { count, rate: durationMs > 0 ? count / (durationMs / 1000) : 0 };
    }
    case "rate": {
      const passes = sum(parts, "passes");
      const fails = sum(parts, "fails");
      return { rate: passes + fails === 0 ? 0 : passes / (passes + fails), passes, fails };
    }
    case "gauge":
      return { value: sum(parts, "value") };
    case "trend": {
      if (parts.some((p) => typeof p.values.count !== "number")) return {};
      const seen = parts.filter((p) => (p.values.count ?? 0) > 0);
      const count = sum(seen, "count");
      if (count === 0) return { count: 0, avg: 0, min: 0, max: 0 };
      // A statistic some runner with samples did not export (summaryTrendStats without it) is left out.
      const each = (name: string): number[] | undefined => {
        const vs = seen.map((p) => p.values[name]);
        return vs.every((v) => typeof v === "number") ? (vs as number[]) : undefined;
      };
      const out: Record<string, number> = { count };
      const avgs = each("avg");
      if (avgs)
        out.avg = avgs.reduce((s, a, i) => s + a * ((seen[i] as EngineMetric).values.count as number), 0) / count;
      const mins = each("min");
      if (mins) out.min = Math.min(...mins);
      const maxs = each("max");
      if (maxs) out.max = Math.max(...maxs);
      return out;
    }
  }
}

function mergeScenarios(runners: readonly EngineResult[]): Record<string, ScenarioSummary> {
  const out: Record<string, ScenarioSummary> = {};
  for (const r of runners)
    for (const [name, s] of Object.entries(r.scenarios)) {
      const m = out[name];
      out[name] =
        m === undefined
          ? { ...s }
          : {
              ...m,
              iterations: m.iterations + s.iterations,
              dropped: m.dropped + s.dropped,
              interrupted: m.interrupted + s.interrupted,
              errors: m.errors + s.errors,
              vusAllocated: m.vusAllocated + s.vusAllocated,
            };
    }
  return out;
}

/** The value an aggregation reads from summary values, or undefined when the summary does not have it. */
function readAggregation(values: Record<string, number>, a: Aggregation): number | undefined {
  const v = values[describeAggregation(a)];
  return typeof v === "number" ? v : undefined;
}

/**
 * Judges `thresholds` on a result's summary values (e.g. a merged one), k6's way: a sub-metric whose
 * metric exists but that got no samples observes 0 (a count or rate), a metric never recorded fails
 * with an error, and so does a statistic the summary lacks (a percentile after merging).
 */
export function judgeSummaryThresholds(result: EngineResult, thresholds: ThresholdsOption): ThresholdResult[] {
  return compileThresholds(thresholds).map((t) => {
    const base = { metric: t.selector.key, expression: t.expression.source, abortOnFail: false };
    const metric = result.metrics[t.selector.key];
    const type = metric?.type ?? result.metrics[t.selector.metric]?.type;
    if (type === undefined)
      return {
        ...base,
        ok: false,
        observed: null,
        error: `metric "${t.selector.metric}" is in none of the results; check its name or that the scenario adds it`,
      };
    const mismatch = explainTypeMismatch(t, type);
    if (mismatch) return { ...base, ok: false, observed: null, error: mismatch };
    if (metric === undefined) return { ...base, ok: compareThreshold(t.expression, 0), observed: 0 };
    const observed = readAggregation(metric.values, t.expression.aggregation);
    if (observed === undefined) {
      const stat = describeAggregation(t.expression.aggregation);
      const why =
        type === "trend" && metric.values.count === undefined
          ? `a runner's summary lacks the trend's count (k6 exports it only when summaryTrendStats lists "count")`
          : "judge it per runner";
      return {
        ...base,
        ok: false,
        observed: null,
        error: `"${stat}" of ${t.selector.key} cannot be computed across runners from their summaries; ${why}`,
      };
    }
    return { ...base, ok: compareThreshold(t.expression, observed), observed };
  });
}
