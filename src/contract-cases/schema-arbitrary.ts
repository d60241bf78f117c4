/**
 * JSON Schema (the OpenAPI 3.1 subset specgate's specs use) → a fast-check arbitrary of instances that
 * validate against it. The contract suite draws its "schema-generated valid inputs" from these, seeded,
 * so a run is reproducible (`SPECGATE_SEED`).
 *
 * Choices (documented, not hidden):
 * - Strings without `enum`/`pattern` are drawn from `[a-z0-9_-]` (length from minLength/maxLength, default
 *   1..16): a valid value must also survive the wire and name rules the pages leave implicit (SLS names are
 *   lowercase letters, digits, `_` and `-`). Hostile strings are the mock fuzz test's job, not this one's.
 * - Integers without bounds are drawn from 0..2^31−1 (exact in JSON and in every SDK's int type); `format:
 *   int64` changes nothing here.
 * - Objects get every required property and each optional one with probability ½; no extra properties.
 * - Arrays: minItems..maxItems, default 0..5 items.
 */
import fc from "fast-check";
import { isJsonObject as isObj } from "../openapi/is-json-object.ts";
import { resolveLocalRef } from "../openapi/resolve-local-ref.ts";

type Obj = Readonly<Record<string, unknown>>;

/** Raised for a schema construct the generator cannot produce instances for; names the construct. */
export class SchemaArbitraryError extends Error {
  override name = "SchemaArbitraryError";
}

const NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_-";
const DEFAULT_MAX_INT = 2 ** 31 - 1;

/** An arbitrary of strings over `[a-z0-9_-]`, starting with a letter or digit (SLS name rules). */
export function nameString(minLength = 1, maxLength = 16): fc.Arbitrary<string> {
  const first = fc.constantFrom(...NAME_CHARS.slice(0, 36).split(""));
  const rest = fc.string({
    unit: fc.constantFrom(...NAME_CHARS.split("")),
    minLength: Math.max(0, minLength - 1),
    maxLength: Math.max(0, maxLength - 1),
  });
  return fc.tuple(first, rest).map(([a, b]) => a + b);
}

/**
 * The arbitrary for `schema`; `doc` resolves local `$ref`s (`#/components/schemas/…`).
 * Throws SchemaArbitraryError for constructs it cannot satisfy (e.g. `allOf`, `not`).
 */
export function arbitraryForSchema(schema: unknown, doc?: unknown, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 16) throw new SchemaArbitraryError("schema nesting deeper than 16 levels (a recursive $ref?)");
  if (schema === true || schema === undefined) return fc.constant("x");
  if (schema === false) throw new SchemaArbitraryError("schema `false` admits no value");
  const s = resolveLocalRef(doc, schema);
  if (!isObj(s)) throw new SchemaArbitraryError(`not a schema: ${JSON.stringify(schema)}`);
  return fixedValueArbitrary(s) ?? compositeArbitrary(s, doc, depth) ?? typedArbitrary(s, doc, depth);
}

/** `const` and `enum`: the values themselves; undefined for other schemas. */
function fixedValueArbitrary(s: Obj): fc.Arbitrary<unknown> | undefined {
  if ("const" in s) return fc.constant(s.const);
  if (!Array.isArray(s.enum)) return undefined;
  if (s.enum.length === 0) throw new SchemaArbitraryError("empty enum admits no value");
  return fc.constantFrom(...(s.enum as unknown[]));
}

/** `oneOf`/`anyOf` and multi-type schemas: one of the branches; undefined for other schemas. */
function compositeArbitrary(s: Obj, doc: unknown, depth: number): fc.Arbitrary<unknown> | undefined {
  for (const k of ["allOf", "not", "if", "patternProperties", "dependentSchemas"])
    if (k in s) throw new SchemaArbitraryError(`'${k}' is not supported by the case generator`);
  for (const k of ["oneOf", "anyOf"]) {
    const list = s[k];
    if (Array.isArray(list)) return fc.oneof(...list.map((x) => arbitraryForSchema(x, doc, depth + 1)));
  }
  const types = Array.isArray(s.type) ? (s.type as unknown[]).filter((t) => t !== "null") : [s.type];
  if (types.length <= 1) return undefined;
  return fc.oneof(...types.map((t) => arbitraryForSchema({ ...s, type: t }, doc, depth + 1)));
}

