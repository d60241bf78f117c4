/** A parameter/field type as the page states it, normalised (docs/spec-contract.md#types). */
export type FieldType =
  | { kind: "string" }
  | { kind: "integer"; format?: "int32" | "int64" }
  | { kind: "number"; format?: "float" | "double" }
  | { kind: "boolean" }
  | { kind: "object" }
  | { kind: "array"; items?: FieldType; itemsRef?: string };

const SCALARS: Record<string, FieldType> = {
  string: { kind: "string" },
  str: { kind: "string" },
  long: { kind: "integer", format: "int64" },
  int64: { kind: "integer", format: "int64" },
  integer: { kind: "integer" },
  int: { kind: "integer" },
  int32: { kind: "integer", format: "int32" },
  boolean: { kind: "boolean" },
  bool: { kind: "boolean" },
  double: { kind: "number", format: "double" },
  float: { kind: "number", format: "float" },
  number: { kind: "number" },
  object: { kind: "object" },
  map: { kind: "object" },
  array: { kind: "array" },
  list: { kind: "array" },
};

/**
 * Parses a type cell: `string`, `long`, `Integer`, `array<object>`, `Array of ConsumerGroup`, `map<string,…>`.
 * Returns undefined when the text is not a type (used to find the type cell of a row whose empty cells
 * the dump dropped).
 */
export function parseFieldType(text: string): FieldType | undefined {
  const t = text.trim();
  const lower = t.toLowerCase();
  const scalar = SCALARS[lower];
  if (scalar !== undefined) return scalar;
  const generic = /^(array|list)\s*<\s*([A-Za-z0-9_]+)\s*>$/i.exec(t);
  if (generic !== null) return arrayOf(generic[2] ?? "");
  if (/^map\s*<[^>]*>$/i.test(t)) return { kind: "object" };
  const named = /^array\s+of\s+([A-Za-z_][A-Za-z0-9_]*)$/i.exec(t);
  if (named !== null) return arrayOf(named[1] ?? "");
  return undefined;
}

/** An array of `item`: a type word gives `items`, any other name is a reference to a named schema. */
function arrayOf(item: string): FieldType {
  const inner = parseFieldType(item);
  return inner === undefined ? { kind: "array", itemsRef: item } : { kind: "array", items: inner };
}

/** The glued-row type words, longest first (used to split `AppIdstringYes`). */
export const GLUED_TYPE_PATTERN =
  "array<[A-Za-z0-9_]+>|map<[^>]*>|integer|boolean|object|string|double|number|int64|int32|float|array|long|list|map|int";

/** True for object and array types (rows that may be followed by child rows). */
export function isContainer(t: FieldType): boolean {
  return t.kind === "object" || t.kind === "array";
}
