/**
 * Live (RPC/POP) routes on `/` (facts §4, §5, §6): GET or POST, parameters in the query and, for POST, an
 * `application/x-www-form-urlencoded` body merged with the query (signature v1, facts §4.1); `Action` from the
 * parameters or `x-acs-action` (V3, §4.2). Every answer carries `RequestId`; errors use the POP body with
 * `HostId` and `Recommend` (§5).
 *
 * Order of checks, gateway first: method (404 InvalidApi.NotFound) → Action/Version (400 MissingParameter,
 * 404 InvalidApi.NotFound) → signature, time, key (§5 codes) → nonce replay (400 SignatureNonceUsed) →
 * per-account rate limit from the spec's `x-qps-limit` (throttling wire form from the config, §7.11) →
 * the compiled spec's request validation (400 MissingParameter / InputInvalid) → `x-time-window` rules →
 * AppId ownership (403 NoAuth, 404 ResourceNotExist) → the callback-record store.
 */

import type { CompiledOperation } from "../openapi/compiled-spec.ts";
import { nodeCrypto } from "../signing/node-crypto.ts";
import { parseQuery } from "../signing/query-string.ts";
import { mapRpcAuthError } from "../signing/verify-errors.ts";
import { verifyRpc } from "../signing/verify-rpc.ts";
import { driftErrorBody, driftSuccessBody } from "./contract-drift.ts";
import { checkTimeWindow, resolveTimeWindow } from "./domain/check-time-window.ts";
import { type DomainError, failWith } from "./domain/domain-error.ts";
import { timeWindowOptionsOf } from "./domain/mock-config.ts";
import { buildRpcError } from "./error-body.ts";
import type { MockState } from "./mock-state.ts";
import { nonceRefusal } from "./nonce-refusal.ts";
import { createRpcRequestId } from "./request-id.ts";
import { clip, findUnsafeInteger, type WireRequest, type WireResponse } from "./wire.ts";

const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(?:;|$)/i;
const utf8 = new TextDecoder("utf-8", { fatal: true });
// The gateway's wording for an unknown method, action, version or operation (facts §5).
const API_NOT_FOUND = "Specified api is not found, please check your url and method.";

/** A POP JSON answer with its request ID header. */
export function rpcResponse(status: number, body: Record<string, unknown>, requestId: string): WireResponse {
  return { status, headers: rpcHeaders(requestId), body: JSON.stringify(body) };
}

/** A POP error answer; under `contract-drift` the body loses `RequestId`. */
export function rpcErrorResponse(status: number, code: string, message: string, drift = false): WireResponse {
  const requestId = createRpcRequestId();
  const body = buildRpcError(requestId, code, message);
  return rpcResponse(status, drift ? driftErrorBody({ ...body }) : { ...body }, requestId);
}

