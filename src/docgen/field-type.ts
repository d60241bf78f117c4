/** A parameter/field type as the page states it, normalised (docs/spec-contract.md#types). */
export type FieldType =
  | { kind: "string" }
  | { kind: "integer"; format?: "int32" | "int64" }
  | { kind: "number"; format?: "float" | "double" }
  | { kind: "boolean" }
  | { kind: "object" }
  | { kind: "array"; items?: FieldType; itemsRef?: string };

// The type words of the reference pages: the JSON/Java words of the current pages (`string`, `long`,
// `Struct`), and the Chinese words of the older Chinese pages (`整型`, `字符串数组`).
const SCALARS: Record<string, FieldType> = {
  string: { kind: "string" },
  str: { kind: "string" },
  date: { kind: "string" },
  datetime: { kind: "string" },
  long: { kind: "integer", format: "int64" },
  int64: { kind: "integer", format: "int64" },
  integer: { kind: "integer" },
  int: { kind: "integer" },
  int32: { kind: "integer", format: "int32" },
  short: { kind: "integer" },
  boolean: { kind: "boolean" },
  bool: { kind: "boolean" },
  double: { kind: "number", format: "double" },
  float: { kind: "number", format: "float" },
  number: { kind: "number" },
  object: { kind: "object" },
  struct: { kind: "object" },
  map: { kind: "object" },
  json: { kind: "object" },
  array: { kind: "array" },
  list: { kind: "array" },
  字符串: { kind: "string" },
  字串: { kind: "string" },
  整型: { kind: "integer" },
  整数: { kind: "integer" },
  整數: { kind: "integer" },
  长整型: { kind: "integer", format: "int64" },
  長整型: { kind: "integer", format: "int64" },
  布尔: { kind: "boolean" },
  布尔型: { kind: "boolean" },
  布林: { kind: "boolean" },
  浮点型: { kind: "number", format: "float" },
  数值: { kind: "number" },
  对象: { kind: "object" },
  對象: { kind: "object" },
  数组: { kind: "array" },
  數組: { kind: "array" },
  字符串数组: { kind: "array", items: { kind: "string" } },
  字符串數組: { kind: "array", items: { kind: "string" } },
  整型数组: { kind: "array", items: { kind: "integer" } },
};

/**
 * Parses a type cell: `string`, `long`, `Integer`, `Struct`, `array<object>`, `List<String>`, `String[]`,
 * `Array of ConsumerGroup`, `map<string,…>`, `字符串`. Returns undefined when the text is not a type (used
 * to find the type cell of a row whose empty cells the dump dropped).
 */
export function parseFieldType(text: string): FieldType | undefined {
  const t = text.trim();
  const scalar = SCALARS[t.toLowerCase()];
  if (scalar !== undefined) return scalar;
  const generic = /^(array|list)\s*<\s*([A-Za-z0-9_]+)\s*>$/i.exec(t);
  if (generic !== null) return arrayOf(generic[2] ?? "");
  if (/^map\s*<[^>]*>$/i.test(t)) return { kind: "object" };
  const brackets = /^([A-Za-z]+)\[\]$/.exec(t);
  if (brackets !== null) return arrayOf(brackets[1] ?? "");
  const named = /^(?:array|list)\s+of\s+([A-Za-z_][A-Za-z0-9_]*)$/i.exec(t);
  if (named !== null) return arrayOf(named[1] ?? "");
  return undefined;
}

/** An array of `item`: a type word gives `items`, any other name is a reference to a named schema. */
function arrayOf(item: string): FieldType {
  const inner = parseFieldType(item);
  return inner === undefined ? { kind: "array", itemsRef: item } : { kind: "array", items: inner };
}

/**
 * The type words of a one-line table row (`Action String Yes …`, `LiveDomainLimitList Array of X`,
 * `AppIdstringYes`), as a regular-expression source (case-insensitive use). Longest first.
 */
export const ROW_TYPE_PATTERN = [
  "(?:array|list)\\s+of\\s+[A-Za-z_][A-Za-z0-9_]*",
  "(?:array|list)\\s*<[A-Za-z0-9_]+>",
  "map\\s*<[^>]*>",
  "[A-Za-z]+\\[\\]",
  "字符串数组",
  "字符串數組",
  "整型数组",
  ...Object.keys(SCALARS)
    .filter((k) => !["str", "json", "short", "date", "字符串数组", "字符串數組", "整型数组"].includes(k))
    .sort((a, b) => b.length - a.length),
].join("|");

/** True for object and array types (rows that may be followed by child rows). */
export function isContainer(t: FieldType): boolean {
  return t.kind === "object" || t.kind === "array";
}
