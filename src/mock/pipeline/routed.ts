/** What routing yields: a call for the stages, or the answer refusing the request (unknown API, bad method…). */
import type { CompiledOperation } from "../../openapi/compiled-spec.ts";
import type { Query } from "../../signing/types.ts";
import type { WireRequest, WireResponse } from "../wire.ts";
import type { Call, FormReader } from "./call.ts";
import type { ServedProduct } from "./served-products.ts";

export type Routed = { ok: true; call: Call } | { ok: false; response: WireResponse };

const NO_SCOPE = Object.freeze({});

/** What an RPC route adds to a call: the Action it names, and its form body (`formPending`: not merged yet). */
export interface RpcCallParts {
  action?: string;
  form?: FormReader | undefined;
  formPending?: boolean;
}

/** A call for a routed request, before any stage ran. */
export function newCall(
  request: WireRequest,
  method: string,
  product: ServedProduct,
  operation: CompiledOperation,
  query: Query,
  params: Record<string, string | string[]>,
  pathParams: Record<string, string>,
  rpc: RpcCallParts = {},
): Call {
  const { action, form } = rpc;
  return {
    form,
    formPending: rpc.formPending === true,
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
