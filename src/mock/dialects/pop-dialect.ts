/**
 * The OpenAPI gateway's wire dialect, POP (docs/alibaba/pop-errors.md), spoken by every RPC product (Live, VPC, …)
 * and the ROA products behind the gateway: RPC signature v1 and ACS3 (docs/alibaba/rpc-signature-v1.md,
 * docs/alibaba/acs3-signature.md), nonce replay refused, every answer carrying `RequestId` (body) and
 * `x-acs-request-id` (header), errors as `{RequestId, HostId, Code, Message, Recommend}` with the product's own
 * endpoint as `HostId`.
 */
import type { CompiledOperation } from "../../openapi/compiled-spec.ts";
import { isJsonObject } from "../../openapi/is-json-object.ts";
import type { Violation } from "../../openapi/violation.ts";
import type { ProductDefinition } from "../../products/product-definition.ts";
import { documentedMistakeError, type RequestMistake } from "../../products/request-error-codes.ts";
import type { VerifyFailure } from "../../signing/types.ts";
import { mapRpcAuthError } from "../../signing/verify-errors.ts";
import { verifyRpc } from "../../signing/verify-rpc.ts";
import { driftErrorBody, driftSuccessBody } from "../contract-drift.ts";
import type { DomainError } from "../domain/domain-error.ts";
import { buildRpcError } from "../error-body.ts";
import type { MockState } from "../mock-state.ts";
import { checkNonce } from "../nonce-refusal.ts";
import type { Call } from "../pipeline/call.ts";
import { createRpcRequestId } from "../request-id.ts";
import { mockSettingsOf } from "../served-product.ts";
import { clip, type WireRequest, type WireResponse } from "../wire.ts";
import { documentedBodyBytes, NO_BODY } from "./body-bytes.ts";
import { jsonMembersOf } from "./json-members.ts";
import { POP_XML_TYPE, type PopFormat, requestedFormat, toXmlResponse } from "./pop-format.ts";
import { verifyCall } from "./verify-call.ts";
import { summarizeViolations } from "./violation-summary.ts";
import type { AnswerContext, AuthOutcome, BodyOutcome, SuccessBody, WireDialect } from "./wire-dialect.ts";
import { renderXmlBody } from "./xml-body.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true });
/** The gateway's wording for an unknown method, action, version or operation (docs/alibaba/pop-errors.md). */
export const API_NOT_FOUND = "Specified api is not found, please check your url and method.";

/** The gateway's wording for a required parameter the request lacks (docs/alibaba/pop-errors.md#gateway-codes). */
function missingMessage(name: string): string {
  return `The input parameter "${name}" that is mandatory for processing this request is not supplied.`;
}

/** The headers of every POP JSON answer. */
function popHeaders(requestId: string): Record<string, string> {
  return { "content-type": "application/json;charset=utf-8", "x-acs-request-id": requestId };
}

/** A POP JSON answer with its request ID header. */
function popResponse(status: number, body: unknown, requestId: string): WireResponse {
  return { status, headers: popHeaders(requestId), body: JSON.stringify(body) };
}

/** The POP dialect over `state`, for `definition` (its Host is the errors' `HostId`). */
export function createPopDialect(definition: ProductDefinition, state: MockState): WireDialect {
  const hostId = definition.host(mockSettingsOf(definition));
  const error = (status: number, code: string, message: string): WireResponse => {
    const requestId = createRpcRequestId();
    const body = { ...buildRpcError(requestId, code, message, hostId) };
    return popResponse(status, state.faults.contractDrift === true ? driftErrorBody(body) : body, requestId);
  };
  const authError = (failure: VerifyFailure): WireResponse => {
    const e = mapRpcAuthError(failure, {
      signatureMismatchStatus: state.wire.signatureMismatchStatus,
      accessKeyNotFoundStatus: state.wire.accessKeyNotFoundStatus,
      stringToSignInErrors: state.wire.stringToSignInErrors,
    });
    return error(e.status, e.code, e.message);
  };
  const missingParameter = (name: string) => error(400, "MissingParameter", missingMessage(name));
  return {
    error,
    domainError: (e: DomainError) => error(e.status, e.code, e.message),
    missingParameter,
    badRequest: (message) => error(400, "InputInvalid", message),
    serverError: (message) => error(500, "ServerError", message),
    routeMiss: (_kind, message) => error(404, "InvalidApi.NotFound", message),
    duplicatedHeaders: (names) =>
      error(400, "InputInvalid", `Header ${names.join(", ")} appears more than once; send it once.`),
    tooLarge: (size, limit) =>
      error(400, "InputInvalid", `The request body (${size} bytes) is larger than ${limit} bytes.`),
    authenticate(call: Call): AuthOutcome {
      const verified = verifyCall(call, state, verifyRpc, state.wire.rpcMaxSkewMs);
      if (!verified.ok) return { ok: false, response: authError(verified) };
      // The Action the signature covers must be the one routed (a V3 x-acs-action naming another operation).
      if (verified.action !== undefined && call.action !== undefined && verified.action !== call.action)
        return {
          ok: false,
          response: error(400, "IncompleteSignature", "The request signature does not conform to Aliyun standards."),
        };
      const nonce = checkNonce(state.nonces, verified, state.wire.rpcMaxSkewMs);
      if (nonce !== undefined) return { ok: false, response: error(nonce.status, nonce.code, nonce.message) };
      return { ok: true, accessKeyId: verified.accessKeyId };
    },
    decodeBody: (operation, request) => decodeJsonBody(operation, request, error),
    invalidRequest(operation: CompiledOperation, violations: readonly Violation[]) {
      // The code the operation documents for the mistake, as the contract cases expect it (request-error-codes.ts);
      // the gateway's own code where the page lists none of the candidates.
      const missing = violations.find((v) => v.actual === "(missing)" && v.parameter !== undefined)?.parameter;
      const documented = (mistake: RequestMistake) =>
        documentedMistakeError(operation.errorCodes, "rpc", mistake, missing);
      if (missing === undefined) {
        const e = documented("wrong-type") ?? { status: 400, code: "InputInvalid" };
        return error(e.status, e.code, summarizeViolations(violations));
      }
      const e = documented("missing-required");
      return e === undefined ? missingParameter(missing) : error(e.status, e.code, missingMessage(missing));
    },
    unsafeInteger: (name, raw) =>
      error(400, "InputInvalid", `${name} is out of range: ${clip(raw)} is not a 64-bit integer.`),
    throttled(retryAfterMs) {
      const throttling = state.config.throttling;
      const response = error(throttling.status, throttling.code, throttling.message);
      // Current Darabonba SDKs raise ThrottlingError only with x-acs-retry-after in ms (docs/alibaba/pop-errors.md).
      if (throttling.retryAfterHeader) response.headers["x-acs-retry-after"] = String(retryAfterMs);
      return response;
    },
    success(operation, body, _emptyWhenNone, context) {
      const drift = state.faults.contractDrift === true;
      if (!asksForXml(context, state.wire.rpcDefaultFormat)) return popSuccess(operation, body, drift);
      // The answer's value goes to the XML writer as it is. A drifted answer is rewritten (its drift is made on the
      // JSON body); one the spec documents only in XML is XML already, and toXml leaves it as it is.
      if (drift || body.xmlRoot !== undefined) return toXml(popSuccess(operation, body, drift), context);
      return popXmlSuccess(body, context);
    },
    inRequestedFormat: (response, context) =>
      asksForXml(context, state.wire.rpcDefaultFormat) ? toXml(response, context) : response,
  };
}

