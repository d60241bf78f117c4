/**
 * The products as the pipeline serves them: each loaded spec's product entry with its wire dialect
 * (dialects/create-dialect.ts) and what the answer stage needs to know of its operations. Built once at start-up.
 */
import { createDialect } from "../dialects/create-dialect.ts";
import type { WireDialect } from "../dialects/wire-dialect.ts";
import { findEmptySuccessOperations } from "../empty-success.ts";
import type { MockState } from "../mock-state.ts";
import { mockSettingsOf, type ProductSpec } from "../served-product.ts";
import { RESOURCE_CHECKS, type ResourceCheck } from "./resource-checks.ts";

/** A product the pipeline routes to. */
export interface ServedProduct extends ProductSpec {
  readonly dialect: WireDialect;
  /** Operations whose documented success has no body: answered empty when the answer has no value. */
  readonly emptySuccess: ReadonlySet<string>;
  /** The product's host under the mock defaults (`live.aliyuncs.com`): tells products apart that share a route. */
  readonly hostName: string;
  /** Its resource checks (resource-checks.ts); none when it addresses no mock-held resources. */
  readonly resources: ResourceCheck;
}

const NO_RESOURCE_CHECKS: ResourceCheck = Object.freeze({});

/** Every product of `state`, in its serving order. */
export function serveProducts(state: MockState): ServedProduct[] {
  return state.products.map((p) => ({
    ...p,
    dialect: createDialect(p.definition, state),
    emptySuccess: findEmptySuccessOperations(p.spec),
    hostName: p.definition.host(mockSettingsOf(p.definition)).toLowerCase(),
    resources: RESOURCE_CHECKS.get(p.definition.id) ?? NO_RESOURCE_CHECKS,
  }));
}

/** Of several products a request could mean, the one whose host the request's `Host` names (else the first). */
export function pickByHost<T extends { product: ServedProduct }>(
  candidates: readonly T[],
  host: string | undefined,
): T {
  const first = candidates[0] as T;
  if (candidates.length === 1 || host === undefined) return first;
  const name = host.toLowerCase().replace(/:\d+$/, "");
  return candidates.find((c) => name === c.product.hostName || name.endsWith(`.${c.product.hostName}`)) ?? first;
}

/**
 * Who answers a request no operation matched (an unknown Action or path, a wrong method, a header sent twice): the
 * product whose host the request's `Host` names, so a POP error carries that product's HostId; else `fallback`.
 */
export function productOfHost(
  products: readonly ServedProduct[],
  host: string | undefined,
  fallback: ServedProduct,
): ServedProduct {
  if (host === undefined) return fallback;
  return pickByHost(
    [fallback, ...products].map((product) => ({ product })),
    host,
  ).product;
}
