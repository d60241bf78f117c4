import { coerceExample } from "./coerce-example.ts";
import type { FieldType } from "./field-type.ts";
import type { JsonSchema } from "./infer-schema.ts";
import type { DocField } from "./parameter-model.ts";
import { parseProseConstraints } from "./prose-constraints.ts";

/** `type`/`format`/`items` of a field type (docs/spec-contract.md#types: long → integer int64). */
function typeSchema(t: FieldType): JsonSchema {
  switch (t.kind) {
    case "integer":
    case "number":
      return t.format === undefined ? { type: t.kind } : { type: t.kind, format: t.format };
    case "array": {
      const s: JsonSchema = { type: "array" };
      if (t.items !== undefined) s.items = typeSchema(t.items);
      else if (t.itemsRef !== undefined) s.items = { $ref: `#/components/schemas/${t.itemsRef}` };
      return s;
    }
    default:
      return { type: t.kind };
  }
}

/** Options of `fieldSchema`. */
export interface FieldSchemaOptions {
  /** Request schemas list `required` properties; response fields are never required (the pages do not say). */
  request: boolean;
  /** Leave out description and examples (parameters carry them beside the schema). */
  bare?: boolean;
}

/**
 * The JSON Schema of a documented field: its type, the constraints its description states in prose,
 * nested properties/items, and its example (as `examples`, the 2020-12 keyword).
 */
export function fieldSchema(f: DocField, options: FieldSchemaOptions): JsonSchema {
  const s: JsonSchema = {};
  if (!options.bare && f.description !== "") s.description = f.description;
  Object.assign(s, typeSchema(f.type));
  Object.assign(s, parseProseConstraints(f.description, f.type));
  if (f.type.kind === "object" && f.children.length > 0) {
    const properties: Record<string, JsonSchema> = {};
    for (const c of f.children) properties[c.name] = fieldSchema(c, { request: options.request });
    s.properties = properties;
    const required = f.children.filter((c) => c.required === true).map((c) => c.name);
    if (options.request && required.length > 0) s.required = required;
  }
  if (f.type.kind === "array" && f.items !== undefined) {
    s.items = fieldSchema(f.items, { request: options.request });
  }
  if (!options.bare) {
    const example = exampleOf(f);
    if (example !== undefined) s.examples = [example];
  }
  return s;
}

/**
 * The example of a field as a typed value. An array whose item row carries the example of the whole
 * array (heartbeat: item `integer`, example `[0]`) takes it from there.
 */
export function exampleOf(f: DocField): unknown {
  if (f.example !== undefined) {
    const v = coerceExample(f.example, f.type);
    if (v !== undefined) return v;
  }
  if (
    f.type.kind === "array" &&
    f.items?.example !== undefined &&
    coerceExample(f.items.example, f.items.type) === undefined
  ) {
    return coerceExample(f.items.example, f.type);
  }
  return undefined;
}

/** An example of a request body object, made of its properties' examples (undefined if one has none). */
export function composeExample(f: DocField): unknown {
  const own = exampleOf(f);
  if (own !== undefined || f.type.kind !== "object" || f.children.length === 0) return own;
  const out: Record<string, unknown> = {};
  for (const c of f.children) {
    const v = composeExample(c);
    if (v === undefined) return undefined;
    out[c.name] = v;
  }
  return out;
}
