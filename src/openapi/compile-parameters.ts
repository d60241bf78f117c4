/**
 * The request side of `compileOperation`: the operation's parameters (path item and operation level merged,
 * OpenAPI 3.1.0 §4.8.9), one coercer per parameter, one Ajv validator for all of them, one for the JSON request
 * body, and the `validateRequest` closure that runs only precompiled code.
 */
import type { ValidateFunction } from "ajv/dist/2020.js";
import { COERCION_FAILED, type Coercer, compileCoercer } from "./compile-coercer.ts";
import type { OperationContext } from "./compile-operation.ts";
import type { CompiledParameter, RequestInput, RequestValidation } from "./compiled-spec.ts";
import { convertAjvErrors, type ViolationTarget } from "./convert-ajv-errors.ts";
import { describeSchema } from "./describe-schema.ts";
import type { XRpcStyle } from "./extensions.ts";
import {
  collectFlattenedPairs,
  compileGatherer,
  type FlattenedPair,
  type Gatherer,
  MAX_FLATTENED_PAIRS,
} from "./gather-rpc-value.ts";
import { isJsonObject as isObj } from "./is-json-object.ts";
import { countJsonValues, MAX_BODY_VALUES } from "./json-size.ts";
import { prepareSchema } from "./prepare-schema.ts";
import { readXRpcStyle } from "./read-extensions.ts";
import { resolveLocalRef } from "./resolve-local-ref.ts";
import { createViolation, escapePointerToken, renderActual, type Violation } from "./violation.ts";

type Obj = Readonly<Record<string, unknown>>;
type Fail = (problem: string) => never;
type Location = "path" | "query" | "header";

interface ParameterPlan {
  name: string;
  in: Location;
  /** The key to read: headers arrive lowercased from Node. */
  lookup: string;
  required: boolean;
  check: string;
  pointer: string;
  expected: string;
  coerce: Coercer;
  /** `x-rpc-style` `repeatList` or `flat`: the value is gathered from its `Name.…` pairs, never read whole. */
  gather?: Gatherer;
  missingMessage: string;
}

/** The compiled request side of an operation. */
export interface CompiledRequest {
  parameters: CompiledParameter[];
  requestBody?: { required: boolean; schema: object };
  validateRequest(input: RequestInput): RequestValidation;
}

const LOCATIONS = new Set(["path", "query", "header"]);

