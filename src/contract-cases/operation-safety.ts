/**
 * Which operations a contract run may send to a real account. A read-only operation always runs; a write runs
 * when its product's entry declares it safe (it only touches resources the run creates under its
 * `specgate-<random>-` prefix and deletes afterwards) or when the user opts in with `--allow-writes`. Against
 * the mock every operation runs. Read-only is the operation's `x-read-only` when the spec states it (an overlay
 * can), else the name: Alibaba Cloud's API naming starts reads with Describe, List, Get, Query, Search or Check.
 */
import type { CompiledOperation } from "../openapi/compiled-spec.ts";
import type { ProductDefinition } from "../products/product-definition.ts";
import { hasReadOnlyName, READ_ONLY_PREFIXES } from "../products/read-only-name.ts";

/** How an operation is treated on a real account. */
export type OperationSafety =
  | { kind: "read-only"; reason: string }
  | { kind: "safe-write"; reason: string }
  | { kind: "write"; reason: string };

/** Classifies `op` of `product`. */
export function classifyOperation(op: CompiledOperation, product: ProductDefinition): OperationSafety {
  if (op.readOnly === true) return { kind: "read-only", reason: "x-read-only: true" };
  if (op.readOnly === undefined && hasReadOnlyName(op.id))
    return { kind: "read-only", reason: `its name starts with ${READ_ONLY_PREFIXES.join("/")}` };
  const safe = product.contract.safeWrites[op.id];
  if (safe !== undefined) return { kind: "safe-write", reason: safe };
  return {
    kind: "write",
    reason: op.readOnly === false ? "x-read-only: false" : "its name is not one of a read-only operation",
  };
}

/**
 * Why the cases of `op` are skipped on a real account, or undefined when they run: only writes that are neither
 * declared safe nor opted in (`--allow-writes`) are skipped.
 */
export function realAccountSkipReason(
  op: CompiledOperation,
  product: ProductDefinition,
  allowWrites: boolean,
): string | undefined {
  const safety = classifyOperation(op, product);
  if (safety.kind !== "write" || allowWrites) return undefined;
  return `${product.id} ${op.id} writes (${safety.reason}) and no real-account safety is declared for it: pass --allow-writes to send it anyway`;
}
