/**
 * Export-only thresholds: k6 puts a sub-metric (`sent_requests{stage:2x}`) in its end-of-test summary only when a
 * threshold names it (https://grafana.com/docs/k6/latest/using-k6/thresholds/), so a k6 script gives each sub-metric
 * a plan's verdict reads (`ScenarioPlan.exports`) a threshold that never fails. Every reader of either engine's
 * results drops them again before judging or reporting; any scenario's plan uses them, not one scenario's.
 */

/** The never-failing expressions: `count>=0` for counters and rates, `max>=0` for trends. */
export const EXPORT_ONLY_EXPRESSIONS: readonly string[] = ["count>=0", "max>=0"];

/** The thresholds that decide a verdict: every result but the export-only markers (either engine's results). */
export function gatingThresholds<T extends { expression: string }>(results: readonly T[]): T[] {
  return results.filter((t) => !EXPORT_ONLY_EXPRESSIONS.includes(t.expression));
}
