/**
 * SLS's wire dialect (docs/alibaba/sls-requests.md, docs/alibaba/sls-errors.md): `LOG` (hmac-sha1/sha256) and v4
 * signatures, JSON bodies (bare arrays, empty 200 bodies where the pages show them), `{errorCode, errorMessage}`
 * errors, and the headers every answer carries (`x-log-requestid`, `Server: AliyunSLS`, `x-log-time`).
 * SLS documents no "unknown API" code: an unknown path answers 404 `ParameterInvalid` (its code for a request it
 * cannot accept), a wrong method 405 `MethodNotAllowed`.
 */
import type { CompiledOperation } from "../../openapi/compiled-spec.ts";
import type { Violation } from "../../openapi/violation.ts";
import type { ProductDefinition } from "../../products/product-definition.ts";
import type { VerifyFailure } from "../../signing/types.ts";
import { mapSlsAuthError } from "../../signing/verify-errors.ts";
import { verifySls } from "../../signing/verify-sls.ts";
import { driftErrorBody, driftSuccessBody } from "../contract-drift.ts";
import type { DomainError } from "../domain/domain-error.ts";
import { buildSlsError } from "../error-body.ts";
import type { MockState } from "../mock-state.ts";
import type { Call } from "../pipeline/call.ts";
import { createSlsRequestId } from "../request-id.ts";
import { clip, type WireRequest, type WireResponse } from "../wire.ts";
import { documentedBodyBytes, NO_BODY } from "./body-bytes.ts";
import { verifyCall } from "./verify-call.ts";
import { summarizeViolations } from "./violation-summary.ts";
import type { AuthOutcome, BodyOutcome, RouteMissKind, WireDialect } from "./wire-dialect.ts";
import { renderXmlBody } from "./xml-body.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true });
const JSON_TYPE = /^application\/json\s*(?:;|$)/i;

/** An SLS answer with the common response headers (docs/alibaba/sls-requests.md). */
function slsResponse(status: number, body: unknown, nowMs: number): WireResponse {
  const headers: Record<string, string> = {
    "x-log-requestid": createSlsRequestId(),
    server: "AliyunSLS",
    "x-log-time": String(Math.floor(nowMs / 1000)),
    "access-control-allow-origin": "*",
  };
  if (body === undefined) return { status, headers, body: "" };
  headers["content-type"] = "application/json";
  return { status, headers, body: JSON.stringify(body) };
}

/** The SLS dialect over `state` (one product speaks it: its entry adds nothing the dialect needs). */
export function createSlsDialect(_definition: ProductDefinition, state: MockState): WireDialect {
  const error = (status: number, code: string, message: string): WireResponse => {
    const body = buildSlsError(code, message);
    const drift = state.faults.contractDrift === true;
    return slsResponse(status, drift ? driftErrorBody({ ...body }) : body, state.clock.wallMs());
  };
  const authError = (failure: VerifyFailure): WireResponse => {
    const e = mapSlsAuthError(failure);
    return error(e.status, e.code, e.message);
  };
  return {
    inRequestedFormat: (response) => response, // SLS answers JSON only (docs/alibaba/sls-errors.md#error-body)
    error,
    domainError: (e: DomainError) => error(e.status, e.code, e.message),
    badRequest: (message) => error(400, "ParameterInvalid", message),
    serverError: (message) => error(500, "InternalServerError", message),
    missingParameter: (name) => error(400, "ParameterInvalid", `Missing required parameter '${name}'.`),
    routeMiss: (kind: RouteMissKind, message: string) => error(...ROUTE_MISS[kind], message),
    duplicatedHeaders: (names) =>
      error(400, "ParameterInvalid", `Header ${names.join(", ")} appears more than once; send it once.`),
    tooLarge: (size, limit) =>
      error(413, "PostBodyTooLarge", `The request body (${size} bytes) is larger than ${limit} bytes.`),
    authenticate(call: Call): AuthOutcome {
      const verified = verifyCall(call, state, verifySls, state.wire.slsMaxSkewMs);
      return verified.ok
        ? { ok: true, accessKeyId: verified.accessKeyId }
        : { ok: false, response: authError(verified) };
    },
    decodeBody: (operation, request) => decodeJsonBody(operation, request, error),
    invalidRequest: (operation, violations) =>
      error(400, invalidCode(operation, violations), summarizeViolations(violations)),
    unsafeInteger: (name) => error(400, "ParameterInvalid", `${name} is out of range: not a 64-bit integer.`),
    throttled: () =>
      error(state.config.throttling.status, state.config.throttling.code, state.config.throttling.message),
    success(operation, body, emptyWhenNone) {
      const now = state.clock.wallMs();
      const status = body.status ?? 200;
      if (body.value === undefined && emptyWhenNone) return slsResponse(status, undefined, now);
      const value = body.value ?? {};
      if (body.xmlRoot !== undefined) return xmlResponse(status, renderXmlBody(body.xmlRoot, value, body), now);
      const drift = state.faults.contractDrift === true;
      return slsResponse(status, drift ? driftSuccessBody(operation, value) : value, now);
    },
  };
}

const ROUTE_MISS: Readonly<Record<RouteMissKind, readonly [number, string]>> = {
  path: [404, "ParameterInvalid"],
  method: [405, "MethodNotAllowed"],
  "fixed-query": [400, "ParameterInvalid"],
};

/**
 * A bad body is `JsonInfoInvalid` where the operation documents it (CreateConsumerGroup and friends), else
 * `PostBodyInvalid`; a bad query or path parameter is `ParameterInvalid` (docs/alibaba/sls-errors.md).
 */
function invalidCode(operation: CompiledOperation, violations: readonly Violation[]): string {
  if (violations[0]?.check !== "request.body") return "ParameterInvalid";
  return operation.errorCodes.some((c) => c.code === "JsonInfoInvalid") ? "JsonInfoInvalid" : "PostBodyInvalid";
}

/** The JSON body an operation documents: Content-Type, UTF-8 and JSON checked, in that order. */
function decodeJsonBody(
  operation: CompiledOperation,
  request: WireRequest,
  error: (status: number, code: string, message: string) => WireResponse,
): BodyOutcome {
  const bytes = documentedBodyBytes(operation, request);
  if (bytes === undefined) return NO_BODY;
  const type = request.headers["content-type"];
  if (type === undefined || type === "")
    return refuse(
      error(400, "MissingContentType", "The request has a body but no Content-Type; send application/json."),
    );
  if (!JSON_TYPE.test(type))
    return refuse(
      error(400, "InvalidContentType", `Content-Type ${clip(type)} is not supported; send application/json.`),
    );
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return refuse(error(400, "PostBodyInvalid", "The body is not valid UTF-8."));
  }
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch (e) {
    return refuse(error(400, "PostBodyInvalid", `The body is not valid JSON: ${(e as Error).message}`));
  }
}

function refuse(response: WireResponse): BodyOutcome {
  return { ok: false, response };
}

function xmlResponse(status: number, xml: string, nowMs: number): WireResponse {
  const response = slsResponse(status, undefined, nowMs);
  response.headers["content-type"] = "application/xml";
  response.body = xml;
  return response;
}
