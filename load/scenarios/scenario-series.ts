/**
 * What a scenario charts over time, named by its metrics: one latency trend (drawn as p50, p95 and p99 per
 * second) and counters per second under a label each. Both engines turn these into the summary's `series`
 * (src/load-runner/to-load-result.ts): the built-in engine from its own per-second columns, the k6 runner from
 * k6's metric stream (src/load-runner/k6-metric-stream.ts).
 */
export interface ScenarioSeries {
  /** A time trend (ms) of the scenario. */
  latency: string;
  /** Label (e.g. `"admitted/s"`) → counter metric. */
  counters: Readonly<Record<string, string>>;
}

/** Every metric a plan reads, with its type. */
export function seriesMetrics(plan: ScenarioSeries): Record<string, "trend" | "counter"> {
  const out: Record<string, "trend" | "counter"> = { [plan.latency]: "trend" };
  for (const metric of Object.values(plan.counters)) out[metric] = "counter";
  return out;
}