/** True for `application/json`, `application/problem+json`, `text/json`, with or without parameters. */
export function isJsonMediaType(contentType: string): boolean {
  const semi = contentType.indexOf(";");
  const base = (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  return base === "application/json" || base.endsWith("+json") || base === "text/json";
}

/** The schema of the first JSON media type of a `content` object. */
export function jsonMediaSchema(content: unknown): { found: boolean; schema: unknown } {
  if (!isObj(content)) return { found: false, schema: undefined };
  for (const [type, media] of Object.entries(content))
    if (isJsonMediaType(type)) return { found: true, schema: isObj(media) ? media.schema : undefined };
  return { found: false, schema: undefined };
}

/** Compiles (or looks up) the validator `key`, turning an Ajv refusal into the operation's SpecError. */
export function compileWith(
  ctx: OperationContext,
  key: string,
  schema: unknown,
  fail: Fail,
  what: string,
): ValidateFunction {
  try {
    return ctx.compileSchema(key, schema);
  } catch (err) {
    return fail(`the ${what} schema is rejected by Ajv (strict mode): ${(err as Error).message}`);
  }
}

// --- merging the declared parameters ---------------------------------------------------------------------

function resolveParameter(ctx: OperationContext, raw: unknown, fail: Fail): Obj {
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
  return p;
}

/** Path-item then operation parameters by `in:name`: operation-level overrides path-item level. */
function mergeParameters(ctx: OperationContext, op: Obj, pathItem: Obj, fail: Fail): Map<string, Obj> {
  const merged = new Map<string, Obj>();
  for (const list of [pathItem.parameters, op.parameters]) {
    if (list === undefined) continue;
    if (!Array.isArray(list)) fail("'parameters' must be an array");
    for (const raw of list as unknown[]) {
      const p = resolveParameter(ctx, raw, fail);
      merged.set(`${p.in}:${p.name}`, p);
    }
  }
  return merged;
}

// --- one plan per parameter ------------------------------------------------------------------------------

/** Resolves a parameter schema's top-level and `items` `$ref`s, so the coercer sees the declared types. */
function resolveForCoercion(doc: unknown, schema: unknown): unknown {
  const top = resolveLocalRef(doc, schema);
  if (!isObj(top) || top.items === undefined) return top;
  return { ...top, items: resolveLocalRef(doc, top.items) };
}

interface Addressing {
  pathTemplate: string;
  templateParams: readonly string[];
  fixedQuery: Readonly<Record<string, string>>;
}

function planParameter(
  ctx: OperationContext,
  p: Obj,
  addressing: Addressing,
  seen: ReadonlyMap<string, string>,
  fail: Fail,
): { parameter: CompiledParameter; plan: ParameterPlan; property: unknown } {
  const name = p.name as string;
  const loc = p.in as Location;
  checkPlacement(name, loc, addressing, seen, fail);
  const rawSchema = p.schema ?? jsonMediaSchema(p.content).schema ?? {};
  const required = loc === "path" ? true : p.required === true;
  const { property, resolved } = parameterSchemas(ctx, name, rawSchema, fail);
  const rpcStyle = readRpcStyle(p, name, loc, resolved, fail);
  const explode = p.explode === undefined ? (p.style ?? "form") === "form" : p.explode === true;
  const plan: ParameterPlan = {
    name,
    in: loc,
    lookup: loc === "header" ? name.toLowerCase() : name,
    required,
    check: `request.${loc}`,
    pointer: `/${escapePointerToken(name)}`,
    expected: describeSchema(resolved) + wireHint(name, rpcStyle),
    coerce: rpcStyle === "json" ? parseJsonValue : compileCoercer(resolved, explode && rpcStyle !== "simple"),
    missingMessage: `Missing required parameter '${name}' (${loc})`,
  };
  if (rpcStyle === "repeatList" || rpcStyle === "flat") plan.gather = compileGatherer(ctx.doc, rawSchema);
  const parameter: CompiledParameter = { name, in: loc, required, schema: rawSchema as object };
  if (rpcStyle !== undefined) parameter.rpcStyle = rpcStyle;
  return { parameter, plan, property };
}

/** Coerces every planned parameter into `params`; the violations, or undefined when there are none. */
function coerceParameters(
  id: string,
  plans: readonly ParameterPlan[],
  input: RequestInput,
  params: Record<string, unknown>,
  pairs: Map<string, FlattenedPair[]> | undefined,
): Violation[] | undefined {
  let violations: Violation[] | undefined;
  for (let i = 0; i < plans.length; i++) {
    const v = coerceParameter(id, plans[i] as ParameterPlan, input, params, pairs);
    if (v !== undefined) violations = append(violations, [v]);
  }
  return violations;
}

/** A path parameter appears in the template; a name is used once across locations. */
function checkPlacement(
  name: string,
  loc: Location,
  addressing: Addressing,
  seen: ReadonlyMap<string, string>,
  fail: Fail,
): void {
  if (loc === "path" && !addressing.templateParams.includes(name))
    fail(`path parameter '${name}' does not appear in the path template '${addressing.pathTemplate}'`);
  if (seen.has(name))
    fail(`parameter name '${name}' is used in two locations; the validated params record is keyed by name`);
}

/** The parameter's schema prepared for Ajv (`property`) and resolved for coercion. */
function parameterSchemas(
  ctx: OperationContext,
  name: string,
  rawSchema: unknown,
  fail: Fail,
): { property: unknown; resolved: unknown } {
  if (typeof rawSchema !== "object" && typeof rawSchema !== "boolean")
    fail(`parameter '${name}' has a non-schema 'schema'`);
  try {
    return { property: prepareSchema(rawSchema, ctx.componentsId), resolved: resolveForCoercion(ctx.doc, rawSchema) };
  } catch (err) {
    return fail(`parameter '${name}': ${(err as Error).message}`);
  }
}

/** The schema type each `x-rpc-style` serialises (docs/alibaba/rpc-parameters.md#styles). */
const STYLE_TYPES: Readonly<Record<XRpcStyle, readonly string[]>> = {
  repeatList: ["array"],
  flat: ["object"],
  json: ["array", "object"],
  simple: ["array"],
};

/** The parameter's `x-rpc-style`, checked against its location and type. */
function readRpcStyle(p: Obj, name: string, loc: Location, resolved: unknown, fail: Fail): XRpcStyle | undefined {
  const style = readXRpcStyle(p, `parameter '${name}'`);
  if (style === undefined) return undefined;
  if (loc !== "query")
    fail(`parameter '${name}' has x-rpc-style but is in the ${loc}; RPC parameters are query or form pairs`);
  const type = isObj(resolved) ? resolved.type : undefined;
  if (typeof type !== "string" || !STYLE_TYPES[style].includes(type))
    fail(
      `parameter '${name}' has x-rpc-style ${style}, which serialises ${STYLE_TYPES[style].join(" or ")}; its schema is ${describeSchema(resolved)}`,
    );
  return style;
}

/** How the value travels, for violations of a serialised parameter: `Users.1, Users.2, …`. */
function wireHint(name: string, style: XRpcStyle | undefined): string {
  switch (style) {
    case "repeatList":
      return `, sent as ${name}.1, ${name}.2, …`;
    case "flat":
      return `, sent as ${name}.<member>`;
    case "json":
      return ", sent as JSON text";
    case "simple":
      return ", sent as one comma-separated value";
    default:
      return "";
  }
}

/**
 * A `json` parameter's wire text parsed (its schema validates the result); refused past MAX_BODY_VALUES values, like
 * a body (docs/mock-limits.md#request-size), since validation reports one violation per bad value.
 */
function parseJsonValue(raw: string | readonly string[]): unknown {
  if (typeof raw !== "string") return COERCION_FAILED;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return COERCION_FAILED;
  }
  return countJsonValues(value) > MAX_BODY_VALUES ? COERCION_FAILED : value;
}

