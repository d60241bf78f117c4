/**
 * The documented error contract of one operation, read from the spec document: which statuses carry
 * which error codes (the per-code `examples` of each error response, spec-contract.md "Error responses")
 * and the error-body schema of each status (else `default`).
 *
 * In Node the body check is the compiled Ajv validator (`CompiledOperation.validateResponse`), passed in.
 * k6 cannot run Ajv (it compiles validators with `new Function` and Node modules), so the k6 bundles use
 * `validateSubset` below: a small JSON Schema checker for the keywords error bodies use. A schema using
 * any other assertion keyword is refused when the contract is built, never silently passed.
 */

/** The POP gateway's throttling codes (facts §5). */
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

function findOperation(doc: Json, operationId: string): Json {
  const paths = isObject(doc.paths) ? doc.paths : {};
  for (const item of Object.values(paths)) {
    if (!isObject(item)) continue;
    for (const op of Object.values(item)) if (isObject(op) && op.operationId === operationId) return op;
  }
  throw new Error(`operation ${operationId} is not in the spec`);
}

const ANNOTATIONS = new Set([
  "description",
  "title",
  "example",
  "examples",
  "default",
  "deprecated",
  "format",
  "readOnly",
  "writeOnly",
  "$comment",
]);
const SUPPORTED = new Set([
  "type",
  "required",
  "properties",
  "additionalProperties",
  "items",
  "enum",
  "const",
  "minimum",
  "maximum",
  "minLength",
  "maxLength",
  "allOf",
  "anyOf",
  "oneOf",
  "$ref",
]);

/** Throws when `schema` uses an assertion keyword `validateSubset` does not implement. */
export function checkSubsetSupported(doc: Json, schema: unknown, where: string, seen = new Set<unknown>()): void {
  const s = resolveRef(doc, schema);
  if (!isObject(s) || seen.has(s)) return;
  seen.add(s);
  for (const key of Object.keys(s)) {
    if (key.startsWith("x-") || ANNOTATIONS.has(key)) continue;
    if (!SUPPORTED.has(key))
      throw new Error(
        `${where}: JSON Schema keyword "${key}" is not supported by the k6 error-body checker (error-contract.ts)`,
      );
  }
  if (isObject(s.properties))
    for (const [k, v] of Object.entries(s.properties)) checkSubsetSupported(doc, v, `${where}/${k}`, seen);
  if (isObject(s.additionalProperties)) checkSubsetSupported(doc, s.additionalProperties, where, seen);
  if (s.items !== undefined) checkSubsetSupported(doc, s.items, `${where}/items`, seen);
  for (const k of ["allOf", "anyOf", "oneOf"])
    if (Array.isArray(s[k])) for (const sub of s[k] as unknown[]) checkSubsetSupported(doc, sub, where, seen);
}

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

/** Validates `value` against `schema` (the subset above); returns "pointer: problem" lines. */
export function validateSubset(doc: Json, schema: unknown, value: unknown, pointer = ""): string[] {
  const s = resolveRef(doc, schema);
  if (s === true || s === undefined) return [];
  if (s === false) return [`${pointer || "/"}: no value is allowed here`];
  if (!isObject(s)) return [];
  const out: string[] = [];
  const at = pointer || "/";
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    const actual = typeOf(value);
    if (!types.some((t) => t === actual || (t === "number" && actual === "integer")))
      return [`${at}: expected ${types.join(" or ")}, got ${actual}`];
  }
  if (Array.isArray(s.enum) && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(value)))
    out.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`);
  if ("const" in s && JSON.stringify(s.const) !== JSON.stringify(value))
    out.push(`${at}: expected ${JSON.stringify(s.const)}`);
  if (typeof value === "number") {
    if (typeof s.minimum === "number" && value < s.minimum) out.push(`${at}: ${value} < minimum ${s.minimum}`);
    if (typeof s.maximum === "number" && value > s.maximum) out.push(`${at}: ${value} > maximum ${s.maximum}`);
  }
  if (typeof value === "string") {
    if (typeof s.minLength === "number" && value.length < s.minLength) out.push(`${at}: shorter than ${s.minLength}`);
    if (typeof s.maxLength === "number" && value.length > s.maxLength) out.push(`${at}: longer than ${s.maxLength}`);
  }
  if (isObject(value)) {
    const props = isObject(s.properties) ? s.properties : {};
    if (Array.isArray(s.required))
      for (const k of s.required as string[]) if (!(k in value)) out.push(`${at}: required property "${k}" is missing`);
    for (const [k, v] of Object.entries(value)) {
      if (k in props) out.push(...validateSubset(doc, props[k], v, `${pointer}/${k}`));
      else if (s.additionalProperties !== undefined)
        out.push(...validateSubset(doc, s.additionalProperties, v, `${pointer}/${k}`));
    }
  }
  if (Array.isArray(value) && s.items !== undefined)
    value.forEach((v, i) => {
      out.push(...validateSubset(doc, s.items, v, `${pointer}/${i}`));
    });
  if (Array.isArray(s.allOf)) for (const sub of s.allOf) out.push(...validateSubset(doc, sub, value, pointer));
  if (Array.isArray(s.anyOf) && !s.anyOf.some((sub) => validateSubset(doc, sub, value, pointer).length === 0))
    out.push(`${at}: matches none of anyOf`);
  if (
    Array.isArray(s.oneOf) &&
    s.oneOf.filter((sub) => validateSubset(doc, sub, value, pointer).length === 0).length !== 1
  )
    out.push(`${at}: does not match exactly one of oneOf`);
  return out;
}

function responseSchema(doc: Json, op: Json, status: number): unknown {
  const responses = isObject(op.responses) ? op.responses : {};
  const response = resolveRef(doc, responses[String(status)] ?? responses.default);
  if (!isObject(response) || !isObject(response.content)) return undefined;
  const media = resolveRef(doc, response.content["application/json"]);
  return isObject(media) ? media.schema : undefined;
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

/**
 * Builds the contract of `operationId` from the spec document. `validateBody` defaults to the subset
 * checker over the documented error schema; Node passes the compiled Ajv validator instead.
 */
export function errorContractFromSpec(
  document: unknown,
  operationId: string,
  validateBody?: (status: number, body: unknown) => string[],
): ErrorContract {
  if (!isObject(document)) throw new Error("the spec document must be an object");
  const doc = document;
  const op = findOperation(doc, operationId);
  const throttlingStatuses = findThrottlingStatuses(doc, op);
  if (validateBody === undefined) {
    const responses = isObject(op.responses) ? op.responses : {};
    for (const status of Object.keys(responses))
      checkSubsetSupported(
        doc,
        responseSchema(doc, op, status === "default" ? 0 : Number(status)),
        `${operationId} ${status}`,
      );
  }
  return {
    operationId,
    throttlingStatuses,
    validate:
      validateBody ??
      ((status, body) => {
        const schema = responseSchema(doc, op, status);
        if (schema === undefined) return [`status ${status} has no documented JSON body`];
        return validateSubset(doc, schema, body);
      }),
  };
}
