/**
 * Routes RPC requests (docs/alibaba/rpc-signature-v1.md, docs/alibaba/acs3-signature.md): `/`, GET or POST,
 * parameters in the query and, for POST, an `application/x-www-form-urlencoded` body merged with it; the
 * operation named by `Action` and `Version` (parameters in v1, `x-acs-action`/`x-acs-version` in V3). Every RPC
 * product shares the port: the pair picks the product, and when two products document the same pair, `Host` does.
 *
 * Order of checks, the gateway's: method (404 InvalidApi.NotFound) → headers sent twice (400) → form body, when
 * the query and headers do not name the operation (400 InputInvalid) → Action (400 MissingParameter,
 * 404 InvalidApi.NotFound) → Version (400 MissingParameter, 404 InvalidApi.NotFound naming the versions served).
 * A form body routing did not need is read after authentication (completeFormParams).
 */
import type { CompiledOperation } from "../../openapi/compiled-spec.ts";
import { listQueryPairs, parseQuery } from "../../signing/query-string.ts";
import type { Query } from "../../signing/types.ts";
import { API_NOT_FOUND } from "../dialects/pop-dialect.ts";
import type { WireDialect } from "../dialects/wire-dialect.ts";
import { clip, type WireRequest, type WireResponse } from "../wire.ts";
import type { Call, FormReader } from "./call.ts";
import { newCall, type Routed } from "./routed.ts";
import { pickByHost, productOfHost, type ServedProduct } from "./served-products.ts";

const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(?:;|$)/i;
const utf8 = new TextDecoder("utf-8", { fatal: true });

interface RpcTarget extends CommonParameters {
  product: ServedProduct;
  operation: CompiledOperation;
}

/** Whether the spec lists the common parameters `Action`/`Version` among the operation's own (pages often do). */
interface CommonParameters {
  declaresAction: boolean;
  declaresVersion: boolean;
}

/** The RPC side of the router. */
export interface RpcRouter {
  /** The product that answers RPC requests before an operation is known (the first RPC product). */
  readonly fallback: ServedProduct;
  route(request: WireRequest, method: string): Routed;
}

/** True when a request to `/` is RPC-shaped: it names an Action, or posts a form. */
export function looksLikeRpc(request: WireRequest, method: string): boolean {
  return (
    request.rawQuery.includes("Action=") ||
    request.headers["x-acs-action"] !== undefined ||
    (method === "POST" && FORM_TYPE.test(request.headers["content-type"] ?? ""))
  );
}

/** The router over every RPC operation of `products`; `undefined` when they document none. */
export function createRpcRouter(products: readonly ServedProduct[]): RpcRouter | undefined {
  const byAction = new Map<string, RpcTarget[]>();
  for (const product of products)
    for (const operation of product.spec.operations.values()) {
      if (operation.style !== "RPC" || operation.rpc === undefined) continue;
      const list = byAction.get(operation.rpc.action) ?? [];
      list.push({ product, operation, ...commonParametersOf(operation) });
      byAction.set(operation.rpc.action, list);
    }
  const fallback = [...byAction.values()][0]?.[0]?.product;
  if (fallback === undefined) return undefined;
  // Before the operation is known, the product the Host names answers (else the first RPC product).
  const dialectOf = (request: WireRequest) => productOfHost(products, request.headers.host, fallback).dialect;
  return { fallback, route: (request, method) => routeRpc(byAction, dialectOf, request, method) };
}

function routeRpc(
  byAction: ReadonlyMap<string, readonly RpcTarget[]>,
  dialectOf: (request: WireRequest) => WireDialect,
  request: WireRequest,
  method: string,
): Routed {
  if ((method !== "GET" && method !== "POST") || (request.path !== "/" && request.path !== ""))
    return miss(dialectOf(request).routeMiss("path", API_NOT_FOUND));
  if (request.duplicatedHeaders.length > 0)
    return miss(dialectOf(request).duplicatedHeaders(request.duplicatedHeaders));
  const query = parseQuery(request.rawQuery) as Record<string, string | string[]>;
  const form = formReader(request, method);
  // The form body is read here only when the query and headers do not name the operation; else after authentication.
  const params = form !== undefined && !namesOperation(query, request) ? mergeForm(query, form) : query;
  if (params === undefined) return miss(dialectOf(request).error(400, "InputInvalid", NOT_UTF8));
  const action = single(params.Action) ?? request.headers["x-acs-action"];
  if (action === undefined || action === "") return miss(dialectOf(request).missingParameter("Action"));
  const targets = byAction.get(action);
  if (targets === undefined)
    return miss(dialectOf(request).routeMiss("path", `${API_NOT_FOUND} (Action ${clip(action)})`));
  const version = versionOf(params, request);
  const target = pickTarget(targets, version, request.headers.host);
  if (!("operation" in target)) return target;
  const valid = withCommonParameters(params, target, action, version as string);
  const formPending = form !== undefined && params === query;
  const parts = { action, form, formPending };
  return {
    ok: true,
    call: newCall(request, method, target.product, target.operation, query, valid, NO_PATH_PARAMS, parts),
  };
}

