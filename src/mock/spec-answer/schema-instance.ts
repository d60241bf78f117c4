/**
 * A value that validates against a JSON Schema (the OpenAPI 3.1 subset docgen writes), drawn deterministically from
 * a seeded PRNG: the same schema and seed give the same value on every run and machine. Documented values come
 * first (`const`, the schema's own `examples`, `default`, an `enum` member), so a generated body reads like the
 * page; otherwise a value of the declared type within its bounds:
 * - strings: the `format`'s shape (date-time, date, time, email, uri, uuid, ipv4, hostname) or lowercase letters
 *   within minLength..maxLength (default 8); a `pattern` is honoured only through a documented value;
 * - integers and numbers: within minimum..maximum (default 0..1000), a multiple of `multipleOf` when given;
 * - arrays: between minItems (at least 1 where maxItems allows, so the shape is visible) and maxItems (at most
 *   minItems + 2) items;
 * - objects: every declared property (a generated body shows every documented field), required ones included
 *   even when undeclared; `allOf` members merged, the first `oneOf`/`anyOf` member taken.
 * The caller checks the result against the compiled validator; nothing here claims more than the rules above.
 */
import { isJsonObject as isObj } from "../../openapi/is-json-object.ts";
import { resolveLocalRef } from "../../openapi/resolve-local-ref.ts";

type Obj = Readonly<Record<string, unknown>>;
type Random = () => number;

const MAX_DEPTH = 12;
const LETTERS = "abcdefghijklmnopqrstuvwxyz";
/** 2024-01-01T00:00:00Z: generated dates fall in the year after it. */
const EPOCH_2024_MS = Date.UTC(2024, 0, 1);

/** A value of `schema` (its `$ref`s resolved in `document`), drawn from `random`. */
export function generateInstance(schema: unknown, document: unknown, random: Random, depth = 0): unknown {
  if (depth > MAX_DEPTH || schema === true || schema === undefined) return null;
  const s = resolveLocalRef(document, schema);
  if (!isObj(s)) return null;
  const documented = documentedValue(s, random);
  if (documented !== undefined) return documented.value;
  const combined = combinedSchema(s, document);
  if (combined !== undefined) return generateInstance(combined, document, random, depth + 1);
  return generateTyped(s, typeOf(s), document, random, depth);
}

/** `const`, the first of the schema's `examples`, `default`, or an `enum` member (boxed: `null` is a value). */
function documentedValue(s: Obj, random: Random): { value: unknown } | undefined {
  if ("const" in s) return { value: s.const };
  if (Array.isArray(s.examples) && s.examples.length > 0) return { value: s.examples[0] };
  if ("default" in s) return { value: s.default };
  if (Array.isArray(s.enum) && s.enum.length > 0) return { value: s.enum[Math.floor(random() * s.enum.length)] };
  return undefined;
}

/** `allOf` merged into one object schema; the first `oneOf`/`anyOf` member. */
function combinedSchema(s: Obj, document: unknown): unknown {
  if (Array.isArray(s.allOf)) return mergeAllOf(s, s.allOf, document);
  for (const key of ["oneOf", "anyOf"] as const) {
    const list = s[key];
    if (Array.isArray(list) && list.length > 0) return { ...withoutKey(s, key), ...asObject(list[0], document) };
  }
  return undefined;
}

function mergeAllOf(s: Obj, members: readonly unknown[], document: unknown): Obj {
  const properties: Record<string, unknown> = isObj(s.properties) ? { ...s.properties } : {};
  const required = new Set<string>(Array.isArray(s.required) ? (s.required as string[]) : []);
  let merged: Record<string, unknown> = withoutKey(s, "allOf");
  for (const member of members) {
    const m = asObject(member, document);
    merged = { ...merged, ...m };
    if (isObj(m.properties)) Object.assign(properties, m.properties);
    if (Array.isArray(m.required)) for (const r of m.required) required.add(String(r));
  }
  return { ...merged, properties, required: [...required] };
}

function typeOf(s: Obj): unknown {
  if (!Array.isArray(s.type)) return s.type ?? (isObj(s.properties) ? "object" : undefined);
  return (s.type as unknown[]).find((t) => t !== "null") ?? "null";
}

