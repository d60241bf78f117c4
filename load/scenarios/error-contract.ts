/**
 * The documented error contract of one operation, read from the spec document: which statuses carry
 * which error codes (the per-code `examples` of each error response, docs/spec-contract.md#error-responses),
 * plus a body check.
 *
 * The body check is Ajv's, on both engines: in Node the compiled operation's `validateResponse`; in k6
 * (which cannot compile validators: Ajv builds them with `new Function`) the same validators generated
 * ahead of time as standalone code (specs/<id>.validators.cjs, `npm run gen:validators`), bundled into the
 * script and read through {@link checkBodiesWith}. Both report through `convertAjvErrors`, so a drift reads
 * the same whichever engine found it.
 */
import type { ErrorObject } from "ajv/dist/2020.js";
import { convertAjvErrors } from "../../src/openapi/convert-ajv-errors.ts";
import { createViolation, type Violation } from "../../src/openapi/violation.ts";
import { findSpecOperation } from "./spec-operation.ts";

/** The POP gateway's throttling codes (docs/alibaba/pop-errors.md#flow-control). */
export const THROTTLING_CODES: readonly string[] = ["Throttling", "Throttling.User", "Throttling.Api"];

/** What the rate-limit scenario checks a throttled answer against. */
export interface ErrorContract {
  operationId: string;
  /** Statuses the spec documents a throttling code for (e.g. [400]); empty when it documents none. */
  throttlingStatuses: readonly number[];
  /** Problems of `body` as the answer with `status` (empty = conforms). */
  validate(status: number, body: unknown): string[];
}

type Json = Record<string, unknown>;

function isObject(x: unknown): x is Json {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function resolveRef(doc: Json, node: unknown): unknown {
  let current = node;
  for (let hops = 0; isObject(current) && typeof current.$ref === "string"; hops++) {
    const ref = current.$ref;
    if (!ref.startsWith("#/") || hops > 20)
      throw new Error(`cannot resolve $ref "${ref}" (only local refs are supported)`);
    let target: unknown = doc;
    for (const part of ref.slice(2).split("/")) {
      const key = part.replace(/~1/g, "/").replace(/~0/g, "~");
      target = isObject(target) ? target[key] : undefined;
    }
    if (target === undefined) throw new Error(`$ref "${ref}" points nowhere in the spec`);
    current = target;
  }
  return current;
}

/** Statuses whose documented examples name a throttling code. */
function findThrottlingStatuses(doc: Json, op: Json): number[] {
  const out: number[] = [];
  const responses = isObject(op.responses) ? op.responses : {};
  for (const [status, raw] of Object.entries(responses)) {
    const response = resolveRef(doc, raw);
    if (!isObject(response) || !isObject(response.content) || !/^\d{3}$/.test(status)) continue;
    const media = resolveRef(doc, response.content["application/json"]);
    const examples = isObject(media) && isObject(media.examples) ? media.examples : {};
    if (Object.keys(examples).some((k) => THROTTLING_CODES.includes(k))) out.push(Number(status));
  }
  return out.sort((a, b) => a - b);
}

/** Builds the contract of `operationId` from the spec document, with `validateBody` as its body check. */
export function errorContractFromSpec(
  document: unknown,
  operationId: string,
  validateBody: (status: number, body: unknown) => string[],
): ErrorContract {
  if (!isObject(document)) throw new Error("the spec document must be an object");
  const op = findSpecOperation(document, operationId);
  return { operationId, throttlingStatuses: findThrottlingStatuses(document, op), validate: validateBody };
}

/** One body violation as the contract reports it (its message names operation, check, pointer, expected, actual). */
export function describeBodyViolation(v: Violation): string {
  return v.message;
}

/** A validator as the generated modules export it (Ajv standalone code, compiled with `verbose: true`). */
export interface GeneratedValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/**
 * The body check of `operationId` by generated validators (keys `<operationId>/response/<key>`,
 * src/openapi/compile-spec.ts), resolved and worded as Node's `validateResponse` (src/openapi/compile-operation.ts):
 * the exact status, else its range (`4XX`), else `default` among the responses `document` (the spec) lists; a
 * response documented without a JSON schema accepts any body; a status with no documented response is a
 * `response.status` violation naming the documented ones.
 */
export function checkBodiesWith(
  validators: Readonly<Record<string, GeneratedValidator | undefined>>,
  operationId: string,
  document: unknown,
): (status: number, body: unknown) => string[] {
  if (!isObject(document)) throw new Error("the spec document must be an object");
  const prefix = `${operationId}/response/`;
  const responses = findSpecOperation(document, operationId).responses;
  const documented = isObject(responses) ? Object.keys(responses) : [];
  return (status, body) => {
    const key = [String(status), `${Math.trunc(status / 100)}XX`, "default"].find((k) => documented.includes(k));
    if (key === undefined)
      return [createViolation(operationId, "response.status", "", documented.join(", "), String(status)).message];
    const validate = validators[`${prefix}${key}`];
    if (validate === undefined || validate(body)) return [];
    return convertAjvErrors(validate.errors ?? [], { operationId, check: "response.body" }).map(describeBodyViolation);
  };
}
