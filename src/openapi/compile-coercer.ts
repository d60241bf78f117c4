/**
 * Parameter coercion: query, path and header values arrive as strings (or string arrays for repeated
 * query keys); the schemas declare integers, booleans, arrays. A coercer is compiled once per parameter
 * from its schema's type and turns the wire value into the declared type, or reports that it cannot.
 * Rules (strict on purpose: a contract check must not accept what a real server would reject):
 * - integer: `/^-?\d+$/` only ("1.5", "abc", "", " 1" are rejected);
 * - number: a decimal literal, optional fraction and exponent;
 * - boolean: "true"/"false", case-insensitive (Python SDKs send `True`/`False`,
 *   docs/alibaba/sls-signature-v1.md#query-values-are-not-normalised);
 * - array: repeated keys (OpenAPI `style: form, explode: true`, the query default), each item coerced;
 *   `explode: false` splits one value on commas;
 * - string, or a schema without a single scalar type: passed through unchanged.
 */

/** Returned by a coercer for a value it cannot convert. */
export const COERCION_FAILED: unique symbol = Symbol("coercion failed");

/** Converts one wire value to the declared type, or returns COERCION_FAILED. */
export type Coercer = (raw: string | readonly string[]) => unknown;

type ScalarKind = "integer" | "number" | "boolean" | "string" | "raw";

const INTEGER_RE = /^-?\d+$/;
// `\d+(?:\.\d*)?` rather than the equivalent `\d+\.?\d*`: with two adjacent digit runs a long digit string that
// fails at its end is split every possible way (quadratic: 20 000 digits took over a second); here each digit
// belongs to one run, so a failing match is linear.
const NUMBER_RE = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The scalar type a schema declares, ignoring `"null"` in a type union; "raw" when not one scalar type. */
export function scalarKind(schema: unknown): ScalarKind | "array" | "object" {
  if (typeof schema !== "object" || schema === null) return "raw";
  const s = schema as Record<string, unknown>;
  let type = s.type;
  if (Array.isArray(type)) {
    const nonNull = type.filter((t) => t !== "null");
    type = nonNull.length === 1 ? nonNull[0] : undefined;
  }
  if (type === "integer" || type === "number" || type === "boolean" || type === "string" || type === "array")
    return type;
  if (type === "object") return "object";
  if (type === undefined && Array.isArray(s.enum) && s.enum.every((v) => typeof v === "string")) return "string";
  return "raw";
}

function coerceScalar(kind: ScalarKind, raw: string): unknown {
  switch (kind) {
    case "integer":
      return INTEGER_RE.test(raw) ? Number(raw) : COERCION_FAILED;
    case "number":
      return NUMBER_RE.test(raw) ? Number(raw) : COERCION_FAILED;
    case "boolean": {
      const lower = raw.length === 4 || raw.length === 5 ? raw.toLowerCase() : "";
      return lower === "true" ? true : lower === "false" ? false : COERCION_FAILED;
    }
    default:
      return raw;
  }
}

/** An array parameter: repeated keys (`explode`) or one comma-separated value, each item coerced. */
function compileArrayCoercer(schema: unknown, explode: boolean): Coercer {
  const itemKind = scalarKind((schema as Record<string, unknown>).items);
  const k: ScalarKind = itemKind === "array" || itemKind === "object" ? "raw" : itemKind;
  const split = (raw: string): readonly string[] => (explode ? [raw] : raw === "" ? [] : raw.split(","));
  return (raw) => {
    const list = typeof raw === "string" ? split(raw) : raw;
    const out: unknown[] = new Array(list.length);
    for (let i = 0; i < list.length; i++) {
      const v = coerceScalar(k, list[i] as string);
      if (v === COERCION_FAILED) return COERCION_FAILED;
      out[i] = v;
    }
    return out;
  };
}

/**
 * Compiles the coercer for one parameter. `schema` must already have `$ref`s resolved at its top level
 * and for `items` (the caller resolves them, since it knows the components).
 */
export function compileCoercer(schema: unknown, explode = true): Coercer {
  const kind = scalarKind(schema);
  if (kind === "array") return compileArrayCoercer(schema, explode);
  // An object-typed query parameter has no agreed wire form here (deepObject is not used by these APIs):
  // pass the string through and let the schema report the type mismatch.
  const k: ScalarKind = kind === "object" ? "raw" : kind;
  return (raw) => (typeof raw === "string" ? coerceScalar(k, raw) : COERCION_FAILED);
}
