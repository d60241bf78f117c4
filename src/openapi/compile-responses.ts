/**
 * The response side of `compileOperation`: one Ajv validator per documented response (exact status, `4XX`-style
 * range, `default`), the error codes the error responses' examples name, and the `validateResponse` closure.
 */
import type { ValidateFunction } from "ajv/dist/2020.js";
import type { OperationContext } from "./compile-operation.ts";
import { compileWith, isJsonMediaType, jsonMediaSchema } from "./compile-parameters.ts";
import { convertAjvErrors, type ViolationTarget } from "./convert-ajv-errors.ts";
import type { XErrorCode } from "./extensions.ts";
import { isJsonObject as isObj } from "./is-json-object.ts";
import { prepareSchema } from "./prepare-schema.ts";
import { resolveLocalRef } from "./resolve-local-ref.ts";
import { createViolation, NO_VIOLATIONS, renderActual, type Violation } from "./violation.ts";

type Obj = Readonly<Record<string, unknown>>;
type Fail = (problem: string) => never;

interface ResponsePlan {
  validate?: ValidateFunction;
  declaresJson: boolean;
}

/** The compiled response side of an operation. */
export interface CompiledResponses {
  /** Numeric documented statuses, ascending (`default` excluded). */
  documentedStatuses: number[];
  /** Codes named by the examples of the error responses (`errorCode` for SLS, `Code` for RPC bodies). */
  exampleCodes: XErrorCode[];
  validateResponse(status: number, body: unknown, contentType?: string): Violation[];
}

/** The error code and message an example body names, if it names one. */
function codeOfExample(v: Obj): { code: string; message: string } | undefined {
  const code = typeof v.errorCode === "string" ? v.errorCode : typeof v.Code === "string" ? v.Code : undefined;
  if (code === undefined) return undefined;
  const message = typeof v.errorMessage === "string" ? v.errorMessage : typeof v.Message === "string" ? v.Message : "";
  return { code, message };
}

function exampleEntry(status: number, example: Obj, named: { code: string; message: string }): XErrorCode {
  const entry: XErrorCode = { status, code: named.code, message: named.message };
  if (typeof example.description === "string") entry.description = example.description;
  else if (typeof example.summary === "string") entry.description = example.summary;
  if (example["x-unconfirmed"] === true) entry.unconfirmed = true;
  return entry;
}

/** Error codes named by the examples of an error response. */
function collectExampleCodes(doc: unknown, status: number, content: unknown, out: XErrorCode[]): void {
  if (!isObj(content)) return;
  for (const media of Object.values(content)) {
    if (!isObj(media) || !isObj(media.examples)) continue;
    for (const ref of Object.values(media.examples)) {
      const example = resolveLocalRef(doc, ref); // `$ref: #/components/examples/…` is how overlays share codes
      if (!isObj(example) || !isObj(example.value)) continue;
      const named = codeOfExample(example.value);
      if (named === undefined || out.some((e) => e.status === status && e.code === named.code)) continue;
      out.push(exampleEntry(status, example, named));
    }
  }
}

function resolveResponse(ctx: OperationContext, key: string, raw: unknown, fail: Fail): Obj {
  let response: unknown;
  try {
    response = resolveLocalRef(ctx.doc, raw);
  } catch (err) {
    return fail(`response '${key}': ${(err as Error).message}`);
  }
  if (!isObj(response)) return fail(`response '${key}' must be an object`);
  return response;
}

/** The plans of one operation's responses, by exact status, by range (`4XX` → index 4) and `default`. */
interface ResponsePlans {
  exact: Map<number, ResponsePlan>;
  ranges: (ResponsePlan | undefined)[];
  fallback?: ResponsePlan;
}

/** Files one response's plan under its key; false when the key is none of a status, a range or `default`. */
function fileResponse(plans: ResponsePlans, key: string, plan: ResponsePlan): boolean {
  if (key === "default") plans.fallback = plan;
  else if (/^[1-5]XX$/.test(key)) plans.ranges[Number(key[0])] = plan;
  else if (/^[1-5]\d\d$/.test(key)) plans.exact.set(Number(key), plan);
  else return false;
  return true;
}

function planResponse(ctx: OperationContext, id: string, key: string, response: Obj, fail: Fail): ResponsePlan {
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
  return plan;
}

/** Compiles the responses of operation `id` at `op`. */
export function compileResponses(ctx: OperationContext, id: string, op: Obj, fail: Fail): CompiledResponses {
  if (!isObj(op.responses) || Object.keys(op.responses).length === 0)
    fail("'responses' must list at least one response");
  const plans: ResponsePlans = { exact: new Map(), ranges: [] };
  const exampleCodes: XErrorCode[] = [];
  for (const [key, raw] of Object.entries(op.responses as Obj)) {
    const response = resolveResponse(ctx, key, raw, fail);
    if (!fileResponse(plans, key, planResponse(ctx, id, key, response, fail)))
      fail(`response key '${key}' is not a status code, a range like 4XX, or 'default'`);
    const status = Number(key);
    if (!Number.isInteger(status) || status < 400) continue;
    try {
      collectExampleCodes(ctx.doc, status, response.content, exampleCodes);
    } catch (err) {
      fail(`response '${key}' examples: ${(err as Error).message}`);
    }
  }
  const documentedStatuses = [...plans.exact.keys()].sort((a, b) => a - b);
  const documentedList = Object.keys(op.responses as Obj).join(", ");
  const target: ViolationTarget = { operationId: id, check: "response.body" };

  const validateResponse = (status: number, body: unknown, contentType?: string): Violation[] => {
    const plan = plans.exact.get(status) ?? plans.ranges[Math.trunc(status / 100)] ?? plans.fallback;
    if (plan === undefined) return [createViolation(id, "response.status", "", documentedList, String(status))];
    if (plan.declaresJson && contentType !== undefined && !isJsonMediaType(contentType))
      return [createViolation(id, "response.content-type", "", "application/json", renderActual(contentType))];
    if (plan.validate === undefined || plan.validate(body)) return NO_VIOLATIONS;
    return plan.validate.errors ? convertAjvErrors(plan.validate.errors, target) : NO_VIOLATIONS;
  };
  return { documentedStatuses, exampleCodes, validateResponse };
}