/** A schema of one type (`null` aside). */
function typedArbitrary(s: Obj, doc: unknown, depth: number): fc.Arbitrary<unknown> {
  const type = Array.isArray(s.type) ? (s.type as unknown[]).find((t) => t !== "null") : s.type;
  switch (type) {
    case "string":
      return stringArbitrary(s);
    case "integer":
      return integerArbitrary(s);
    case "number":
      return integerArbitrary(s).map((n) => n); // integers are valid numbers and exact on every wire
    case "boolean":
      return fc.boolean();
    case "array":
      return arrayArbitrary(s, doc, depth);
    case "object":
      return objectArbitrary(s, doc, depth);
    case undefined:
      return isObj(s.properties) ? objectArbitrary(s, doc, depth) : fc.constant("x");
    default:
      throw new SchemaArbitraryError(`unsupported type ${JSON.stringify(s.type)}`);
  }
}

function num(s: Obj, key: string): number | undefined {
  return typeof s[key] === "number" ? (s[key] as number) : undefined;
}

/** The inclusive integer range a schema allows, with the generator's defaults for open ends. */
export function integerRange(schema: unknown): { min: number; max: number } {
  const s = isObj(schema) ? schema : {};
  let min = num(s, "minimum") ?? 0;
  let max = num(s, "maximum") ?? Math.max(min, 0) + DEFAULT_MAX_INT;
  const xmin = num(s, "exclusiveMinimum");
  const xmax = num(s, "exclusiveMaximum");
  if (xmin !== undefined) min = Math.max(min, Math.floor(xmin) + 1);
  if (xmax !== undefined) max = Math.min(max, Math.ceil(xmax) - 1);
  if (num(s, "minimum") === undefined && xmin === undefined && max < min) min = max - DEFAULT_MAX_INT;
  if (min > max) throw new SchemaArbitraryError(`integer range ${min}..${max} is empty`);
  return { min: Math.ceil(min), max: Math.floor(max) };
}

function integerArbitrary(s: Obj): fc.Arbitrary<number> {
  const { min, max } = integerRange(s);
  const multiple = num(s, "multipleOf");
  const base = fc.integer({ min, max });
  if (multiple === undefined || !Number.isInteger(multiple) || multiple <= 1) return base;
  const lo = Math.ceil(min / multiple);
  const hi = Math.floor(max / multiple);
  if (lo > hi) throw new SchemaArbitraryError(`no multiple of ${multiple} in ${min}..${max}`);
  return fc.integer({ min: lo, max: hi }).map((k) => k * multiple);
}

function stringArbitrary(s: Obj): fc.Arbitrary<string> {
  const minLength = num(s, "minLength") ?? 1;
  const maxLength = num(s, "maxLength") ?? Math.max(minLength, 16);
  if (typeof s.pattern === "string") {
    const re = new RegExp(s.pattern, "u");
    return fc.stringMatching(re).filter((x) => x.length >= minLength && x.length <= maxLength);
  }
  if (s.format === "date-time") return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
  if (s.format === "byte") return fc.base64String({ minLength: Math.max(4, minLength) });
  return nameString(minLength, maxLength);
}

function arrayArbitrary(s: Obj, doc: unknown, depth: number): fc.Arbitrary<unknown[]> {
  const items = s.items === undefined ? true : s.items;
  const minLength = num(s, "minItems") ?? 0;
  const maxLength = num(s, "maxItems") ?? Math.max(minLength, 5);
  const item = arbitraryForSchema(items, doc, depth + 1);
  if (s.uniqueItems === true) return fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) });
  return fc.array(item, { minLength, maxLength });
}

function objectArbitrary(s: Obj, doc: unknown, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const props = isObj(s.properties) ? s.properties : {};
  const required = Array.isArray(s.required) ? (s.required as string[]) : [];
  for (const r of required)
    if (!Object.hasOwn(props, r))
      throw new SchemaArbitraryError(`required property '${r}' has no schema in 'properties'`);
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [k, v] of Object.entries(props)) model[k] = arbitraryForSchema(v, doc, depth + 1);
  const minProps = num(s, "minProperties") ?? 0;
  const arb = fc.record(model, { requiredKeys: required });
  if (minProps > Object.keys(props).length)
    throw new SchemaArbitraryError(`minProperties ${minProps} exceeds the ${Object.keys(props).length} properties`);
  return minProps > 0 ? arb.filter((o) => Object.keys(o).length >= minProps) : arb;
}
