/**
 * k6-style thresholds: `{ "http_req_duration{stage:2x}": ["p(95)<200", { threshold: "rate<0.01",
 * abortOnFail: true, delayAbortEval: "10s" }] }` (docs/peer-conventions.md#thresholds). Compiled once before the
 * run; evaluated every 2 s for `abortOnFail` (k6's local `thresholdsRate`) and at the end.
 */
import { AGGREGATIONS_BY_TYPE, type MetricRegistry, type MetricType } from "./metric-registry.ts";
import { type MetricSelector, parseMetricSelector } from "./metric-selector.ts";
import { type DurationInput, parseDuration } from "./parse-duration.ts";
import {
  compareThreshold,
  describeAggregation,
  parseThresholdExpression,
  type ThresholdExpression,
} from "./threshold-expression.ts";

/** One threshold as written: the expression, or k6's object form. */
export type ThresholdSpec = string | { threshold: string; abortOnFail?: boolean; delayAbortEval?: DurationInput };

/** The `thresholds` option: metric selector → threshold(s). */
export type ThresholdsOption = Record<string, ThresholdSpec | readonly ThresholdSpec[]>;

/** A validated threshold. */
export interface CompiledThreshold {
  readonly selector: MetricSelector;
  readonly expression: ThresholdExpression;
  readonly abortOnFail: boolean;
  readonly delayAbortEvalMs: number;
}

/** The outcome of one threshold. */
export interface ThresholdResult {
  /** Metric or sub-metric key, e.g. `http_req_duration{stage:2x}`. */
  metric: string;
  /** The expression as written. */
  expression: string;
  ok: boolean;
  /** The aggregated value compared, or null when it could not be computed (see `error`). */
  observed: number | null;
  abortOnFail: boolean;
  /** Why the threshold could not be evaluated (it then counts as failed). */
  error?: string;
}

/** Parses every threshold; a bad one throws an error naming the metric and the expression. */
export function compileThresholds(option: ThresholdsOption | undefined): CompiledThreshold[] {
  const out: CompiledThreshold[] = [];
  for (const [metricText, specs] of Object.entries(option ?? {})) {
    const selector = parseMetricSelector(metricText);
    const list: readonly ThresholdSpec[] = Array.isArray(specs) ? specs : [specs as ThresholdSpec];
    for (const spec of list) {
      const obj = typeof spec === "string" ? { threshold: spec } : spec;
      if (typeof obj?.threshold !== "string") {
        throw new TypeError(
          `thresholds["${metricText}"]: each entry is an expression string or { threshold, abortOnFail, delayAbortEval }`,
        );
      }
      out.push({
        selector,
        expression: parseThresholdExpression(obj.threshold, selector.key),
        abortOnFail: obj.abortOnFail === true,
        delayAbortEvalMs: parseDuration(
          obj.delayAbortEval ?? 0,
          `thresholds["${metricText}"] "${obj.threshold}" delayAbortEval`,
        ),
      });
    }
  }
  return out;
}

/** Why `expr` cannot apply to a metric of `type`, or undefined when it can. */
export function explainTypeMismatch(t: CompiledThreshold, type: MetricType): string | undefined {
  const a = t.expression.aggregation;
  const allowed = AGGREGATIONS_BY_TYPE[type];
  const ok = a.kind === "p" ? allowed.includes("p(N)") : allowed.includes(a.kind);
  if (ok) return undefined;
  return `threshold "${t.expression.source}" on metric "${t.selector.key}": "${describeAggregation(a)}" does not apply to a ${type} metric; use ${allowed.join(", ")}`;
}

/** Evaluates every threshold against the registry's current totals. */
export function evaluateThresholds(
  thresholds: readonly CompiledThreshold[],
  registry: MetricRegistry,
  durationMs: number,
): ThresholdResult[] {
  return thresholds.map((t) => {
    const base = { metric: t.selector.key, expression: t.expression.source, abortOnFail: t.abortOnFail };
    const type = registry.typeOf(t.selector.key) ?? registry.typeOf(t.selector.metric);
    if (!type) {
      return {
        ...base,
        ok: false,
        observed: null,
        error: `metric "${t.selector.metric}" was never recorded; check its name or that the scenario adds it`,
      };
    }
    const mismatch = explainTypeMismatch(t, type);
    if (mismatch) return { ...base, ok: false, observed: null, error: mismatch };
    // A sub-metric whose parent exists but that received no samples observes an empty aggregate.
    const observed = registry.observe(t.selector.key, t.expression.aggregation, durationMs) ?? 0;
    return { ...base, ok: compareThreshold(t.expression, observed), observed };
  });
}
