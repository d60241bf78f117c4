/**
 * Routes ROA requests by method, path and fixed query (`?type=heartbeat`) through each product's precompiled
 * router (src/openapi/roa-router.ts); when two products serve the same route, `Host` picks one. A miss is answered
 * by the product that serves the path (400 when only a fixed query value is missing or wrong, else 405 for the
 * method), or, when none does, by the first ROA product (404).
 */
import type { CompiledOperation } from "../../openapi/compiled-spec.ts";
import { parseQuery } from "../../signing/query-string.ts";
import { clip, type WireRequest, type WireResponse } from "../wire.ts";
import { newCall, type Routed } from "./routed.ts";
import { pickByHost, type ServedProduct } from "./served-products.ts";

interface RoaProduct {
  product: ServedProduct;
  /** Fixed query names and their documented values, for the 400 that names them. */
  fixedQueries: ReadonlyMap<string, readonly string[]>;
}

interface RoaMatch {
  product: ServedProduct;
  operation: CompiledOperation;
  pathParams: Record<string, string>;
}

/** The ROA side of the router. */
export interface RoaRouter {
  /** The product that answers requests no product serves (the first ROA product). */
  readonly fallback: ServedProduct;
  /** True when some ROA operation is served at `/` (then only RPC-shaped requests to `/` are RPC). */
  readonly servesRoot: boolean;
  route(request: WireRequest, method: string): Routed;
}

/** The router over every ROA operation of `products`; `undefined` when they document none. */
export function createRoaRouter(products: readonly ServedProduct[]): RoaRouter | undefined {
  const roa: RoaProduct[] = [];
  for (const product of products) {
    const operations = [...product.spec.operations.values()].filter((op) => op.style === "ROA");
    if (operations.length > 0) roa.push({ product, fixedQueries: collectFixedQueries(operations) });
  }
  const fallback = roa[0]?.product;
  if (fallback === undefined) return undefined;
  return {
    fallback,
    servesRoot: roa.some((r) => r.product.spec.pathExists("/")),
    route: (request, method) => routeRoa(roa, fallback, request, method),
  };
}

function routeRoa(roa: readonly RoaProduct[], fallback: ServedProduct, request: WireRequest, method: string): Routed {
  if (request.duplicatedHeaders.length > 0)
    return { ok: false, response: fallback.dialect.duplicatedHeaders(request.duplicatedHeaders) };
  const query = parseQuery(request.rawQuery) as Record<string, string | string[]>;
  const matches = matchAll(roa, method, request.path, query);
  if (matches === undefined) return { ok: false, response: routeMiss(roa, fallback, method, request.path, query) };
  const { product, operation, pathParams } = Array.isArray(matches)
    ? pickByHost(matches, request.headers.host)
    : matches;
  return { ok: true, call: newCall(request, method, product, operation, query, query, pathParams) };
}

/**
 * The products' matches: the one match as it is (the usual case, no array), several when products share the
 * route; `undefined` when none matches.
 */
function matchAll(
  roa: readonly RoaProduct[],
  method: string,
  path: string,
  query: Record<string, string | string[]>,
): RoaMatch | RoaMatch[] | undefined {
  let found: RoaMatch | RoaMatch[] | undefined;
  for (const { product } of roa) {
    const match = product.spec.matchRoa(method, path, query);
    if (match === undefined) continue;
    const next = { product, operation: match.operation, pathParams: match.pathParams };
    found = found === undefined ? next : [...(Array.isArray(found) ? found : [found]), next];
  }
  return found;
}

/** 404 for unknown paths; 400 when only a fixed query (`type=`) is missing or wrong; else 405. */
function routeMiss(
  roa: readonly RoaProduct[],
  fallback: ServedProduct,
  method: string,
  path: string,
  query: Record<string, string | string[]>,
): WireResponse {
  const owner = roa.find((r) => r.product.spec.pathExists(path));
  if (owner === undefined)
    return fallback.dialect.routeMiss("path", `No API is served at ${clip(path)}; check the request path.`);
  const { product, fixedQueries } = owner;
  for (const [name, values] of fixedQueries) {
    for (const value of values) {
      if (product.spec.matchRoa(method, path, { ...query, [name]: value }) === undefined) continue;
      return product.dialect.routeMiss(
        "fixed-query",
        `Query parameter ${name} must be one of ${values.join(", ")} for ${method} ${clip(path)}; got ${clip(String(query[name] ?? "(missing)"))}.`,
      );
    }
  }
  return product.dialect.routeMiss("method", `Method ${clip(method)} is not allowed on ${clip(path)}.`);
}

function collectFixedQueries(operations: Iterable<CompiledOperation>): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const op of operations) {
    for (const [name, value] of Object.entries(op.fixedQuery)) {
      const values = byName.get(name) ?? [];
      if (!values.includes(value)) values.push(value);
      byName.set(name, values);
    }
  }
  return byName;
}
