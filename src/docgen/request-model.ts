import type { XRpcStyle } from "../openapi/extensions.ts";
import { readTable } from "./detect-table.ts";
import { buildFieldTree } from "./field-tree.ts";
import type { ParameterIn } from "./page-model.ts";
import { type SplitPage, sectionsOf } from "./page-sections.ts";
import { type DocField, readFields } from "./parameter-model.ts";
import type { Problems } from "./problems.ts";
import type { ProductInfo } from "./products.ts";
import type { RequestSyntax } from "./request-syntax.ts";
import { rpcStyleOf } from "./rpc-style.ts";

// Request parameters named like HTTP headers (`Accept-Encoding`, `x-log-bodyrawsize`, `x-acs-…`) travel as
// headers, whatever table lists them.
const HEADER_NAME = /^(accept|content|x)-[a-z0-9-]+$/i;

/** The request a page documents: its parameters by location, and its JSON body. */
export interface RequestModel {
  parameters: RequestParameter[];
  body?: DocField;
}

/** A parameter of the page by location (`x-rpc-style` for an RPC list or object). */
export interface RequestParameter {
  field: DocField;
  in: ParameterIn;
  rpcStyle?: XRpcStyle;
}

/** Sets the `x-rpc-style` of an RPC query parameter of array or object type (rpc-style.ts). */
function addRpcStyle(p: RequestParameter, flattened: ReadonlySet<DocField>): void {
  if (p.in !== "query") return;
  const style = rpcStyleOf(p.field, flattened.has(p.field));
  if (style !== undefined) p.rpcStyle = style;
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

/** `Users.N`, `Tag.N.Key`, `Filter.1.Key`: a list (its name, and the member of its objects the row documents). */
const LIST_ROW = /^([A-Za-z_]\w*)\.(?:N|\d+)(?:\.(\w+))?$/;
/** `SystemDisk.Category`: a member of an object parameter. */
const MEMBER_ROW = /^([A-Za-z_]\w*)\.([A-Za-z_]\w*)$/;

/**
 * RPC rows that name one pair of a flattened list or object (docs/alibaba/rpc-parameters.md#flattening), folded
 * into the parameter they belong to: `Users.N` is an array `Users` of the row's type; `Tag.N.Key` a member of the
 * objects of the array `Tag`; `SystemDisk.Category` a member of the object `SystemDisk`. The folded parameters are
 * `flattened`, so their `x-rpc-style` is the page's own statement.
 */
class FoldedRows {
  readonly out: DocField[] = [];
  readonly flattened = new Set<DocField>();
  private readonly byName = new Map<string, DocField>();

  add(f: DocField): void {
    const list = LIST_ROW.exec(f.name);
    const member = list === null ? MEMBER_ROW.exec(f.name) : null;
    if (list !== null) this.addListRow(f, list[1] ?? "", list[2]);
    else if (member !== null) this.addMemberRow(f, member[1] ?? "", member[2] ?? "");
    else this.out.push(f);
  }

  /** The folded parameter `base`, created from its first row. */
  private parameter(f: DocField, base: string, type: DocField["type"], typeText: string): DocField {
    let folded = this.byName.get(base);
    if (folded === undefined) {
      folded = { ...f, name: base, type, typeText, children: [] };
      this.byName.set(base, folded);
      this.flattened.add(folded);
      this.out.push(folded);
    }
    return folded;
  }

  private addListRow(f: DocField, base: string, prop: string | undefined): void {
    const array = this.parameter(f, base, { kind: "array" }, `array<${f.typeText}>`);
    if (prop === undefined) {
      array.type = { kind: "array", items: f.type };
      array.items = { ...f, name: "", children: [] };
      delete array.items.example;
      return;
    }
    array.type = { kind: "array", items: { kind: "object" } };
    array.items ??= emptyObject(f.line);
    addMember(array.items, { ...f, name: prop });
    if (f.required === true) array.required = true;
  }

  private addMemberRow(f: DocField, base: string, prop: string): void {
    const object = this.parameter(f, base, { kind: "object" }, "object");
    if (object.children.length === 0) object.description = ""; // the first row describes its member, not the object
    delete object.example;
    addMember(object, { ...f, name: prop });
    if (f.required === true) object.required = true;
  }
}

/** Adds a member once: pages list `Filter.1.Key`, `Filter.2.Key`, … for the same member. */
function addMember(object: DocField, member: DocField): void {
  if (!object.children.some((c) => c.name === member.name)) object.children.push(member);
}

/** The RPC request rows folded (FoldedRows), and which parameters were folded. */
function foldRepeated(fields: readonly DocField[]): { fields: DocField[]; flattened: ReadonlySet<DocField> } {
  const folded = new FoldedRows();
  for (const f of fields) folded.add(f);
  return { fields: folded.out, flattened: folded.flattened };
}

class RequestReader {
  readonly parameters: RequestParameter[] = [];
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
  const rpc = context.product.style === "RPC";
  const folded = rpc ? foldRepeated(rows) : { fields: rows, flattened: new Set<DocField>() };
  for (const f of folded.fields) reader.add(f);
  reader.addUndocumentedPath();
  const out: RequestModel = { parameters: reader.parameters };
  if (rpc) for (const p of out.parameters) addRpcStyle(p, folded.flattened);
  const bodyRows = reader.bodyRows;
  const body = bodyRows === undefined ? undefined : buildFieldTree(bodyRows, undefined, problems, { nestNamed: false });
  if (body !== undefined) {
    body.required = bodyRows?.[0]?.required ?? true;
    out.body = body;
  }
  return out;
}
