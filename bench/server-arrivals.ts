/**
 * Arrival accuracy as the server sees it: one clock (the server's) for every load generator, so the engine and
 * k6 are judged alike; k6 reports no schedule deviation of its own. Request i of an open-model run at `rate`/s
 * was meant to arrive at t0 + i/rate; t0 is taken as the earliest start the arrivals allow (the least-late
 * request counts as on time), so a constant network delay cancels and what remains is lateness.
 */

/** Lateness (ms) of each arrival, in arrival order; arrival times in ms on one monotonic clock. */
export function scheduleDeviations(arrivalsMs: readonly number[], rate: number): number[] {
  const sorted = [...arrivalsMs].sort((a, b) => a - b);
  const periodMs = 1000 / rate;
  let t0 = Number.POSITIVE_INFINITY;
  for (const [i, at] of sorted.entries()) t0 = Math.min(t0, at - i * periodMs);
  return sorted.map((at, i) => at - i * periodMs - t0);
}

/** The q-quantile (0…1) of `values` by nearest rank; NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}
