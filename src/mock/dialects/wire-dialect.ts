/**
 * A wire dialect: how one family of services speaks HTTP — its signatures, error body, success body and the
 * codes its gateway answers for requests it cannot take. Alibaba Cloud has two: SLS's own (docs/alibaba/sls-errors.md,
 * `{errorCode, errorMessage}`, `LOG`/v4 signatures) and the OpenAPI gateway's, POP (docs/alibaba/pop-errors.md,
 * `{RequestId, HostId, Code, Message, Recommend}`, RPC v1/ACS3 signatures), spoken by every RPC product and the ROA
 * products behind the gateway. A product's `errorBody` names its dialect (create-dialect.ts); the pipeline's stages
 * call these methods and never branch on a product.
 */
import type { CompiledOperation } from "../../openapi/compiled-spec.ts";
import type { Violation } from "../../openapi/violation.ts";
import type { DomainError } from "../domain/domain-error.ts";
import type { Call } from "../pipeline/call.ts";
import type { WireRequest, WireResponse } from "../wire.ts";

/** A successful answer: the body's value, or its JSON members pre-serialised (the hot paths), or nothing. */
export interface SuccessBody {
  ok: true;
  /** The documented success status; default 200. */
  status?: number;
  /** The documented body (RPC: the fields after `RequestId`); `undefined` = none. */
  value?: unknown;
  /** RPC: `JSON.stringify(value)` without its braces, when the behaviour has it ready (same text). */
  membersJson?: string;
  /** Answer in XML (the spec documents only XML for this operation): the root element's name. */
  xmlRoot?: string;
  /** The documented response schema, for XML element names of array items. */
  schema?: unknown;
  /** The spec document the schema's `$ref`s point into. */
  document?: unknown;
}

/** What a behaviour or the spec answers: a success body, or a domain error in the product's error body. */
export type Answer = SuccessBody | { ok: false; error: DomainError };

/** What answering a request in the format it asks for needs besides the answer (request-pipeline.ts). */
export interface AnswerContext {
  request: WireRequest;
  /** The request's decoded parameters, once routing read them (RPC: query and form body). */
  params?: Readonly<Record<string, string | string[]>>;
  /** The operation that answered, when routing found one. */
  operation?: CompiledOperation;
  /** Its documented success schema (names of XML array items), looked up only when needed. */
  successShape?: () => { schema?: unknown; document?: unknown };
}

/** Where routing failed, for `routeMiss`. */
export type RouteMissKind = "path" | "method" | "fixed-query";

/** Authentication: the caller's AccessKeyId, or the answer refusing the request. */
export type AuthOutcome = { ok: true; accessKeyId: string } | { ok: false; response: WireResponse };

/** The decoded body, or the answer refusing it. */
export type BodyOutcome = { ok: true; body: unknown } | { ok: false; response: WireResponse };

export interface WireDialect {
  /** An error answer in the dialect's body (drifted under the `contract-drift` fault). */
  error(status: number, code: string, message: string): WireResponse;
  /** A domain error (a behaviour's, a time-window rule's) in the dialect's body. */
  domainError(error: DomainError): WireResponse;
  /** A request the server could not parse (bad URL encoding, bad HTTP): 400 with the dialect's generic code. */
  badRequest(message: string): WireResponse;
  /** A failure of the mock itself, or the `error-rate` fault: 500. */
  serverError(message: string): WireResponse;
  /** A request that names no operation: unknown path, wrong method, missing or wrong fixed query value. */
  routeMiss(kind: RouteMissKind, message: string): WireResponse;
  /** A required parameter the request lacks, before the spec's validation (RPC `Action`, `Version`). */
  missingParameter(name: string): WireResponse;
  /** Headers that select or sign the request sent more than once. */
  duplicatedHeaders(names: readonly string[]): WireResponse;
  /** A body larger than the product's limit (the connection is closed after it). */
  tooLarge(size: string, limit: number): WireResponse;
  /** Verifies the signature with the product's schemes; RPC also checks the nonce and the signed Action. */
  authenticate(call: Call): AuthOutcome;
  /** Decodes the request body the operation documents (ROA JSON); `undefined` when it has none. */
  decodeBody(operation: CompiledOperation, request: WireRequest): BodyOutcome;
  /** The answer to a request the spec refuses, with the documented codes. */
  invalidRequest(operation: CompiledOperation, violations: readonly Violation[]): WireResponse;
  /** A parameter whose value is an integer beyond 2^53 (never computed with a rounded value). */
  unsafeInteger(name: string, raw: string): WireResponse;
  /** The answer to a request over the operation's rate limit (config `throttling`). */
  throttled(retryAfterMs: number): WireResponse;
  /**
   * The success answer of `operation`, in the format the request asks for (`context`; POP writes XML from the
   * answer's value directly, without a JSON text to rewrite).
   */
  success(
    operation: CompiledOperation,
    body: SuccessBody,
    emptyWhenNone: boolean,
    context: AnswerContext,
  ): WireResponse;
  /**
   * Any answer (success or error) in the format the request asks for: POP's JSON or XML
   * (docs/alibaba/rpc-parameters.md#response-format); a dialect with one format returns it as it is.
   */
  inRequestedFormat(response: WireResponse, context: AnswerContext): WireResponse;
}
