import { type FieldType, parseFieldType } from "./field-type.ts";
import type { Problems } from "./problems.ts";
import { cellOf, type Table, type TableRow } from "./table-model.ts";

/** One parameter or response field as the page documents it (the typed model between tables and OpenAPI). */
export interface DocField {
  name: string;
  type: FieldType;
  typeText: string;
  /** The row states no type (`Region` under `Regions | Array of Region`): a container the rows below fill. */
  typeless?: boolean;
  required?: boolean;
  /** Location column as written (`Host`, `Path`, …), when the table has one. */
  location?: string;
  description: string;
  example?: string;
  line: number;
  /** Nesting the row states with `└` marks (0 = top level); undefined when the table has none. */
  depth?: number;
  /** Properties of an object. */
  children: DocField[];
  /** Item of an array, when a row documents it. */
  items?: DocField;
}

const REQUIRED_WORDS: Record<string, boolean> = {
  yes: true,
  no: false,
  required: true,
  optional: false,
  true: true,
  false: false,
  是: true,
  否: false,
  必选: true,
  必選: true,
  必填: true,
  可选: false,
  可選: false,
  选填: false,
};

const COLUMN_LABEL: Partial<Record<string, string>> = { name: "Parameter", type: "Type" };

/** The name cell without its `└` marks and `(optional)` suffix, and the depth the marks state. */
function parseNameCell(cell: string): { name: string; depth: number; optional: boolean } {
  const t = cell.trim();
  const marks = /^[└├│\s]*/.exec(t)?.[0] ?? "";
  const depth = [...marks].filter((c) => c === "└").length;
  const rest = t.slice(marks.length);
  const optional = /\(optional\)$/i.test(rest);
  return { name: rest.replace(/\s*\(optional\)$/i, ""), depth, optional };
}

/** The field type of a JSON value (an example the Type cell shows instead of a type). */
function typeOfValue(v: unknown): FieldType {
  if (Array.isArray(v)) return v.length === 0 ? { kind: "array" } : { kind: "array", items: typeOfValue(v[0]) };
  if (typeof v === "number") return Number.isInteger(v) ? { kind: "integer" } : { kind: "number" };
  if (typeof v === "boolean") return { kind: "boolean" };
  return v !== null && typeof v === "object" ? { kind: "object" } : { kind: "string" };
}

/** `"ListenerPort": [ 80, 443 ]` in a Type cell: the row is an object holding that member. */
function memberOfTypeCell(typeText: string, line: number): DocField | undefined {
  const m = /^"([A-Za-z_]\w*)"\s*:\s*(.+)$/.exec(typeText);
  if (m === null) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(m[2] ?? "");
  } catch {
    return undefined;
  }
  const type = typeOfValue(value);
  return { name: m[1] ?? "", type, typeText: type.kind, description: "", line, children: [] };
}

// A row without a type whose description says it lists things ("The list of actions.") holds objects.
const LIST_WORDS = /\blist\b|\barray\b|列表|数组|數組/i;

/**
 * The type of a row. A row with no type is a container the rows after it fill (`Region` of
 * `Array of Region`); a sentence in the Type cell is such a row whose dump shifted the description left;
 * an identifier is a named structure (`RecordType`).
 */
function typeOfRow(
  typeText: string,
  name: string,
  description: string,
): { type: FieldType; typeless?: true; description?: string } | undefined {
  const type = parseFieldType(typeText);
  if (type !== undefined) return { type };
  if (name === "") return undefined;
  if (/^[A-Z][A-Za-z0-9]*$/.test(typeText)) return { type: { kind: "object" } };
  const prose = /\s/.test(typeText) && typeText.length > 20 && !typeText.startsWith('"');
  if (typeText !== "" && !prose) return undefined;
  const text = prose ? typeText : description;
  const container: FieldType = LIST_WORDS.test(text)
    ? { kind: "array", items: { kind: "object" } }
    : { kind: "object" };
  return prose ? { type: container, typeless: true, description: typeText } : { type: container, typeless: true };
}

function readRequired(table: Table, row: TableRow, field: DocField, problems: Problems, what: string): void {
  const req = cellOf(table, row, "required")?.trim();
  if (req === undefined || req === "") return;
  const value = REQUIRED_WORDS[req.toLowerCase()];
  if (value === undefined) {
    problems.report(
      row.line,
      `${what} row '${field.name}' has Required '${req}' (expected Yes or No)`,
      "fix the Required cell",
    );
    return;
  }
  field.required = value;
}

function markRow(
  field: DocField,
  typeless: boolean,
  member: DocField | undefined,
  nameCell: { depth: number; optional: boolean },
): void {
  if (typeless) field.typeless = true;
  if (member !== undefined) field.children.push(member);
  if (nameCell.depth > 0) field.depth = nameCell.depth;
  if (nameCell.optional) field.required = false;
}

function readRow(table: Table, row: TableRow, problems: Problems, what: string): DocField | undefined {
  const typeText = (cellOf(table, row, "type") ?? "").trim();
  const nameCell = parseNameCell(cellOf(table, row, "name") ?? "");
  const member = memberOfTypeCell(typeText, row.line);
  const typed =
    member === undefined
      ? typeOfRow(typeText, nameCell.name, cellOf(table, row, "description") ?? "")
      : { type: { kind: "object" } as FieldType };
  if (typed === undefined) {
    problems.report(
      row.line,
      `${what} row has unknown type '${typeText}'`,
      "use a documented type such as string, long, integer, boolean, object or array<object>",
    );
    return undefined;
  }
  const description = (cellOf(table, row, "description") ?? "").trim();
  const field: DocField = {
    name: nameCell.name,
    type: typed.type,
    typeText,
    description: description === "" ? (typed.description ?? "") : description,
    line: row.line,
    children: [],
  };
  markRow(field, typed.typeless === true, member, nameCell);
  readRequired(table, row, field, problems, what);
  readOptionalCells(table, row, field);
  return field;
}

/** The Location and Example cells, when the table has them and the row fills them. */
function readOptionalCells(table: Table, row: TableRow, field: DocField): void {
  const location = cellOf(table, row, "location")?.trim();
  if (location !== undefined && location !== "") field.location = location;
  const example = cellOf(table, row, "example")?.trim();
  if (example !== undefined && example !== "") field.example = example;
}

/** Reads the rows of a parameter/response table into flat fields; bad types and required flags are problems. */
export function readFields(table: Table, problems: Problems, what: string): DocField[] {
  const missing = (["name", "type"] as const).filter((k) => !table.columns.includes(k));
  if (missing.length > 0) {
    problems.report(
      table.line,
      `${what} table has no ${missing.map((k) => COLUMN_LABEL[k]).join(" or ")} column (columns: ${table.header.join(", ")})`,
      "restore the table's missing column",
    );
    return [];
  }
  const out: DocField[] = [];
  for (const row of table.rows) {
    const field = readRow(table, row, problems, what);
    if (field !== undefined) out.push(field);
  }
  return out;
}
