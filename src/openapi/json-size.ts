/**
 * How many JSON values a decoded request body (or an RPC parameter sent as JSON text) holds, counted up to a bound. The spec's validators report every
 * violation (Ajv `allErrors`), one error object per offending value, so a 10 MB body of three million wrong-typed
 * array items cost over a minute and gigabytes before any answer; bodies are refused past MAX_BODY_VALUES instead
 * (docs/mock-limits.md#request-size). The documented bodies hold a few values (a heartbeat lists at most one ID per
 * shard).
 */

/** The most JSON values (objects, arrays and scalars, nested included) a request body, or a `json` parameter, may hold. */
export const MAX_BODY_VALUES = 20_000;

/** The number of values in `value`, or `stopAfter + 1` as soon as there are more than `stopAfter`. */
export function countJsonValues(value: unknown, stopAfter = MAX_BODY_VALUES): number {
  const pending: unknown[] = [value];
  let count = 0;
  while (pending.length > 0 && count <= stopAfter) {
    const next = pending.pop();
    count += 1;
    if (typeof next !== "object" || next === null) continue;
    const children = Array.isArray(next) ? next : Object.values(next);
    // Every value still pending is at least one more: past the bound already, without walking them.
    if (count + pending.length + children.length > stopAfter) return stopAfter + 1;
    for (const child of children) pending.push(child);
  }
  return Math.min(count, stopAfter + 1);
}
