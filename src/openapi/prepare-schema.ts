/**
 * Turns an OpenAPI 3.1 Schema Object into a schema Ajv accepts in strict mode.
 *
 * OpenAPI 3.1 schemas are JSON Schema 2020-12 plus a few OpenAPI-only keywords (OpenAPI 3.1.0 §4.8.24:
 * `discriminator`, `xml`, `externalDocs`, `example`, and `x-` extensions). Ajv's strict mode rejects unknown
 * keywords, so those are dropped here (they are annotations only: none of them constrains a value).
 * The walk is keyword-aware: a *property* named `example` or `x-foo` is kept, only the keywords go.
 * `$ref`s to `#/components/schemas/…` are rewritten to the components document registered under `componentsId`.
 */
import { isJsonObject } from "./is-json-object.ts";

const DROPPED_KEYWORDS = new Set(["example", "xml", "externalDocs", "discriminator"]);
/** Keywords whose value is a map of name → schema. */
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);
/** Keywords whose value is one schema. */
const SCHEMA_VALUES = new Set([
  "items",
  "additionalItems",
  "additionalProperties",
  "unevaluatedItems",
  "unevaluatedProperties",
  "contains",
  "propertyNames",
  "not",
  "if",
  "then",
  "else",
  "contentSchema",
]);
/** Keywords whose value is an array of schemas. */
const SCHEMA_ARRAYS = new Set(["allOf", "anyOf", "oneOf", "prefixItems"]);

const COMPONENT_SCHEMA_PREFIX = "#/components/schemas/";

/** The `$id` under which a product's `components/schemas` are registered with Ajv (as `$defs`). */
export function componentsSchemaId(product: string): string {
  return `https://specgate.invalid/${encodeURIComponent(product)}/components.json`;
}

/**
 * Returns a deep copy of `schema` without OpenAPI-only keywords and with component refs rewritten.
 * `nullable: true` (OpenAPI 3.0, still seen in hand-written overlays) becomes a `"null"` type union.
 * Throws `Error` for a `$ref` that is not local to `#/components/schemas/` (the caller turns it into a SpecError).
 */
export function prepareSchema(schema: unknown, componentsId: string): unknown {
  if (typeof schema !== "object" || schema === null) return schema; // boolean schemas
  if (Array.isArray(schema)) throw new Error("a schema must be an object or a boolean, not an array");
  const out: Record<string, unknown> = {};
  const src = schema as Record<string, unknown>;
  for (const [key, value] of Object.entries(src)) {
    if (key.startsWith("x-") || DROPPED_KEYWORDS.has(key) || key === "nullable") continue;
    out[key] = prepareKeyword(key, value, componentsId);
  }
  if (src.nullable === true && out.type !== undefined) {
    const types = Array.isArray(out.type) ? out.type : [out.type];
    if (!types.includes("null")) out.type = [...types, "null"];
  }
  return out;
}

/** One keyword's value: sub-schemas prepared, a component `$ref` rewritten, any other value kept. */
function prepareKeyword(key: string, value: unknown, componentsId: string): unknown {
  if (key === "$ref" && typeof value === "string") return rewriteRef(value, componentsId);
  if (SCHEMA_MAPS.has(key) && isJsonObject(value))
    return Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, prepareSchema(sub, componentsId)]));
  if (SCHEMA_VALUES.has(key)) return prepareSchema(value, componentsId);
  if (SCHEMA_ARRAYS.has(key) && Array.isArray(value)) return value.map((sub) => prepareSchema(sub, componentsId));
  return value; // enum, const, default, examples, required, type, numbers…: values, not schemas
}

function rewriteRef(ref: string, componentsId: string): string {
  if (ref.startsWith(COMPONENT_SCHEMA_PREFIX))
    return `${componentsId}#/$defs/${ref.slice(COMPONENT_SCHEMA_PREFIX.length)}`;
  throw new Error(`unsupported $ref '${ref}': only '#/components/schemas/…' refs are supported inside schemas`);
}
