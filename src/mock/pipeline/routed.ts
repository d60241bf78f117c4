/** What routing yields: a call for the stages, or the answer refusing the request (unknown API, bad method…). */
import type { CompiledOperation } from "../../openapi/compiled-spec.ts";
import type { Query } from "../../signing/types.ts";
import type { WireRequest, WireResponse } from "../wire.ts";
import type { Call } from "./call.ts";
import type { ServedProduct } from "./served-products.ts";

export type Routed = { ok: true; call: Call } | { ok: false; response: WireResponse };

const NO_SCOPE = Object.freeze({});

/** A call for a routed request, before any stage ran. */
export function newCall(
  request: WireRequest,
  method: string,
  product: ServedProduct,
  operation: CompiledOperation,
  query: Query,
  params: Record<string, string | string[]>,
  pathParams: Record<string, string>,
  action?: string,
): Call {
  return {
    request,
    method,
    product,
    operation,
    query,
    params,
    pathParams,
    action,
    accessKeyId: "",
    scope: NO_SCOPE,
    body: undefined,
    valid: params,
  };
}
