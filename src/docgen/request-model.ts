import { readTable } from "./detect-table.ts";
import { buildFieldTree } from "./field-tree.ts";
import type { ParameterIn } from "./page-model.ts";
import { type SplitPage, sectionsOf } from "./page-sections.ts";
import { type DocField, readFields } from "./parameter-model.ts";
import type { Problems } from "./problems.ts";
import type { ProductInfo } from "./products.ts";
import type { RequestSyntax } from "./request-syntax.ts";

// Request parameters named like HTTP headers (`Accept-Encoding`, `x-log-bodyrawsize`, `x-acs-…`) travel as
// headers, whatever table lists them.
const HEADER_NAME = /^(accept|content|x)-[a-z0-9-]+$/i;

/** The request a page documents: its parameters by location, and its JSON body. */
export interface RequestModel {
  parameters: { field: DocField; in: ParameterIn }[];
  body?: DocField;
}

/** Every row of the tables of these sections, in page order. */
export function fieldsOfSections(
  split: SplitPage,
  kind: "path-parameters" | "request-parameters" | "response-parameters",
  problems: Problems,
  pageEnd: number,
): DocField[] {
  const what = {
    "path-parameters": "path parameter",
    "request-parameters": "request parameter",
    "response-parameters": "response",
  }[kind];
  const out: DocField[] = [];
  for (const s of sectionsOf(split, kind)) {
    const table = readTable(s.lines, problems, pageEnd);
    if (table !== undefined) out.push(...readFields(table, problems, what));
  }
  return out;
}

function emptyObject(line: number): DocField {
  return { name: "", type: { kind: "object" }, typeText: "object", description: "", line, children: [] };
}

/**
 * `Users.N` (RPC's repeated parameter: `Users.1=a&Users.2=b`) is an array `Users` of the row's type;
 * `Tag.N.Key` a property of the objects of the array `Tag`.
 */
function foldRepeated(fields: readonly DocField[]): DocField[] {
  const out: DocField[] = [];
  const arrays = new Map<string, DocField>();
  for (const f of fields) {
    const m = /^([A-Za-z_]\w*)\.N(?:\.(\w+))?$/.exec(f.name);
    if (m === null) {
      out.push(f);
      continue;
    }
    const base = m[1] ?? "";
    const prop = m[2];
    let array = arrays.get(base);
    if (array === undefined) {
      array = { ...f, name: base, type: { kind: "array" }, typeText: `array<${f.typeText}>`, children: [] };
      arrays.set(base, array);
      out.push(array);
    }
    if (prop === undefined) {
      array.type = { kind: "array", items: f.type };
      array.items = { ...f, name: "", children: [] };
      delete array.items.example;
      continue;
    }
    array.type = { kind: "array", items: { kind: "object" } };
    array.items ??= emptyObject(f.line);
    array.items.children.push({ ...f, name: prop });
    if (f.required === true) array.required = true;
  }
  return out;
}

class RequestReader {
  readonly parameters: { field: DocField; in: ParameterIn }[] = [];
  bodyRows: DocField[] | undefined;
  private readonly pathNames: Set<string>;

  constructor(
    private readonly product: ProductInfo,
    private readonly syntax: RequestSyntax | undefined,
    private readonly problems: Problems,
  ) {
    this.pathNames = new Set(syntax?.pathParameters ?? []);
  }

  /** A path parameter the request syntax does not name is a problem: the page contradicts itself. */
  inSyntaxPath(f: DocField): boolean {
    if (this.pathNames.has(f.name)) return true;
    this.problems.report(
      f.line,
      `path parameter '${f.name}' is not in the request syntax path '${this.syntax?.path ?? "/"}'`,
      "make the parameter's name match the request syntax",
    );
    return false;
  }

  addPath(f: DocField): void {
    if (this.inSyntaxPath(f) && !this.parameters.some((p) => p.in === "path" && p.field.name === f.name))
      this.parameters.push({ field: f, in: "path" });
  }

  private isHost(f: DocField, loc: string | undefined): boolean {
    const host = this.product.hostVariable;
    if (loc !== "host" && !(loc === undefined && this.product.style === "ROA" && host !== undefined && f.name === host))
      return false;
    if (host === undefined || f.name !== host) {
      this.problems.warn(
        f.line,
        `parameter '${f.name}' is carried in the Host; product '${this.product.id}' has no such server variable`,
        "set the Host of the server URL yourself",
      );
    }
    return true;
  }