const NOT_UTF8 = "The form body is not valid UTF-8.";

/** The operation an Action's `version` names (400 without a Version, 404 naming the versions served). */
function pickTarget(
  targets: readonly RpcTarget[],
  version: string | undefined,
  host: string | undefined,
): RpcTarget | { ok: false; response: WireResponse } {
  const dialect = (targets[0] as RpcTarget).product.dialect;
  if (version === undefined || version === "") return miss(dialect.missingParameter("Version"));
  const matching = targetsOfVersion(targets, version);
  if (matching === undefined) {
    const served = targets.map((t) => t.operation.rpc?.version).join(", ");
    return miss(
      dialect.routeMiss(
        "path",
        `${API_NOT_FOUND} (Version ${clip(version)}; this product serves ${served || "no version"})`,
      ),
    );
  }
  return Array.isArray(matching) ? pickByHost(matching, host) : matching;
}

/** The target serving `version` (no array: the usual case), all of them when products share the pair, or none. */
function targetsOfVersion(targets: readonly RpcTarget[], version: string): RpcTarget | RpcTarget[] | undefined {
  let found: RpcTarget | undefined;
  for (const target of targets) {
    if (target.operation.rpc?.version !== version) continue;
    if (found !== undefined) return targets.filter((t) => t.operation.rpc?.version === version);
    found = target;
  }
  return found;
}

/** Whether the query or the V3 headers carry both Action and Version, so routing needs no form body. */
function namesOperation(query: Record<string, string | string[]>, request: WireRequest): boolean {
  const action = query.Action ?? request.headers["x-acs-action"];
  return action !== undefined && action !== "" && versionOf(query, request) !== undefined;
}

function versionOf(params: Record<string, string | string[]>, request: WireRequest): string | undefined {
  return single(params.Version) ?? request.headers["x-acs-version"];
}

/**
 * The stage after authentication that merges a form body routing did not need into the call's parameters
 * (docs/mock-limits.md#request-size: a body is decoded only once its sender is known).
 */
export function completeFormParams(call: Call): WireResponse | undefined {
  const form = call.form;
  if (form === undefined || !call.formPending) return undefined;
  call.formPending = false;
  const merged = mergeForm(call.query as Record<string, string | string[]>, form);
  if (merged === undefined) return call.product.dialect.error(400, "InputInvalid", NOT_UTF8);
  const version = versionOf(merged, call.request) ?? "";
  call.params = withCommonParameters(merged, commonParametersOf(call.operation), call.action ?? "", version);
  call.valid = call.params;
  return undefined;
}

/**
 * The parameters the spec validates: V3 carries Action and Version in `x-acs-action`/`x-acs-version`, so where the
 * spec lists them as parameters (as the pages' v1 tables do) they are taken from the route, which checked them.
 */
function withCommonParameters(
  params: Record<string, string | string[]>,
  target: CommonParameters,
  action: string,
  version: string,
): Record<string, string | string[]> {
  const addAction = target.declaresAction && params.Action === undefined;
  const addVersion = target.declaresVersion && params.Version === undefined;
  if (!addAction && !addVersion) return params;
  const copy = { ...params };
  if (addAction) copy.Action = action;
  if (addVersion) copy.Version = version;
  return copy;
}

function commonParametersOf(operation: CompiledOperation): CommonParameters {
  const declares = (name: string) => operation.parameters.some((p) => p.name === name && p.in === "query");
  return { declaresAction: declares("Action"), declaresVersion: declares("Version") };
}

const NO_PATH_PARAMS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** The form body of a POST, decoded and parsed on first use; `undefined` when the request has none. */
function formReader(request: WireRequest, method: string): FormReader | undefined {
  const body = request.body;
  if (method !== "POST" || body === undefined || body.length === 0) return undefined;
  if (!FORM_TYPE.test(request.headers["content-type"] ?? "")) return undefined;
  let parsed: Query | undefined;
  let read = false;
  return {
    params() {
      if (!read) {
        read = true;
        parsed = parseForm(body);
      }
      return parsed;
    },
  };
}

function parseForm(body: Buffer): Query | undefined {
  try {
    return parseQuery(utf8.decode(body));
  } catch {
    return undefined;
  }
}

/**
 * The query, then the form's parameters, as one query string would parse: a name in both places becomes an array,
 * query values first, so validation sees the repetition. `undefined` when the form body is not UTF-8.
 */
function mergeForm(
  query: Record<string, string | string[]>,
  form: FormReader,
): Record<string, string | string[]> | undefined {
  const fields = form.params();
  if (fields === undefined) return undefined;
  const merged: Record<string, string | string[]> = Object.assign(Object.create(null), query);
  for (const [name, value] of listQueryPairs(fields)) {
    const prev = merged[name];
    if (prev === undefined) merged[name] = value;
    else merged[name] = [...(typeof prev === "string" ? [prev] : prev), value];
  }
  return merged;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function miss(response: WireResponse): { ok: false; response: WireResponse } {
  return { ok: false, response };
}
