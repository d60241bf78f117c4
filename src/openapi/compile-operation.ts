/**
 * Compiles one OpenAPI operation into a `CompiledOperation`: its addressing (path template, fixed query, RPC
 * Action and Version), its request side (compile-parameters.ts: coercers, one Ajv validator for all parameters,
 * one for the JSON body), its responses (compile-responses.ts: one validator per documented response) and its
 * `x-` extensions. Everything is compiled here, once; the returned closures only run precompiled code.
 */
import type { ValidateFunction } from "ajv/dist/2020.js";
import { compileRequest } from "./compile-parameters.ts";
import { compileResponses } from "./compile-responses.ts";
import type { CompiledOperation } from "./compiled-spec.ts";
import type { SignatureScheme, XApiStyle, XErrorCode, XProduct, XRpc } from "./extensions.ts";
import {
  QPS_WINDOW_MS,
  readXApiStyle,
  readXErrorCodes,
  readXFixedQuery,
  readXQpsLimit,
  readXQpsLimitOverflow,
  readXQpsLimitScope,
  readXQpsLimitWindow,
  readXRamAction,
  readXReadOnly,
  readXRpc,
  readXSignatureSchemes,
  readXSource,
  readXTimeWindow,
} from "./read-extensions.ts";
import { compilePathTemplate } from "./roa-router.ts";
import { REGENERATE_HINT, SpecError } from "./spec-error.ts";

/** What every operation of a document shares. */
export interface OperationContext {
  doc: Readonly<Record<string, unknown>>;
  /**
   * Compiles (or, for pre-generated validators, looks up) the validator named `key`; `key` is stable across
   * runs (`<operationId>/params`, `/body`, `/response/<status>`), see compile-spec.ts.
   */
  compileSchema(key: string, schema: unknown): ValidateFunction;
  componentsId: string;
  product: XProduct;
  documentSchemes: readonly SignatureScheme[];
}

type Obj = Readonly<Record<string, unknown>>;
type Fail = (problem: string) => never;

/** How the operation is addressed on the wire. */
interface Addressing {
  pathTemplate: string;
  templateParams: string[];
  style: XApiStyle;
  rpc?: XRpc;
  fixedQuery: Record<string, string>;
}

// --- addressing ------------------------------------------------------------------------------------------

function splitPathKey(pathKey: string): { pathTemplate: string; keyQuery: Record<string, string>; hasQuery: boolean } {
  const q = pathKey.indexOf("?");
  const keyQuery: Record<string, string> = {};
  if (q === -1) return { pathTemplate: pathKey, keyQuery, hasQuery: false };
  for (const [k, v] of new URLSearchParams(pathKey.slice(q + 1))) keyQuery[k] = v;
  return { pathTemplate: pathKey.slice(0, q), keyQuery, hasQuery: true };
}

/** The RPC Action and Version: `x-rpc`, else the path key's `?Action=` with `x-product.version`. */
function rpcAddress(ctx: OperationContext, op: Obj, where: string, keyQuery: Record<string, string>, fail: Fail): XRpc {
  const rpc = readXRpc(op, where);
  const action = keyQuery.Action;
  if (rpc === undefined) {
    if (action === undefined || ctx.product.version === undefined)
      fail("an RPC operation needs x-rpc {action, version} (or a '/?Action=…' path key and x-product.version)");
    return { action: action as string, version: ctx.product.version as string };
  }
  if (action !== undefined && action !== rpc.action)
    fail(`path key Action '${action}' differs from x-rpc.action '${rpc.action}'`);
  return rpc;
}

function compileAddressing(ctx: OperationContext, pathKey: string, op: Obj, where: string, fail: Fail): Addressing {
  const { pathTemplate, keyQuery, hasQuery } = splitPathKey(pathKey);
  let templateParams: string[];
  try {
    templateParams = compilePathTemplate(pathTemplate).flatMap((s) => (s.kind === "param" ? [s.name] : []));
  } catch (err) {
    return fail((err as Error).message);
  }
  const style = readXApiStyle(op, where) ?? ctx.product.style;
  if (style === "RPC")
    return { pathTemplate, templateParams, style, rpc: rpcAddress(ctx, op, where, keyQuery, fail), fixedQuery: {} };
  const declared = readXFixedQuery(op, where);
  if (declared !== undefined && hasQuery && JSON.stringify(declared) !== JSON.stringify(keyQuery))
    fail(`x-fixed-query ${JSON.stringify(declared)} differs from the path key's query ${JSON.stringify(keyQuery)}`);
  return { pathTemplate, templateParams, style, fixedQuery: declared ?? keyQuery };
}

