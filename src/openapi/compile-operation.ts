/**
 * Compiles one OpenAPI operation into a `CompiledOperation`: parameter coercers, one Ajv validator for
 * all parameters, one for the JSON request body, one per documented response. Everything is compiled
 * here, once; the returned closures only run precompiled code.
 */
import type { ValidateFunction } from "ajv/dist/2020.js";
import { COERCION_FAILED, type Coercer, compileCoercer } from "./compile-coercer.ts";
import type { CompiledOperation, CompiledParameter, RequestInput, RequestValidation } from "./compiled-spec.ts";
import { convertAjvErrors, type ViolationTarget } from "./convert-ajv-errors.ts";
import { describeSchema } from "./describe-schema.ts";
import type { SignatureScheme, XErrorCode, XProduct } from "./extensions.ts";
import { isJsonObject as isObj } from "./is-json-object.ts";
import { prepareSchema } from "./prepare-schema.ts";
import {
  readXApiStyle,
  readXErrorCodes,
  readXFixedQuery,
  readXQpsLimit,
  readXQpsLimitOverflow,
  readXQpsLimitScope,
  readXRamAction,
  readXRpc,
  readXSignatureSchemes,
  readXSource,
  readXTimeWindow,
} from "./read-extensions.ts";
import { resolveLocalRef } from "./resolve-local-ref.ts";
import { compilePathTemplate } from "./roa-router.ts";
import { REGENERATE_HINT, SpecError } from "./spec-error.ts";
import { createViolation, escapePointerToken, NO_VIOLATIONS, renderActual, type Violation } from "./violation.ts";

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

interface ParameterPlan {
  name: string;
  in: "path" | "query" | "header";
  /** The key to read: headers arrive lowercased from Node. */
  lookup: string;
  required: boolean;
  check: string;
  pointer: string;
  expected: string;
  coerce: Coercer;
  missingMessage: string;
}

interface ResponsePlan {
  validate?: ValidateFunction;
  declaresJson: boolean;
}

const LOCATIONS = new Set(["path", "query", "header"]);

