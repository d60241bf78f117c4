/**
 * One threshold outcome as a terminal line, the same for both engines: the k6 scripts' handleSummary
 * (load/k6/k6-summary.ts) and `specgate load` (src/load-runner/format-outcome.ts) print it alike.
 */

/** `  ✓ metric expression (observed x)`; the observed value rounded to 2 decimals, omitted when null. */
export function formatThresholdLine(t: {
  ok: boolean;
  metric: string;
  expression: string;
  observed: number | null;
}): string {
  const observed = t.observed === null ? "" : ` (observed ${Math.round(t.observed * 100) / 100})`;
  return `  ${t.ok ? "✓" : "✗"} ${t.metric} ${t.expression}${observed}`;
}