// --- extensions ------------------------------------------------------------------------------------------

/** `x-error-codes` plus every code the error responses' examples name (an unconfirmed example marks its code). */
function mergeErrorCodes(declared: XErrorCode[], fromExamples: readonly XErrorCode[]): XErrorCode[] {
  for (const c of fromExamples) {
    const same = declared.filter((e) => e.status === c.status && e.code === c.code);
    if (same.length === 0) declared.push(c);
    else if (c.unconfirmed) for (const e of same) e.unconfirmed = true;
  }
  return declared;
}

/** The optional extensions, set on `compiled` only when present. */
function assignOptionalExtensions(compiled: CompiledOperation, op: Obj, where: string): void {
  const optional: Partial<CompiledOperation> = {
    qpsLimit: readXQpsLimit(op, where),
    qpsLimitScope: readXQpsLimitScope(op, where),
    qpsLimitWindowMs: op["x-qps-limit"] === undefined ? undefined : QPS_WINDOW_MS[readXQpsLimitWindow(op, where)],
    qpsLimitOverflow: readXQpsLimitOverflow(op, where),
    ramAction: readXRamAction(op, where),
    readOnly: readXReadOnly(op, where),
    source: readXSource(op, where),
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) Object.assign(compiled, { [k]: v });
}

function requireOperationId(op: Obj, method: string, pathKey: string): string {
  const id = op.operationId;
  if (typeof id !== "string" || id === "")
    throw new SpecError(`operation ${method.toUpperCase()} ${pathKey} has no operationId. ${REGENERATE_HINT}`);
  return id;
}

/**
 * Compiles the operation at `paths[pathKey][method]`. Throws SpecError naming the operation when the
 * operation, its extensions or its schemas are malformed.
 */
export function compileOperation(
  ctx: OperationContext,
  pathKey: string,
  method: string,
  op: Obj,
  pathItem: Obj,
): CompiledOperation {
  const id = requireOperationId(op, method, pathKey);
  const where = `operation '${id}' (${method.toUpperCase()} ${pathKey})`;
  const fail: Fail = (problem) => {
    throw new SpecError(`${where}: ${problem}. ${REGENERATE_HINT}`);
  };
  const addressing = compileAddressing(ctx, pathKey, op, where, fail);
  const request = compileRequest(ctx, id, op, pathItem, addressing, fail);
  const responses = compileResponses(ctx, id, op, fail);
  const errorCodes = mergeErrorCodes(readXErrorCodes(op, where), responses.exampleCodes);
  const timeWindow = readXTimeWindow(op, where);
  for (const name of timeWindow === undefined ? [] : [timeWindow.start, timeWindow.end])
    if (!request.parameters.some((p) => p.name === name))
      fail(`x-time-window names parameter '${name}', which the operation does not declare`);

  const compiled: CompiledOperation = {
    id,
    product: ctx.product.id,
    style: addressing.style,
    method: method.toLowerCase(),
    pathTemplate: addressing.pathTemplate,
    fixedQuery: Object.freeze({ ...addressing.fixedQuery }),
    parameters: Object.freeze(request.parameters),
    errorCodes: Object.freeze(errorCodes),
    signatureSchemes: Object.freeze([...(readXSignatureSchemes(op, where) ?? ctx.documentSchemes)]),
    documentedStatuses: Object.freeze(responses.documentedStatuses),
    validateRequest: request.validateRequest,
    validateResponse: responses.validateResponse,
  };
  if (addressing.rpc !== undefined) compiled.rpc = addressing.rpc;
  if (request.requestBody !== undefined) compiled.requestBody = request.requestBody;
  if (timeWindow !== undefined) compiled.timeWindow = timeWindow;
  assignOptionalExtensions(compiled, op, where);
  return Object.freeze(compiled);
}