/** True for `application/json`, `application/problem+json`, `text/json`, with or without parameters. */
function isJsonMediaType(contentType: string): boolean {
  const semi = contentType.indexOf(";");
  const base = (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  return base === "application/json" || base.endsWith("+json") || base === "text/json";
}

function jsonMediaSchema(content: unknown): { found: boolean; schema: unknown } {
  if (!isObj(content)) return { found: false, schema: undefined };
  for (const [type, media] of Object.entries(content))
    if (isJsonMediaType(type)) return { found: true, schema: isObj(media) ? media.schema : undefined };
  return { found: false, schema: undefined };
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
  const id = op.operationId;
  const at = `${method.toUpperCase()} ${pathKey}`;
  if (typeof id !== "string" || id === "")
    throw new SpecError(`operation ${at} has no operationId. ${REGENERATE_HINT}`);
  const where = `operation '${id}' (${at})`;
  const fail = (problem: string): never => {
    throw new SpecError(`${where}: ${problem}. ${REGENERATE_HINT}`);
  };

  // --- addressing ---------------------------------------------------------------------------------
  const q = pathKey.indexOf("?");
  const pathTemplate = q === -1 ? pathKey : pathKey.slice(0, q);
  const keyQuery: Record<string, string> = {};
  if (q !== -1) for (const [k, v] of new URLSearchParams(pathKey.slice(q + 1))) keyQuery[k] = v;
  let templateParams: string[];
  try {
    templateParams = compilePathTemplate(pathTemplate).flatMap((s) => (s.kind === "param" ? [s.name] : []));
  } catch (err) {
    return fail((err as Error).message);
  }

  const style = readXApiStyle(op, where) ?? ctx.product.style;
  let rpc = readXRpc(op, where);
  let fixedQuery: Record<string, string> = {};
  if (style === "RPC") {
    const action = keyQuery.Action;
    if (rpc === undefined) {
      if (action === undefined || ctx.product.version === undefined)
        fail("an RPC operation needs x-rpc {action, version} (or a '/?Action=…' path key and x-product.version)");
      rpc = { action: action as string, version: ctx.product.version as string };
    } else if (action !== undefined && action !== rpc.action) {
      fail(`path key Action '${action}' differs from x-rpc.action '${rpc.action}'`);
    }
  } else {
    const declared = readXFixedQuery(op, where);
    if (declared !== undefined && q !== -1 && JSON.stringify(declared) !== JSON.stringify(keyQuery))
      fail(`x-fixed-query ${JSON.stringify(declared)} differs from the path key's query ${JSON.stringify(keyQuery)}`);
    fixedQuery = declared ?? keyQuery;
  }

  // --- parameters ----------------------------------------------------------------------------------
  const merged = new Map<string, Obj>();
  for (const list of [pathItem.parameters, op.parameters]) {
    if (list === undefined) continue;
    if (!Array.isArray(list)) fail("'parameters' must be an array");
    for (const raw of list as unknown[]) {
      let p: unknown;
      try {
        p = resolveLocalRef(ctx.doc, raw);
      } catch (err) {
        return fail((err as Error).message);
      }
      if (!isObj(p) || typeof p.name !== "string" || typeof p.in !== "string")
        return fail(`a parameter lacks 'name' or 'in': ${JSON.stringify(raw)}`);
      if (p.in === "cookie") fail(`parameter '${p.name}' is in a cookie; specgate's APIs use none`);
      if (!LOCATIONS.has(p.in)) fail(`parameter '${p.name}' has an unknown location '${p.in}'`);
      merged.set(`${p.in}:${p.name}`, p); // operation-level overrides path-item level (OpenAPI 3.1.0 §4.8.9)
    }
  }

  const parameters: CompiledParameter[] = [];
  const plans: ParameterPlan[] = [];
  const paramProperties: Record<string, unknown> = {};
  const parameterChecks = new Map<string, string>();
  for (const p of merged.values()) {
    const name = p.name as string;
    const loc = p.in as "path" | "query" | "header";
    if (loc === "query" && Object.hasOwn(fixedQuery, name)) continue; // routes, not validated
    if (loc === "path" && !templateParams.includes(name))
      fail(`path parameter '${name}' does not appear in the path template '${pathTemplate}'`);
    if (parameterChecks.has(name))
      fail(`parameter name '${name}' is used in two locations; the validated params record is keyed by name`);
    const rawSchema = p.schema ?? jsonMediaSchema(p.content).schema ?? {};
    if (typeof rawSchema !== "object" && typeof rawSchema !== "boolean")
      fail(`parameter '${name}' has a non-schema 'schema'`);
    const required = loc === "path" ? true : p.required === true;
    const check = `request.${loc}`;
    parameters.push({ name, in: loc, required, schema: rawSchema as object });
    parameterChecks.set(name, check);
    let resolved: unknown;
    try {
      paramProperties[name] = prepareSchema(rawSchema, ctx.componentsId);
      resolved = resolveForCoercion(ctx.doc, rawSchema);
    } catch (err) {
      return fail(`parameter '${name}': ${(err as Error).message}`);
    }
    const explode = p.explode === undefined ? (p.style ?? "form") === "form" : p.explode === true;
    plans.push({
      name,
      in: loc,
      lookup: loc === "header" ? name.toLowerCase() : name,
      required,
      check,
      pointer: `/${escapePointerToken(name)}`,
      expected: describeSchema(resolved),
      coerce: compileCoercer(resolved, explode),
      missingMessage: `Missing required parameter '${name}' (${loc})`,
    });
  }
  for (const name of templateParams)
    if (!plans.some((pl) => pl.in === "path" && pl.name === name))
      fail(`path template parameter '{${name}}' is not declared in 'parameters'`);

  let validateParams: ValidateFunction | undefined;
  if (plans.length > 0)
    validateParams = compileWith(
      ctx,
      `${id}/params`,
      { type: "object", properties: paramProperties },
      fail,
      "parameters",
    );
  const paramTarget: ViolationTarget = { operationId: id, check: "request.query", parameterChecks };

  // --- request body --------------------------------------------------------------------------------
  let requestBody: { required: boolean; schema: object } | undefined;
  let validateBody: ValidateFunction | undefined;
  let bodyRequired = false;
  if (op.requestBody !== undefined) {
    let rb: unknown;
    try {
      rb = resolveLocalRef(ctx.doc, op.requestBody);
    } catch (err) {
      return fail((err as Error).message);
    }
    if (!isObj(rb)) fail("'requestBody' must be an object");
    const rbo = rb as Obj;
    bodyRequired = rbo.required === true;
    const media = jsonMediaSchema(rbo.content);
    if (media.found) {
      const schema = (media.schema ?? {}) as object;
      requestBody = { required: bodyRequired, schema };
      validateBody = compileWith(ctx, `${id}/body`, prepareSchema(schema, ctx.componentsId), fail, "request body");
    }
  }
  const bodyTarget: ViolationTarget = { operationId: id, check: "request.body" };

  // --- responses -----------------------------------------------------------------------------------
  if (!isObj(op.responses) || Object.keys(op.responses).length === 0)
    fail("'responses' must list at least one response");
  const exact = new Map<number, ResponsePlan>();
  const ranges: (ResponsePlan | undefined)[] = [];
  let fallback: ResponsePlan | undefined;
  const documentedStatuses: number[] = [];
  const exampleCodes: XErrorCode[] = [];
  for (const [key, rawResponse] of Object.entries(op.responses as Obj)) {
    let response: unknown;
    try {
      response = resolveLocalRef(ctx.doc, rawResponse);
    } catch (err) {
      return fail(`response '${key}': ${(err as Error).message}`);
    }
    if (!isObj(response)) return fail(`response '${key}' must be an object`);
    const media = jsonMediaSchema(response.content);
    const plan: ResponsePlan = { declaresJson: media.found };
    if (media.found && media.schema !== undefined)
      plan.validate = compileWith(
        ctx,
        `${id}/response/${key}`,
        prepareSchema(media.schema, ctx.componentsId),
        fail,
        `response ${key}`,
      );
    if (key === "default") fallback = plan;
    else if (/^[1-5]XX$/.test(key)) ranges[Number(key[0])] = plan;
    else if (/^[1-5]\d\d$/.test(key)) {
      const status = Number(key);
      exact.set(status, plan);
      documentedStatuses.push(status);
      if (status >= 400)
        try {
          collectExampleCodes(ctx.doc, status, response.content, exampleCodes);
        } catch (err) {
          fail(`response '${key}' examples: ${(err as Error).message}`);
        }
    } else fail(`response key '${key}' is not a status code, a range like 4XX, or 'default'`);
  }
  documentedStatuses.sort((a, b) => a - b);
  const documentedList = Object.keys(op.responses as Obj).join(", ");
  const responseTarget: ViolationTarget = { operationId: id, check: "response.body" };

  // --- extensions -----------------------------------------------------------------------------------
  const errorCodes = readXErrorCodes(op, where);
  for (const c of exampleCodes)
    if (!errorCodes.some((e) => e.status === c.status && e.code === c.code)) errorCodes.push(c);
    else if (c.unconfirmed)
      for (const e of errorCodes) if (e.status === c.status && e.code === c.code) e.unconfirmed = true;
  const timeWindow = readXTimeWindow(op, where);
  if (timeWindow !== undefined)
    for (const name of [timeWindow.start, timeWindow.end])
      if (!parameters.some((p) => p.name === name))
        fail(`x-time-window names parameter '${name}', which the operation does not declare`);

  const compiled: CompiledOperation = {
    id,
    product: ctx.product.id,
    style,
    method: method.toLowerCase(),
    pathTemplate,
    fixedQuery: Object.freeze({ ...fixedQuery }),
    parameters: Object.freeze(parameters),
    errorCodes: Object.freeze(errorCodes),
    signatureSchemes: Object.freeze([...(readXSignatureSchemes(op, where) ?? ctx.documentSchemes)]),
    documentedStatuses: Object.freeze(documentedStatuses),

    validateRequest(input: RequestInput): RequestValidation {
      let violations: Violation[] | undefined; // allocated only when something is wrong
      const params: Record<string, unknown> = {};
      for (let i = 0; i < plans.length; i++) {
        const plan = plans[i] as ParameterPlan;
        const source = plan.in === "query" ? input.query : plan.in === "path" ? input.path : input.headers;
        let raw = source?.[plan.lookup];
        if (raw === undefined && plan.in === "header") raw = source?.[plan.name];
        if (raw === undefined) {
          if (plan.required)
            violations = append(violations, {
              operationId: id,
              check: plan.check,
              expected: plan.expected,
              actual: "(missing)",
              jsonPointer: plan.pointer,
              parameter: plan.name,
              message: plan.missingMessage,
            });
          continue;
        }
        const value = plan.coerce(raw);
        if (value === COERCION_FAILED) {
          violations = append(
            violations,
            createViolation(id, plan.check, plan.pointer, plan.expected, renderActual(raw), plan.name),
          );
          continue;
        }
        params[plan.name] = value;
      }
      if (validateParams !== undefined && !validateParams(params) && validateParams.errors)
        violations = appendAll(violations, convertAjvErrors(validateParams.errors, paramTarget));
      if (validateBody !== undefined) {
        if (input.body === undefined) {
          if (bodyRequired)
            violations = append(
              violations,
              createViolation(id, "request.body", "", describeSchema(requestBody?.schema), "(missing)"),
            );
        } else if (!validateBody(input.body) && validateBody.errors)
          violations = appendAll(violations, convertAjvErrors(validateBody.errors, bodyTarget));
      }
      return violations === undefined ? { ok: true, params } : { ok: false, violations };
    },

    validateResponse(status: number, body: unknown, contentType?: string): Violation[] {
      const plan = exact.get(status) ?? ranges[Math.trunc(status / 100)] ?? fallback;
      if (plan === undefined) return [createViolation(id, "response.status", "", documentedList, String(status))];
      if (plan.declaresJson && contentType !== undefined && !isJsonMediaType(contentType))
        return [createViolation(id, "response.content-type", "", "application/json", renderActual(contentType))];
      if (plan.validate === undefined || plan.validate(body)) return NO_VIOLATIONS;
      return plan.validate.errors ? convertAjvErrors(plan.validate.errors, responseTarget) : NO_VIOLATIONS;
    },
  };
  if (rpc !== undefined) compiled.rpc = rpc;
  if (requestBody !== undefined) compiled.requestBody = requestBody;
  const qpsLimit = readXQpsLimit(op, where);
  if (qpsLimit !== undefined) compiled.qpsLimit = qpsLimit;
  const qpsLimitScope = readXQpsLimitScope(op, where);
  if (qpsLimitScope !== undefined) compiled.qpsLimitScope = qpsLimitScope;
  const qpsLimitOverflow = readXQpsLimitOverflow(op, where);
  if (qpsLimitOverflow !== undefined) compiled.qpsLimitOverflow = qpsLimitOverflow;
  const ramAction = readXRamAction(op, where);
  if (ramAction !== undefined) compiled.ramAction = ramAction;
  if (timeWindow !== undefined) compiled.timeWindow = timeWindow;
  const source = readXSource(op, where);
  if (source !== undefined) compiled.source = source;
  return Object.freeze(compiled);
}

/** `list` with `items` after it (a list of any length: spreading one into a call's arguments overflows the stack). */
function appendAll(list: Violation[] | undefined, items: Violation[]): Violation[] {
  if (list === undefined) return items;
  for (const item of items) list.push(item);
  return list;
}

function append(list: Violation[] | undefined, ...items: Violation[]): Violation[] {
  return appendAll(list, items);
}

function compileWith(
  ctx: OperationContext,
  key: string,
  schema: unknown,
  fail: (p: string) => never,
  what: string,
): ValidateFunction {
  try {
    return ctx.compileSchema(key, schema);
  } catch (err) {
    return fail(`the ${what} schema is rejected by Ajv (strict mode): ${(err as Error).message}`);
  }
}

/** Resolves a parameter schema's top-level and `items` `$ref`s, so the coercer sees the declared types. */
function resolveForCoercion(doc: unknown, schema: unknown): unknown {
  const top = resolveLocalRef(doc, schema);
  if (!isObj(top) || top.items === undefined) return top;
  return { ...top, items: resolveLocalRef(doc, top.items) };
}

/** Error codes named by the examples of an error response (`errorCode` for SLS, `Code` for RPC bodies). */
function collectExampleCodes(doc: unknown, status: number, content: unknown, out: XErrorCode[]): void {
  if (!isObj(content)) return;
  for (const media of Object.values(content)) {
    if (!isObj(media) || !isObj(media.examples)) continue;
    for (const ref of Object.values(media.examples)) {
      const example = resolveLocalRef(doc, ref); // `$ref: #/components/examples/…` is how overlays share codes
      if (!isObj(example) || !isObj(example.value)) continue;
      const v = example.value;
      const code = typeof v.errorCode === "string" ? v.errorCode : typeof v.Code === "string" ? v.Code : undefined;
      if (code === undefined || out.some((e) => e.status === status && e.code === code)) continue;
      const message =
        typeof v.errorMessage === "string" ? v.errorMessage : typeof v.Message === "string" ? v.Message : "";
      const entry: XErrorCode = { status, code, message };
      if (typeof example.description === "string") entry.description = example.description;
      else if (typeof example.summary === "string") entry.description = example.summary;
      if (example["x-unconfirmed"] === true) entry.unconfirmed = true;
      out.push(entry);
    }
  }
}