function planParameters(
  ctx: OperationContext,
  merged: ReadonlyMap<string, Obj>,
  addressing: Addressing,
  fail: Fail,
): {
  parameters: CompiledParameter[];
  plans: ParameterPlan[];
  properties: Record<string, unknown>;
  checks: Map<string, string>;
} {
  const parameters: CompiledParameter[] = [];
  const plans: ParameterPlan[] = [];
  const properties: Record<string, unknown> = {};
  const checks = new Map<string, string>();
  for (const p of merged.values()) {
    if (p.in === "query" && Object.hasOwn(addressing.fixedQuery, p.name as string)) continue; // routes, not validated
    const planned = planParameter(ctx, p, addressing, checks, fail);
    parameters.push(planned.parameter);
    plans.push(planned.plan);
    properties[planned.plan.name] = planned.property;
    checks.set(planned.plan.name, planned.plan.check);
  }
  for (const name of addressing.templateParams)
    if (!plans.some((pl) => pl.in === "path" && pl.name === name))
      fail(`path template parameter '{${name}}' is not declared in 'parameters'`);
  return { parameters, plans, properties, checks };
}

// --- request body --------------------------------------------------------------------------------------

interface BodyPlan {
  requestBody?: { required: boolean; schema: object };
  validate?: ValidateFunction;
  required: boolean;
}

function compileBody(ctx: OperationContext, id: string, op: Obj, fail: Fail): BodyPlan {
  if (op.requestBody === undefined) return { required: false };
  let rb: unknown;
  try {
    rb = resolveLocalRef(ctx.doc, op.requestBody);
  } catch (err) {
    return fail((err as Error).message);
  }
  if (!isObj(rb)) return fail("'requestBody' must be an object");
  const required = rb.required === true;
  const media = jsonMediaSchema(rb.content);
  if (!media.found) return { required };
  const schema = (media.schema ?? {}) as object;
  const validate = compileWith(ctx, `${id}/body`, prepareSchema(schema, ctx.componentsId), fail, "request body");
  return { requestBody: { required, schema }, validate, required };
}

// --- validateRequest -----------------------------------------------------------------------------------

/** `list` with `items` after it, pushed one by one: spreading 100 000 violations into push() overflows the stack. */
function append(list: Violation[] | undefined, items: Violation[]): Violation[] {
  if (list === undefined) return items;
  for (const item of items) list.push(item);
  return list;
}

function sourceOf(input: RequestInput, loc: Location): Readonly<Record<string, unknown>> | undefined {
  return loc === "query" ? input.query : loc === "path" ? input.path : input.headers;
}

function missing(id: string, plan: ParameterPlan): Violation | undefined {
  if (!plan.required) return undefined;
  return {
    operationId: id,
    check: plan.check,
    expected: plan.expected,
    actual: "(missing)",
    jsonPointer: plan.pointer,
    parameter: plan.name,
    message: plan.missingMessage,
  };
}