/**
 * Whether the request is RPC and asks for XML (pop-format.ts); requests to other paths (ROA operations behind the
 * gateway) keep JSON, their format being the `Accept` convention of each product.
 */
function asksForXml(context: AnswerContext, fallback: PopFormat): boolean {
  const { request, operation } = context;
  const rpc = operation === undefined ? request.path === "/" || request.path === "" : operation.style === "RPC";
  return rpc && requestedFormat(request, context.params, fallback) === "XML";
}

/** The root element of an RPC answer in XML: `<ActionResponse>`. */
function xmlRoot(context: AnswerContext): string {
  const operation = context.operation;
  return `${operation?.rpc?.action ?? operation?.id ?? "Api"}Response`;
}

/** A POP JSON answer (a refusal, a drifted success) rewritten as XML. */
function toXml(response: WireResponse, context: AnswerContext): WireResponse {
  return toXmlResponse(response, () => ({ root: xmlRoot(context), ...context.successShape?.() }));
}

/**
 * `popSuccess`'s body written as XML straight from the answer's value (not serialised to JSON and parsed back):
 * `RequestId` first, then the documented fields.
 */
function popXmlSuccess(body: SuccessBody, context: AnswerContext): WireResponse {
  const requestId = createRpcRequestId();
  const response = popResponse(body.status ?? 200, undefined, requestId);
  response.headers["content-type"] = POP_XML_TYPE;
  response.body = renderXmlBody(xmlRoot(context), withRequestId(body.value, requestId), context.successShape?.() ?? {});
  return response;
}

/** `{RequestId, ...value}` with this answer's RequestId (a documented example carries its own); other values as they are. */
function withRequestId(value: unknown, requestId: string): unknown {
  if (value === undefined) return { RequestId: requestId };
  return isJsonObject(value) ? Object.assign({ RequestId: requestId }, value, { RequestId: requestId }) : value;
}

/** `{"RequestId": …, <the documented fields>}` (docs/alibaba/pop-errors.md#error-body), or its XML form. */
function popSuccess(operation: CompiledOperation, body: SuccessBody, drift: boolean): WireResponse {
  const requestId = createRpcRequestId();
  const value = body.value;
  const status = body.status ?? 200;
  if (drift || body.xmlRoot !== undefined) {
    // RequestId first, with this answer's value (a documented example carries its own).
    const whole = withRequestId(value ?? undefined, requestId); // null too: `{RequestId}`
    if (drift) return popResponse(status, driftSuccessBody(operation, whole), requestId);
    const response = popResponse(status, undefined, requestId);
    response.headers["content-type"] = "application/xml;charset=utf-8";
    response.body = renderXmlBody(body.xmlRoot as string, whole, body);
    return response;
  }
  // Same text as JSON.stringify({ RequestId, ...value }): the members after RequestId may come pre-serialised.
  const members = body.membersJson ?? jsonMembersOf(value);
  if (members === undefined) return popResponse(status, value, requestId);
  const id = JSON.stringify(requestId);
  return {
    status,
    headers: popHeaders(requestId),
    body: members === "" ? `{"RequestId":${id}}` : `{"RequestId":${id},${members}}`,
  };
}

/** A JSON body (ROA operations behind the gateway); RPC operations document none. */
function decodeJsonBody(
  operation: CompiledOperation,
  request: WireRequest,
  error: (status: number, code: string, message: string) => WireResponse,
): BodyOutcome {
  const bytes = documentedBodyBytes(operation, request);
  if (bytes === undefined) return NO_BODY;
  try {
    return { ok: true, body: JSON.parse(utf8.decode(bytes)) };
  } catch (e) {
    return {
      ok: false,
      response: error(400, "InputInvalid", `The body is not valid UTF-8 JSON: ${(e as Error).message}`),
    };
  }
}
