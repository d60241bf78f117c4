import { buildFieldTree } from "./field-tree.ts";
import { findSuccessExample, type JsonExample, repairDoubleEscaped } from "./json-example.ts";
import { type SplitPage, sectionsOf } from "./page-sections.ts";
import type { DocField } from "./parameter-model.ts";
import type { Problems } from "./problems.ts";
import { fieldsOfSections } from "./request-model.ts";

/** The success response a page documents. */
export interface ResponseModel {
  /** Root of the response table (undefined when the page has none). */
  response?: DocField;
  /** The table names no field (or a type it does not define): the example says the shape. */
  responseThin: boolean;
  /** The page shows an empty body (`{}`) and no response fields: the response has none. */
  responseEmpty: boolean;
  example?: JsonExample;
}

function hasNamedField(f: DocField): boolean {
  return f.children.length > 0 || (f.items !== undefined && hasNamedField(f.items));
}

function hasUnresolvedRef(f: DocField): boolean {
  if (f.type.kind === "array" && f.type.itemsRef !== undefined && f.items === undefined) return true;
  return f.children.some(hasUnresolvedRef) || (f.items !== undefined && hasUnresolvedRef(f.items));
}

/** The success example of the examples sections (a JSON body), once-escaped strings repaired. */
function successExample(split: SplitPage, problems: Problems): JsonExample | undefined {
  for (const s of [...sectionsOf(split, "examples"), ...sectionsOf(split, "response-body")]) {
    const example = findSuccessExample(s.lines, problems);
    if (example !== undefined) return { value: repairDoubleEscaped(example.value), line: example.line };
  }
  return undefined;
}

/**
 * SLS response tables start with the HTTP headers (`headers | object` and its rows), then the body's
 * root row: the headers are not the body.
 */
function withoutHeaders(rows: readonly DocField[]): readonly DocField[] {
  const first = rows[0];
  if (first === undefined || first.name.toLowerCase() !== "headers" || first.type.kind !== "object") return rows;
  const body = rows.findIndex(
    (r, i) => i > 0 && r.name === "" && (r.type.kind === "object" || r.type.kind === "array"),
  );
  return body < 0 ? [] : rows.slice(body);
}

function isEmptyObject(v: unknown): boolean {
  return v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0;
}

/** Reads the response table(s) and success example of a page into the response tree. */
export function readResponse(split: SplitPage, problems: Problems, pageEnd: number): ResponseModel {
  const example = successExample(split, problems);
  const rows = withoutHeaders(fieldsOfSections(split, "response-parameters", problems, pageEnd));
  const response = buildFieldTree(rows, example?.value, problems, { nestNamed: true });
  const out: ResponseModel = {
    responseThin: response === undefined || !hasNamedField(response) || hasUnresolvedRef(response),
    responseEmpty: rows.length === 0 && example !== undefined && isEmptyObject(example.value),
  };
  if (response !== undefined) out.response = response;
  if (example !== undefined) out.example = example;
  return out;
}