/** A flattened parameter gathered from its `Name.…` pairs into `params`; returns its violation, if any. */
function gatherParameter(
  id: string,
  plan: ParameterPlan & { gather: Gatherer },
  whole: string | readonly string[] | undefined,
  pairs: readonly FlattenedPair[] | undefined,
  params: Record<string, unknown>,
): Violation | undefined {
  // `Users=a` for a list the SDKs send as `Users.1=a`: the gateway would not read it as the list.
  if (whole !== undefined)
    return createViolation(
      id,
      plan.check,
      plan.pointer,
      plan.expected,
      renderActual(`${plan.name}=${whole}`),
      plan.name,
    );
  if (pairs === undefined) return missing(id, plan);
  const gathered = plan.gather(plan.name, pairs);
  if (gathered.ok) {
    params[plan.name] = gathered.value;
    return undefined;
  }
  const actual = `${renderActual(gathered.pair)} (${gathered.reason})`;
  return createViolation(id, plan.check, plan.pointer, plan.expected, actual, plan.name);
}

/** Coerces one parameter into `params`; returns its violation, if any. */
function coerceParameter(
  id: string,
  plan: ParameterPlan,
  input: RequestInput,
  params: Record<string, unknown>,
  pairs: ReadonlyMap<string, FlattenedPair[]> | undefined,
): Violation | undefined {
  const source = sourceOf(input, plan.in);
  let raw = source?.[plan.lookup] as string | readonly string[] | undefined;
  if (plan.gather !== undefined)
    return gatherParameter(id, plan as ParameterPlan & { gather: Gatherer }, raw, pairs?.get(plan.name), params);
  if (raw === undefined && plan.in === "header") raw = source?.[plan.name] as string | readonly string[] | undefined;
  if (raw === undefined) return missing(id, plan);
  const value = plan.coerce(raw);
  if (value === COERCION_FAILED)
    return createViolation(id, plan.check, plan.pointer, plan.expected, renderActual(raw), plan.name);
  params[plan.name] = value;
  return undefined;
}

function bodyViolations(id: string, body: BodyPlan, input: RequestInput, target: ViolationTarget): Violation[] {
  const validate = body.validate;
  if (validate === undefined) return [];
  if (input.body === undefined)
    return body.required
      ? [createViolation(id, "request.body", "", describeSchema(body.requestBody?.schema), "(missing)")]
      : [];
  if (validate(input.body) || !validate.errors) return [];
  return convertAjvErrors(validate.errors, target);
}

function tooManyPairs(id: string, parameter: string): Violation {
  const expected = `at most ${MAX_FLATTENED_PAIRS} pairs for the flattened parameters together`;
  const actual = `more than ${MAX_FLATTENED_PAIRS} (docs/mock-limits.md#request-size)`;
  return createViolation(id, "request.query", `/${escapePointerToken(parameter)}`, expected, actual, parameter);
}

/** Compiles the request side of the operation `id` at `op` (see the sections above). */
export function compileRequest(
  ctx: OperationContext,
  id: string,
  op: Obj,
  pathItem: Obj,
  addressing: Addressing,
  fail: Fail,
): CompiledRequest {
  const merged = mergeParameters(ctx, op, pathItem, fail);
  const { parameters, plans, properties, checks } = planParameters(ctx, merged, addressing, fail);
  const validateParams =
    plans.length > 0 ? compileWith(ctx, `${id}/params`, { type: "object", properties }, fail, "parameters") : undefined;
  const paramTarget: ViolationTarget = { operationId: id, check: "request.query", parameterChecks: checks };
  const body = compileBody(ctx, id, op, fail);
  const bodyTarget: ViolationTarget = { operationId: id, check: "request.body" };

  const gathered = new Set(plans.flatMap((pl) => (pl.gather === undefined ? [] : [pl.name])));
  const validateRequest = (input: RequestInput): RequestValidation => {
    const params: Record<string, unknown> = {};
    const collected = gathered.size > 0 ? collectFlattenedPairs(input.query, gathered) : undefined;
    if (collected !== undefined && !collected.ok)
      return { ok: false, violations: [tooManyPairs(id, collected.parameter)] };
    // allocated only when something is wrong
    let violations = coerceParameters(id, plans, input, params, collected?.pairs);
    if (validateParams !== undefined && !validateParams(params) && validateParams.errors)
      violations = append(violations, convertAjvErrors(validateParams.errors, paramTarget));
    const fromBody = bodyViolations(id, body, input, bodyTarget);
    if (fromBody.length > 0) violations = append(violations, fromBody);
    return violations === undefined ? { ok: true, params } : { ok: false, violations };
  };
  return body.requestBody === undefined
    ? { parameters, validateRequest }
    : { parameters, requestBody: body.requestBody, validateRequest };
}