/** The Live (RPC) request handler over `state`. */
export function createLiveHandler(state: MockState): (req: WireRequest) => WireResponse {
  const spec = state.specs.live;
  const version = spec.product.version;
  const windowOptions = timeWindowOptionsOf(state.config);
  const throttling = state.config.throttling;

  return (req) => {
    const drift = state.faults.contractDrift === true;
    // Plain calls rather than per-request closures: tsx wraps every closure it creates in a naming helper.
    const method = req.method.toUpperCase();
    if (method !== "GET" && method !== "POST")
      return rpcErrorResponse(404, "InvalidApi.NotFound", API_NOT_FOUND, drift);
    if (req.duplicatedHeaders.length > 0)
      return rpcErrorResponse(
        400,
        "InputInvalid",
        `Header ${req.duplicatedHeaders.join(", ")} appears more than once; send it once.`,
        drift,
      );

    // Parameters: the query, then a form body (facts §4.1); repeated names stay arrays so validation sees them.
    const query = parseQuery(req.rawQuery);
    let params = query as Record<string, string | string[]>;
    if (method === "POST" && req.body !== undefined && req.body.length > 0) {
      const type = req.headers["content-type"] ?? "";
      if (FORM_TYPE.test(type)) {
        let text: string;
        try {
          text = utf8.decode(req.body);
        } catch {
          return rpcErrorResponse(400, "InputInvalid", "The form body is not valid UTF-8.", drift);
        }
        // Parsed as one query, so a name in both places becomes an array (query values first).
        params = parseQuery(`${req.rawQuery}&${text}`) as Record<string, string | string[]>;
      }
    }
    const action = single(params.Action) ?? req.headers["x-acs-action"];
    if (action === undefined || action === "") return missingParameter("Action", drift);
    const operation = spec.matchRpc(action);
    if (operation === undefined)
      return rpcErrorResponse(404, "InvalidApi.NotFound", `${API_NOT_FOUND} (Action ${clip(action)})`, drift);
    const requested = single(params.Version) ?? req.headers["x-acs-version"];
    if (requested === undefined || requested === "") return missingParameter("Version", drift);
    const expectedVersion = operation.rpc?.version ?? version;
    if (requested !== expectedVersion)
      return rpcErrorResponse(
        404,
        "InvalidApi.NotFound",
        `${API_NOT_FOUND} (Version ${clip(requested)}; this product serves ${expectedVersion ?? "no version"})`,
        drift,
      );

    const verified = verifyRpc(
      nodeCrypto,
      {
        method,
        path: req.path,
        query,
        headers: req.headers,
        ...(req.body !== undefined ? { body: req.body } : {}),
      },
      state.lookupSecret,
      { now: state.clock.wallMs(), maxSkewMs: state.wire.rpcMaxSkewMs, verifyBodyDigest: state.wire.verifyContentMd5 },
    );
    if (!verified.ok)
      return rpcDomainError(
        mapRpcAuthError(verified, {
          signatureMismatchStatus: state.wire.signatureMismatchStatus,
          accessKeyNotFoundStatus: state.wire.accessKeyNotFoundStatus,
          stringToSignInErrors: state.wire.stringToSignInErrors,
        }),
        drift,
      );
    if (verified.action !== undefined && verified.action !== action)
      return rpcErrorResponse(
        400,
        "IncompleteSignature",
        "The request signature does not conform to Aliyun standards.",
        drift,
      );
    if (verified.nonce !== undefined) {
      const refused = nonceRefusal(
        state.nonces.remember(verified.accessKeyId, verified.nonce, verified.requestTimeMs + state.wire.rpcMaxSkewMs),
        state.nonces.maxNonceLength,
      );
      if (refused !== undefined) return rpcDomainError(refused, drift);
    }

    const limiter = state.limiters.get(operation.id);
    if (limiter !== undefined) {
      const admitted = limiter.tryAdmit(verified.accessKeyId);
      if (!admitted.admitted) {
        if (throttling.dropConnection) return { status: throttling.status, headers: {}, body: "", drop: true };
        const response = rpcErrorResponse(throttling.status, throttling.code, throttling.message, drift);
        // Current Darabonba SDKs raise ThrottlingError only with x-acs-retry-after in ms (facts §5).
        if (throttling.retryAfterHeader) response.headers["x-acs-retry-after"] = String(admitted.retryAfterMs);
        return response;
      }
    }

    const checked = operation.validateRequest({ path: {}, query: params, headers: req.headers });
    if (!checked.ok) {
      const missing = checked.violations.find((v) => v.actual === "(missing)" && v.parameter !== undefined);
      if (missing?.parameter !== undefined) return missingParameter(missing.parameter, drift);
      return rpcErrorResponse(400, "InputInvalid", checked.violations.map((v) => v.message).join("; "), drift);
    }
    const unsafe = findUnsafeInteger(checked.params);
    if (unsafe !== undefined)
      return rpcErrorResponse(
        400,
        "InputInvalid",
        `${unsafe} is out of range: ${clip(String(single(params[unsafe]) ?? ""))} is not a 64-bit integer.`,
        drift,
      );
    const result = dispatch(state, operation, checked.params, verified.accessKeyId, windowOptions);
    if (!result.ok) return rpcDomainError(result.error, drift);
    const requestId = createRpcRequestId();
    if (drift) {
      const body = { RequestId: requestId, ...result.value };
      return rpcResponse(200, driftSuccessBody(operation.id, body) as Record<string, unknown>, requestId);
    }
    // Same text as JSON.stringify({ RequestId, ...value }): the members after RequestId come pre-serialised.
    return {
      status: 200,
      headers: rpcHeaders(requestId),
      body: `{"RequestId":${JSON.stringify(requestId)},${result.membersJson}}`,
    };
  };
}

/** The headers of every POP JSON answer. */
function rpcHeaders(requestId: string): Record<string, string> {
  return { "content-type": "application/json;charset=utf-8", "x-acs-request-id": requestId };
}

/**
 * A successful operation's answer: the fields after `RequestId` as an object (what `contract-drift` rewrites)
 * and as the JSON members that follow `"RequestId":…,` (the hot path, assembled from cached parts: see
 * CallbackPage.logsJson). A string rather than a per-request closure, as elsewhere in this handler.
 */
interface Answer {
  ok: true;
  value: Record<string, unknown>;
  /** `JSON.stringify(value)` without its braces; never empty. */
  membersJson: string;
}

function dispatch(
  state: MockState,
  operation: CompiledOperation,
  params: Record<string, unknown>,
  accessKeyId: string,
  windowOptions: ReturnType<typeof timeWindowOptionsOf>,
): Answer | { ok: false; error: DomainError } {
  if (operation.timeWindow !== undefined) {
    const problem = checkTimeWindow(operation.timeWindow, params, state.clock.wallMs(), windowOptions);
    if (problem !== undefined) return { ok: false, error: problem };
  }
  switch (operation.id) {
    case "ListEventSubEvent": {
      const appId = params.AppId as string;
      const denied = state.ownership.checkAccess(appId, accessKeyId);
      if (denied !== undefined) return { ok: false, error: denied };
      const window = operation.timeWindow !== undefined ? resolveTimeWindow(operation.timeWindow, params) : undefined;
      const page = state.callbacks.query({
        appId,
        ...(typeof params.SubscribeId === "string" ? { subscribeId: params.SubscribeId } : {}),
        startMs: window?.startMs ?? Number(params.StartTime) * 1000,
        endMs: window?.endMs ?? Number(params.EndTime) * 1000,
        pageSize: params.PageSize as number,
        pageNo: params.PageNo as number,
      });
      if (!page.ok) return page;
      return {
        ok: true,
        value: { Count: page.count, HasMore: page.hasMore, Logs: page.logs },
        // The members of JSON.stringify(value), without serialising the records again.
        membersJson: `"Count":${page.count},"HasMore":${page.hasMore},"Logs":${page.logsJson}`,
      };
    }
    default:
      return failWith(404, "InvalidApi.NotFound", `${API_NOT_FOUND} (${operation.id} is not emulated)`);
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** 400 MissingParameter in the gateway's wording (facts §5). */
function missingParameter(name: string, drift: boolean): WireResponse {
  return rpcErrorResponse(
    400,
    "MissingParameter",
    `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
    drift,
  );
}

function rpcDomainError(e: DomainError, drift: boolean): WireResponse {
  return rpcErrorResponse(e.status, e.code, e.message, drift);
}
