/**
 * The route stage: RPC or ROA, then the operation. A request to `/` that names an Action (or posts a form) is RPC;
 * so is any other request to `/` unless an ROA product serves `/`; every other path is ROA. So any number of RPC
 * products share the port with the ROA products (SLS takes its project from `Host`, not from the path).
 */
import type { WireDialect } from "../dialects/wire-dialect.ts";
import type { WireRequest } from "../wire.ts";
import { createRoaRouter } from "./route-roa.ts";
import { createRpcRouter, looksLikeRpc } from "./route-rpc.ts";
import type { Routed } from "./routed.ts";
import { productOfHost, type ServedProduct } from "./served-products.ts";

/** Routes requests to the operations of `products`. */
export interface RequestRouter {
  route(request: WireRequest): Routed;
  /**
   * The dialect that answers for `path` before an operation is known (framework and parse errors): the product the
   * request's `host` names, else the one that owns such paths.
   */
  dialectFor(path: string, host?: string): WireDialect;
}

/** The router over every operation of `products` (at least one product with one operation). */
export function createRequestRouter(products: readonly ServedProduct[]): RequestRouter {
  const rpc = createRpcRouter(products);
  const roa = createRoaRouter(products);
  const primary = roa ?? rpc;
  if (primary === undefined) throw new Error("the mock has no operation to serve: load at least one spec");
  const rootOwner = rpc ?? primary;
  return {
    route(request) {
      const method = request.method.toUpperCase();
      const toRpc =
        rpc !== undefined &&
        (roa === undefined || (isRoot(request.path) && (!roa.servesRoot || looksLikeRpc(request, method))));
      return toRpc ? rpc.route(request, method) : primary.route(request, method);
    },
    dialectFor: (path, host) => productOfHost(products, host, (isRoot(path) ? rootOwner : primary).fallback).dialect,
  };
}

function isRoot(path: string): boolean {
  return path === "/" || path === "";
}