  private toBody(f: DocField, loc: string | undefined): boolean {
    const style = this.product.style;
    if (this.bodyRows === undefined && loc === undefined && f.name.toLowerCase() === "body" && style === "ROA") {
      this.bodyRows = [{ ...f, name: "" }];
      return true;
    }
    if (loc !== "body" && (this.bodyRows === undefined || loc !== undefined)) return false;
    this.bodyRows ??= [emptyObject(f.line)];
    this.bodyRows.push(f);
    return true;
  }

  private toItem(f: DocField): void {
    const last = this.parameters[this.parameters.length - 1]?.field;
    if (last !== undefined && last.type.kind === "array" && last.items === undefined) last.items = f;
    else
      this.problems.report(
        f.line,
        "unnamed request parameter row that is not an array item",
        "give the row its parameter name",
      );
  }

  /** The request syntax's spelling of a path variable a row names in another case (`logstoreName`). */
  private pathSpelling(name: string): string | undefined {
    if (this.pathNames.has(name)) return name;
    return [...this.pathNames].find((p) => p.toLowerCase() === name.toLowerCase());
  }

  /** Where a row goes: its Location cell; a path qualifier is a query parameter; HTTP header names are headers. */
  private locationOf(row: DocField): string | undefined {
    const loc = row.location?.toLowerCase();
    if (this.syntax?.qualifiers.includes(row.name) === true) return "query";
    if (loc === undefined && HEADER_NAME.test(row.name)) return "header";
    return loc;
  }

  add(row: DocField): void {
    const loc = this.locationOf(row);
    const spelled = loc === undefined || loc === "path" ? this.pathSpelling(row.name) : undefined;
    const f = spelled === undefined || spelled === row.name ? row : { ...row, name: spelled };
    // RPC pages list `Action` (its value is the operation, carried by the path key `/?Action=…`).
    if (this.product.style === "RPC" && f.name === "Action") return;
    if (this.isHost(f, loc)) return;
    if (loc === "path" || (loc === undefined && this.pathNames.has(f.name))) this.addPath(f);
    else if (this.toBody(f, loc)) return;
    else if (f.name === "") this.toItem(f);
    else this.parameters.push({ field: f, in: loc === "header" ? "header" : "query" });
  }

  /** Path parameters the syntax names and no table documents. */
  addUndocumentedPath(): void {
    for (const name of this.syntax?.pathParameters ?? []) {
      if (this.parameters.some((p) => p.in === "path" && p.field.name === name)) continue;
      this.parameters.push({
        field: {
          name,
          type: { kind: "string" },
          typeText: "string",
          required: true,
          description: `Path parameter {${name}} of the request syntax.`,
          line: this.syntax?.line ?? 1,
          children: [],
        },
        in: "path",
      });
    }
  }
}

/** Reads the request parameters and body of a page (path, query, header and body rows of its tables). */
export function readRequest(
  split: SplitPage,
  context: { product: ProductInfo; syntax?: RequestSyntax },
  problems: Problems,
  pageEnd: number,
): RequestModel {
  const reader = new RequestReader(context.product, context.syntax, problems);
  for (const f of fieldsOfSections(split, "path-parameters", problems, pageEnd)) {
    const qualifier = context.syntax?.qualifiers.includes(f.name) === true;
    if (!qualifier && (f.location === undefined || f.location.toLowerCase() === "path")) reader.addPath(f);
    else reader.add(f);
  }
  const rows = fieldsOfSections(split, "request-parameters", problems, pageEnd);
  for (const f of context.product.style === "RPC" ? foldRepeated(rows) : rows) reader.add(f);
  reader.addUndocumentedPath();
  const out: RequestModel = { parameters: reader.parameters };
  const bodyRows = reader.bodyRows;
  const body = bodyRows === undefined ? undefined : buildFieldTree(bodyRows, undefined, problems, { nestNamed: false });
  if (body !== undefined) {
    body.required = bodyRows?.[0]?.required ?? true;
    out.body = body;
  }
  return out;
}
