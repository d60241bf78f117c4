import { isJsonObject } from "../openapi/is-json-object.ts";
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

/**
 * The success example (a JSON body), once-escaped strings repaired: of the examples sections, else of
 * the response sections (older pages put it under "Response elements"); a complete one over a cut one.
 */
function successExample(split: SplitPage, problems: Problems): JsonExample | undefined {
  const sections = [
    ...sectionsOf(split, "examples"),
    ...sectionsOf(split, "response-body"),
    ...sectionsOf(split, "response-parameters"),
  ];
  let cut: JsonExample | undefined;
  for (const s of sections) {
    const example = findSuccessExample(s.lines, problems);
    if (example === undefined) continue;
    const repaired: JsonExample = { ...example, value: repairDoubleEscaped(example.value) };
    if (example.cut === undefined) return repaired;
    // Of cut examples, the one that kept the most.
    if (cut === undefined || JSON.stringify(repaired.value).length > JSON.stringify(cut.value).length) cut = repaired;
  }
  return cut;
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
  return isJsonObject(v) && Object.keys(v).length === 0;
}

function keysOf(v: unknown): ReadonlySet<string> {
  return new Set(isJsonObject(v) ? Object.keys(v) : []);
}

/**
 * Older pages list the fields of a wrapper object the table never names (`GetDomainDetailModel` of
 * CDN's DescribeCdnDomainDetail): when the example puts most top-level rows under one of its object
 * keys, that key becomes the rows' parent.
 */
function exampleWrapper(rows: readonly DocField[], example: unknown): DocField | undefined {
  const root = keysOf(example);
  if (root.size === 0 || rows.length === 0 || rows[0]?.name === "") return undefined;
  const named = rows.filter((r) => r.depth === undefined).map((r) => r.name);
  const atRoot = named.filter((n) => root.has(n)).length;
  for (const key of root) {
    const inner = keysOf((example as Record<string, unknown>)[key]);
    const under = named.filter((n) => inner.has(n) && !root.has(n)).length;
    if (named.includes(key) || under <= atRoot) continue;
    return {
      name: key,
      type: { kind: "object" },
      typeText: "object",
      description: "",
      line: rows[0]?.line ?? 1,
      children: [],
    };
  }
  return undefined;
}

/** Reads the response table(s) and success example of a page into the response tree. */
export function readResponse(
  split: SplitPage,
  problems: Problems,
  pageEnd: number,
  style: "RPC" | "ROA",
): ResponseModel {
  const example = successExample(split, problems);
  const table = withoutHeaders(fieldsOfSections(split, "response-parameters", problems, pageEnd));
  const wrapper = exampleWrapper(table, example?.value);
  const rows = wrapper === undefined ? table : [wrapper, ...table];
  const response = buildFieldTree(rows, example?.value, problems, { nestNamed: true, arrayOfWraps: style === "RPC" });
  const out: ResponseModel = {
    responseThin: response === undefined || !hasNamedField(response) || hasUnresolvedRef(response),
    responseEmpty: rows.length === 0 && example !== undefined && isEmptyObject(example.value),
  };
  if (response !== undefined) out.response = response;
  if (example !== undefined) out.example = example;
  return out;
}
