/**
 * The shapes `compileSpec` returns (contract: /work/shared briefs, "compileSpec"). Handlers, contract checks
 * and scenarios only read these; nothing compiles a schema after `compileSpec` returns.
 */
import type { SignatureScheme, XErrorCode, XProduct, XRpcStyle, XSource, XTimeWindow } from "./extensions.ts";
import type { Violation } from "./violation.ts";

/** One declared request parameter (the OpenAPI schema as written in the document). */
export interface CompiledParameter {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  schema: object;
  /** `x-rpc-style`: how an RPC list or object travels as pairs (docs/alibaba/rpc-parameters.md#styles). */
  rpcStyle?: XRpcStyle;
}

/** Input of `validateRequest`: wire values as strings, body already parsed from JSON. */
export interface RequestInput {
  path: Record<string, string>;
  query: Record<string, string | string[] | undefined>;
  headers?: Record<string, string | string[] | undefined>;
  body?: unknown;
}

/** Result of `validateRequest`: the coerced parameters, or every violation found. */
export type RequestValidation = { ok: true; params: Record<string, unknown> } | { ok: false; violations: Violation[] };

/** One operation with its validators compiled. */
export interface CompiledOperation {
  id: string;
  product: string;
  style: "ROA" | "RPC";
  /** Lowercase OpenAPI method, e.g. "post". RPC operations accept GET and POST on the wire regardless. */
  method: string;
  /** The path without the fixed query, e.g. "/logstores/{logstore}/consumergroups/{consumerGroup}"; "/" for RPC. */
  pathTemplate: string;
  fixedQuery: Readonly<Record<string, string>>;
  rpc?: { action: string; version: string };
  parameters: readonly CompiledParameter[];
  requestBody?: { required: boolean; schema: object };
  qpsLimit?: number;
  /** The window `qpsLimit` counts over, ms (`x-qps-limit-window`: 1000 per second, 60000 per minute). */
  qpsLimitWindowMs?: number;
  qpsLimitScope?: string;
  qpsLimitOverflow?: string;
  ramAction?: string;
  /** `x-read-only`, when the spec states it. */
  readOnly?: boolean;
  timeWindow?: XTimeWindow;
  /** `x-error-codes` plus every code found in the examples of the error responses (overlays add those). */
  errorCodes: readonly XErrorCode[];
  signatureSchemes: readonly SignatureScheme[];
  /** `x-source`: the page (or "overlay") the operation came from; for reports. */
  source?: XSource;
  /** Numeric response statuses documented for this operation, ascending (`default` excluded). */
  documentedStatuses: readonly number[];
  /** Coerces string inputs to the declared types (query/path/header values arrive as strings) and validates. */
  validateRequest(input: RequestInput): RequestValidation;
  /**
   * Validates a response body against the exact documented status, else its `4XX`-style range, else `default`;
   * an undocumented status is a violation. Returns a shared frozen empty array when there is none.
   */
  validateResponse(status: number, body: unknown, contentType?: string): Violation[];
}

/** A product's compiled document. */
export interface CompiledSpec {
  product: XProduct;
  /** The source document, deep-frozen. */
  document: Readonly<Record<string, unknown>>;
  /** Keyed by operationId. */
  operations: ReadonlyMap<string, CompiledOperation>;
  /** ROA routing, precompiled matchers (no per-request RegExp/sort). `undefined` when nothing matches. */
  matchRoa(
    method: string,
    path: string,
    query: Readonly<Record<string, string | string[] | undefined>>,
  ): { operation: CompiledOperation; pathParams: Record<string, string> } | undefined;
  /** True if some ROA operation has this path (any method, fixed query ignored): 405 rather than 404 when `matchRoa` fails. */
  pathExists(path: string): boolean;
  /** The RPC operation for an `Action`, case-sensitive as on the wire. */
  matchRpc(action: string): CompiledOperation | undefined;
}