function generateTyped(s: Obj, type: unknown, document: unknown, random: Random, depth: number): unknown {
  switch (type) {
    case "string":
      return generateString(s, random);
    case "integer":
    case "number":
      return generateNumber(s, random);
    case "boolean":
      return random() < 0.5;
    case "array":
      return generateArray(s, document, random, depth);
    case "object":
      return generateObject(s, document, random, depth);
    case "null":
      return null;
    default:
      return "example";
  }
}

function generateString(s: Obj, random: Random): string {
  const formatted = formatValue(s.format, random);
  if (formatted !== undefined) return formatted;
  const min = numberOr(s.minLength, 1);
  const max = Math.max(min, numberOr(s.maxLength, Math.max(min, 8)));
  const length = Math.min(max, Math.max(min, 8));
  let out = "";
  for (let i = 0; i < length; i++) out += LETTERS[Math.floor(random() * LETTERS.length)];
  return out;
}

function formatValue(format: unknown, random: Random): string | undefined {
  const instant = new Date(EPOCH_2024_MS + Math.floor(random() * 365 * 86_400) * 1000).toISOString();
  const n = Math.floor(random() * 250) + 1;
  switch (format) {
    case "date-time":
      return `${instant.slice(0, 19)}Z`;
    case "date":
      return instant.slice(0, 10);
    case "time":
      return `${instant.slice(11, 19)}Z`;
    case "email":
      return `user${n}@example.com`;
    case "uri":
    case "url":
      return `https://example.com/item/${n}`;
    case "uuid":
      return uuidFrom(random);
    case "ipv4":
      return `192.0.2.${n}`;
    case "hostname":
      return `host${n}.example.com`;
    default:
      return undefined;
  }
}

function uuidFrom(random: Random): string {
  let hex = "";
  for (let i = 0; i < 32; i++) hex += Math.floor(random() * 16).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

function generateNumber(s: Obj, random: Random): number {
  let min = numberOr(s.minimum, 0);
  let max = numberOr(s.maximum, Math.max(min, 0) + 1000);
  if (typeof s.exclusiveMinimum === "number") min = Math.max(min, Math.floor(s.exclusiveMinimum) + 1);
  if (typeof s.exclusiveMaximum === "number") max = Math.min(max, Math.ceil(s.exclusiveMaximum) - 1);
  min = Math.ceil(min);
  max = Math.max(min, Math.floor(max));
  const step = typeof s.multipleOf === "number" && s.multipleOf > 0 ? s.multipleOf : 1;
  const lo = Math.ceil(min / step);
  const hi = Math.max(lo, Math.floor(max / step));
  return (lo + Math.floor(random() * (hi - lo + 1))) * step;
}

function generateArray(s: Obj, document: unknown, random: Random, depth: number): unknown[] {
  const declaredMax = numberOr(s.maxItems, Number.POSITIVE_INFINITY);
  const min = Math.min(Math.max(1, numberOr(s.minItems, 0)), declaredMax);
  const max = Math.max(min, Math.min(declaredMax, min + 2));
  const count = min + Math.floor(random() * (max - min + 1));
  const items: unknown[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < count * 3 && items.length < count; i++) {
    const item = generateInstance(s.items, document, random, depth + 1);
    const key = JSON.stringify(item);
    if (s.uniqueItems === true && seen.has(key)) continue;
    seen.add(key);
    items.push(item);
  }
  return items;
}

function generateObject(s: Obj, document: unknown, random: Random, depth: number): Record<string, unknown> {
  const properties = isObj(s.properties) ? s.properties : {};
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(properties))
    out[name] = generateInstance(schema, document, random, depth + 1);
  if (Array.isArray(s.required))
    for (const name of s.required) if (!(String(name) in out)) out[String(name)] = "example";
  return out;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

function asObject(schema: unknown, document: unknown): Obj {
  const s = resolveLocalRef(document, schema);
  return isObj(s) ? s : {};
}

function withoutKey(s: Obj, key: string): Record<string, unknown> {
  const { [key]: _removed, ...rest } = s;
  return rest;
}
