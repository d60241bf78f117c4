/** A parameter/field type as the page states it, normalised (spec-contract.md "Types"). */
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
  if (generic !== null) {
    const inner = parseFieldType(generic[2] ?? "");
    return inner === undefined ? { kind: "array", itemsRef: generic[2] ?? "" } : { kind: "array", items: inner };
  }
  if (/^map\s*<[^>]*>$/i.test(t)) return { kind: "object" };
  const arrayOf = /^array\s+of\s+([A-Za-z_][A-Za-z0-9_]*)$/i.exec(t);
  if (arrayOf !== null) {
    const inner = parseFieldType(arrayOf[1] ?? "");
    return inner === undefined ? { kind: "array", itemsRef: arrayOf[1] ?? "" } : { kind: "array", items: inner };
  }
  return undefined;
}

/** The glued-row type words, longest first (used to split `AppIdstringYes`). */
export const GLUED_TYPE_PATTERN =
  "array<[A-Za-z0-9_]+>|map<[^>]*>|integer|boolean|object|string|double|number|int64|int32|float|array|long|list|map|int";

/** True for object and array types (rows that may be followed by child rows). */
export function isContainer(t: FieldType): boolean {
  return t.kind === "object" || t.kind === "array";
}
