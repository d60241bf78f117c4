/**
 * Which operations read only, by name, when the spec does not say (`x-read-only`): Alibaba Cloud's API naming starts
 * reads with Describe, List, Get, Query, Search or Check. The contract run (src/contract-cases/operation-safety.ts)
 * and the rate-limit scenario (load/scenarios/operation-call.ts) both decide with it what a real account is sent
 * without an opt-in.
 */

/** Name prefixes of read-only operations. */
export const READ_ONLY_PREFIXES = ["Describe", "List", "Get", "Query", "Search", "Check"] as const;

/** True when the name starts with a read prefix followed by an upper-case letter or nothing (`ListShards`). */
export function hasReadOnlyName(id: string): boolean {
  return READ_ONLY_PREFIXES.some(
    (p) => id.startsWith(p) && (id.length === p.length || /[A-Z]/.test(id[p.length] ?? "")),
  );
}
