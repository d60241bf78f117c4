import { isJsonObject } from "../openapi/is-json-object.ts";
import { type FieldType, isContainer, parseFieldType } from "./field-type.ts";
import type { Problems } from "./problems.ts";
import { cellOf, type Table } from "./table-model.ts";

/** One parameter or response field as the page documents it (the typed model between tables and OpenAPI). */
export interface DocField {
  name: string;
  type: FieldType;
  typeText: string;
  required?: boolean;
  /** Location column as written (`Host`, `Path`, …), when the table has one. */
  location?: string;
  description: string;
  example?: string;
  line: number;
  /** Properties of an object. */
  children: DocField[];
  /** Item of an array, when a row documents it. */
  items?: DocField;
}

/** Reads the rows of a parameter/response table into flat fields; bad types and required flags are problems. */
export function readFields(table: Table, problems: Problems, what: string): DocField[] {
  const missing = (["name", "type"] as const).filter((k) => !table.columns.includes(k));
  if (missing.length > 0) {
    problems.report(
      table.line,
      `${what} table has no ${missing.map((k) => (k === "name" ? "Parameter" : "Type")).join(" or ")} column (columns: ${table.header.join(", ")})`,
      "restore the table's missing column",
    );
    return [];
  }
  const out: DocField[] = [];
  for (const row of table.rows) {
    const typeText = (cellOf(table, row, "type") ?? "").trim();
    const type = parseFieldType(typeText);
    if (type === undefined) {
      problems.report(
        row.line,
        `${what} row has unknown type '${typeText}'`,
        "use a documented type such as string, long, integer, boolean, object or array<object>",
      );
      continue;
    }
    const field: DocField = {
      name: (cellOf(table, row, "name") ?? "").trim(),
      type,
      typeText,
      description: (cellOf(table, row, "description") ?? "").trim(),
      line: row.line,
      children: [],
    };
    const req = cellOf(table, row, "required")?.trim();
    if (req !== undefined && req !== "") {
      if (!/^(yes|no)$/i.test(req)) {
        problems.report(
          row.line,
          `${what} row '${field.name}' has Required '${req}' (expected Yes or No)`,
          "fix the Required cell",
        );
      } else {
        field.required = /^yes$/i.test(req);
      }
    }
    const location = cellOf(table, row, "location")?.trim();
    if (location !== undefined && location !== "") field.location = location;
    const example = cellOf(table, row, "example")?.trim();
    if (example !== undefined && example !== "") field.example = example;
    out.push(field);
  }
  return out;
}

interface Open {
  node: DocField;
  example: unknown;
}

function childExample(example: unknown, key: string): unknown {
  return isJsonObject(example) ? example[key] : undefined;
}

function hasKey(example: unknown, key: string): boolean {
  return isJsonObject(example) && Object.hasOwn(example, key);
}

function isItemRow(f: DocField, array: DocField): boolean {
  const a = array.name.toLowerCase();
  const n = f.name.toLowerCase();
  if (n === "" || n === a || `${n}s` === a) return true;
  // `array<object>` announces an object item: an object row right after it is that item.
  return array.type.kind === "array" && array.type.items?.kind === "object" && f.type.kind === "object";
}

/**
 * Rebuilds the tree of a flattened table (the dumps lose indentation). The first row, if unnamed and an
 * object/array, is the root. A row right after an array that is unnamed, named like the array
 * (`Logs` → `logs object`), or an object after an `array<object>`, is the array's item. A named row
 * belongs to the innermost open object whose part of the page's JSON example has that key (so fields
 * after a nested block return to their parent); without an example, to the innermost open object.
 * With `nestNamed: false` (request bodies, which have no example) named rows stay at the root.
 */
export function buildFieldTree(
  fields: readonly DocField[],
  example: unknown,
  problems: Problems,
  options: { nestNamed: boolean },
): DocField | undefined {
  const [first, ...others] = fields;
  if (first === undefined) return undefined;
  let root: DocField;
  let rest: readonly DocField[];
  if (first.name === "" && isContainer(first.type)) {
    root = first;
    rest = others;
  } else {
    root = { name: "", type: { kind: "object" }, typeText: "object", description: "", line: first.line, children: [] };
    rest = fields;
  }
  const stack: Open[] = [];
  let lastArray: { field: DocField; example: unknown } | undefined;
  const open = (f: DocField, ex: unknown): void => {
    if (f.type.kind === "object") stack.push({ node: f, example: ex });
    if (f.type.kind === "array") {
      lastArray = { field: f, example: ex };
      if (f.type.items?.kind === "object") {
        const item: DocField = {
          name: "",
          type: { kind: "object" },
          typeText: "object",
          description: "",
          line: f.line,
          children: [],
        };
        f.items = item;
        stack.push({ node: item, example: Array.isArray(ex) ? ex[0] : undefined });
      }
    }
  };
  open(root, example);
  let previous: DocField = root;
  for (const f of rest) {
    const a = lastArray !== undefined && lastArray.field === previous ? lastArray : undefined;
    if (a !== undefined && isItemRow(f, a.field)) {
      const itemEx = Array.isArray(a.example) ? a.example[0] : undefined;
      const synthetic = a.field.items;
      if (synthetic !== undefined && f.type.kind === "object") {
        synthetic.description = f.description;
      } else {
        const at = stack.findIndex((s) => s.node === synthetic);
        if (at >= 0) stack.splice(at);
        a.field.items = f;
        open(f, itemEx);
      }
      previous = f;
      continue;
    }
    if (f.name === "") {
      problems.report(f.line, "unnamed table row that is not the item of an array", "give the row its parameter name");
      continue;
    }
    if (stack.length === 0) {
      problems.report(
        f.line,
        `row '${f.name}' has no object to belong to (the table's root is not an object)`,
        "check the table's first row",
      );
      continue;
    }
    let at = options.nestNamed ? stack.length - 1 : 0;
    if (options.nestNamed) {
      for (let i = stack.length - 1; i >= 0; i--) {
        if (hasKey(stack[i]?.example, f.name)) {
          at = i;
          break;
        }
      }
    }
    stack.splice(at + 1);
    const parent = stack[at] as Open;
    parent.node.children.push(f);
    if (options.nestNamed || f.type.kind === "array") open(f, childExample(parent.example, f.name));
    if (!options.nestNamed) stack.splice(1);
    previous = f;
  }
  return root;
}
