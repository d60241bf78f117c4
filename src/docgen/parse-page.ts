import type { XApiStyle, XDocgenWarning, XErrorCode, XTimeWindow } from "../openapi/extensions.ts";
import { readTable } from "./detect-table.ts";
import { readErrorCodes } from "./error-table.ts";
import { findSuccessExample, type JsonExample, repairDoubleEscaped } from "./json-example.ts";
import { type OperationNameSource, parseFileName, parseTitle, resolveOperationId } from "./operation-id.ts";
import { type PageLine, type PageSection, type SplitPage, sectionsOf, splitPage } from "./page-sections.ts";
import { buildFieldTree, type DocField, readFields } from "./parameter-model.ts";
import { Problems } from "./problems.ts";
import { findProduct, type ProductInfo } from "./products.ts";
import { parseQpsLimit, type QpsLimit } from "./qps-limit.ts";
import { findRamAction } from "./ram-action.ts";
import { parseRequestSyntax, type RequestSyntax } from "./request-syntax.ts";
import { findTimeParameters, parseTimeWindow } from "./time-window.ts";

/** Where a request parameter goes on the wire. */
export type ParameterIn = "path" | "query" | "header";

/** Everything docgen read from one page: the typed model the OpenAPI builder works from. */
export interface PageModel {
  page: string;
  product: ProductInfo;
  operationId: string;
  operationIdSource: OperationNameSource;
  summary?: string;
  description?: string;
  style: XApiStyle;
  method: string;
  /** ROA path template; `/` for RPC. */
  path: string;
  fixedQuery: Record<string, string>;
  parameters: { field: DocField; in: ParameterIn }[];
  body?: DocField;
  /** Root of the response table (undefined when the page has none). */
  response?: DocField;
  /** The response table does not name any field (or names a type it does not define): use the example. */
  responseThin: boolean;
  example?: JsonExample;
  errorCodes: XErrorCode[];
  qps?: QpsLimit;
  ramAction?: string;
  timeWindow?: XTimeWindow;
}

const NOISE = /^(all products|search|document center|last updated:.*|debugging|test)$/i;

function textOf(sections: readonly PageSection[]): string {
  const out: string[] = [];
  for (const s of sections) {
    for (const l of s.lines) {
      const t = l.text.trim().replace(/^•\s*/, "- ");
      if (t === "") continue;
      const prev = out[out.length - 1];
      // The cell-per-line dump puts a list's "-" marker on its own line.
      if (prev === "-" || prev === "•") out[out.length - 1] = `- ${t}`;
      else out.push(t);
    }
  }
  return out.join("\n");
}

function lastLineOf(split: SplitPage): number {
  for (let i = split.lines.length - 1; i >= 0; i--)
    if ((split.lines[i]?.text ?? "").trim() !== "") return split.lines[i]?.n ?? 0;
  return 0;
}

function fieldsOf(sections: readonly PageSection[], problems: Problems, pageEnd: number, what: string): DocField[] {
  const out: DocField[] = [];
  for (const s of sections) {
    const table = readTable(s.lines, problems, pageEnd);
    if (table !== undefined) out.push(...readFields(table, problems, what));
  }
  return out;
}

/**
 * Reads one page into a `PageModel`: sections → tables (any dump style) → typed fields → request and
 * response models, plus examples, error codes and the prose rules. Pure. Problems throw a `DocgenError`
 * (strict) or are returned as warnings (`lenient`, then `model` holds what could be read, or is
 * undefined when not even an operation could be made).
 */
export function parsePage(
  page: string,
  text: string,
  lenient = false,
): { model?: PageModel; warnings: XDocgenWarning[] } {
  const problems = new Problems(page, lenient);
  const model = readModel(page, text, problems);
  return model === undefined ? { warnings: problems.warnings } : { model, warnings: problems.warnings };
}

function readModel(page: string, text: string, problems: Problems): PageModel | undefined {
  const split = splitPage(text);
  const pageEnd = lastLineOf(split);
  if (pageEnd === 0) {
    problems.report(1, "page is empty", "copy the reference page's text into the file");
    return undefined;
  }
  if (split.sections.length === 0) {
    problems.report(
      1,
      "page has none of the known sections (Request parameters, Response parameters, Examples, …)",
      "check that the file is an API reference page",
    );
    return undefined;
  }
  // Title and summary from the lines before the first section.
  const preamble = split.preamble.filter((l) => l.text.trim() !== "" && !NOISE.test(l.text.trim()));
  const titleLine = preamble.find((l) => parseTitle(l.text) !== undefined);
  const title = titleLine === undefined ? undefined : parseTitle(titleLine.text);
  const summary = preamble.find((l) => l !== titleLine)?.text.trim();
  const fromFile = parseFileName(page.split(/[\\/]/).pop() ?? page);

  const product =
    (fromFile !== undefined ? findProduct(fromFile.product) : undefined) ??
    (title !== undefined ? findProduct(title.product) : undefined);
  if (product === undefined) {
    problems.report(
      titleLine?.n ?? 1,
      `cannot tell which product the page documents (file prefix '${fromFile?.product ?? "?"}', title '${title?.product ?? "none"}')`,
      "name the file <product>-<Operation>.txt with a product of PRODUCTS in src/docgen/products.ts, or add the product there",
    );
    return undefined;
  }

  const authLines: PageLine[] = sectionsOf(split, "authorization").flatMap((s) => s.lines);
  const ram = findRamAction(authLines, title?.operation ?? fromFile?.operation);
  const resolved = resolveOperationId({
    title: title?.operation,
    ramAction: ram?.action,
    fileName: fromFile?.operation,
  });
  if (resolved === undefined) {
    problems.report(
      1,
      "cannot tell the operation's name: no 'Product:Operation' title, RAM action or <product>-<Operation>.txt file name",
      "name the file <product>-<Operation>.txt",
    );
    return undefined;
  }

  // ROA pages state their request line; RPC pages do not (Action = operation name).
  let syntax: RequestSyntax | undefined;
  if (product.style === "ROA") {
    const syntaxSections = sectionsOf(split, "request-syntax");
    syntax = syntaxSections.map((s) => parseRequestSyntax(s.lines)).find((s) => s !== undefined);
    if (syntax === undefined) {
      const where =
        syntaxSections[0]?.line ?? sectionsOf(split, "request-parameters")[0]?.line ?? split.sections[0]?.line ?? 1;
      problems.report(
        where,
        syntaxSections.length === 0
          ? "ROA page has no 'Request syntax' section (METHOD /path)"
          : "'Request syntax' section has no request line such as 'POST /logstores/{logstore}/consumergroups'",
        "restore the page's request syntax line",
      );
      return undefined;
    }
  }

  const exampleSections = sectionsOf(split, "examples");
  const responseSections = sectionsOf(split, "response-parameters");
  let example: JsonExample | undefined;
  for (const s of exampleSections) {
    example = findSuccessExample(s.lines, problems);
    if (example !== undefined) break;
  }
  if (example !== undefined) example = { value: repairDoubleEscaped(example.value), line: example.line };

  // Request parameters.
  const parameters: { field: DocField; in: ParameterIn }[] = [];
  const pathNames = new Set(syntax?.pathParameters ?? []);
  // A path parameter the request syntax does not name is a problem: the page contradicts itself.
  const inSyntaxPath = (f: DocField): boolean => {
    if (pathNames.has(f.name)) return true;
    problems.report(
      f.line,
      `path parameter '${f.name}' is not in the request syntax path '${syntax?.path ?? "/"}'`,
      "fix the parameter name or the request syntax",
    );
    return false;
  };
  for (const f of fieldsOf(sectionsOf(split, "path-parameters"), problems, pageEnd, "path parameter")) {
    if (inSyntaxPath(f)) parameters.push({ field: f, in: "path" });
  }
  const requestRows = fieldsOf(sectionsOf(split, "request-parameters"), problems, pageEnd, "request parameter");
  let bodyRows: DocField[] | undefined;
  for (const f of requestRows) {
    const loc = f.location?.toLowerCase();
    const isHost = loc === "host" || (loc === undefined && product.style === "ROA" && f.name === product.hostVariable);
    if (isHost) {
      if (product.hostVariable === undefined || f.name !== product.hostVariable) {
        problems.report(
          f.line,
          `parameter '${f.name}' is carried in the Host but product '${product.id}' has no such server variable`,
          "add hostVariable to the product in src/docgen/products.ts",
        );
      }
      continue;
    }
    if (loc === "path" || (loc === undefined && pathNames.has(f.name))) {
      if (inSyntaxPath(f) && !parameters.some((p) => p.in === "path" && p.field.name === f.name))
        parameters.push({ field: f, in: "path" });
      continue;
    }
    if (bodyRows === undefined && loc === undefined && f.name.toLowerCase() === "body" && product.style === "ROA") {
      bodyRows = [{ ...f, name: "" }];
      continue;
    }
    if (loc === "body" || (bodyRows !== undefined && loc === undefined)) {
      if (bodyRows === undefined)
        bodyRows = [
          { name: "", type: { kind: "object" }, typeText: "object", description: "", line: f.line, children: [] },
        ];
      bodyRows.push(f);
      continue;
    }
    if (f.name === "") {
      const last = parameters[parameters.length - 1]?.field;
      if (last !== undefined && last.type.kind === "array" && last.items === undefined) last.items = f;
      else
        problems.report(
          f.line,
          "unnamed request parameter row that is not an array item",
          "give the row its parameter name",
        );
      continue;
    }
    parameters.push({ field: f, in: loc === "header" ? "header" : "query" });
  }
  for (const name of syntax?.pathParameters ?? []) {
    if (!parameters.some((p) => p.in === "path" && p.field.name === name)) {
      parameters.push({
        field: {
          name,
          type: { kind: "string" },
          typeText: "string",
          required: true,
          description: `Path parameter {${name}} of the request syntax.`,
          line: syntax?.line ?? 1,
          children: [],
        },
        in: "path",
      });
    }
  }
  const bodyRoot = bodyRows?.[0];
  const body = bodyRows === undefined ? undefined : buildFieldTree(bodyRows, undefined, problems, { nestNamed: false });
  if (body !== undefined && bodyRoot !== undefined) {
    body.required = bodyRoot.required ?? true;
  }

  // Response.
  const responseRows = fieldsOf(responseSections, problems, pageEnd, "response");
  const response = buildFieldTree(responseRows, example?.value, problems, { nestNamed: true });
  const responseThin = response === undefined || !hasNamedField(response) || hasUnresolvedRef(response);

  const errorCodes: XErrorCode[] = [];
  for (const s of sectionsOf(split, "error-codes")) {
    const table = readTable(s.lines, problems, pageEnd);
    if (table !== undefined) errorCodes.push(...readErrorCodes(table, problems));
  }

  if (exampleSections.length === 0 && responseSections.length === 0) {
    problems.report(
      pageEnd,
      "page ends before its response section: no 'Response parameters' and no 'Examples'",
      "the page looks truncated; copy the complete page",
    );
  }
  const description = textOf(sectionsOf(split, "description"));
  const qps = parseQpsLimit(textOf(sectionsOf(split, "qps")));
  const timeParams = findTimeParameters(parameters.map((p) => p.field.name));
  const timeWindow =
    timeParams === undefined ? undefined : parseTimeWindow(description, timeParams.start, timeParams.end);

  const model: PageModel = {
    page,
    product,
    operationId: resolved.id,
    operationIdSource: resolved.source,
    style: product.style,
    method: syntax?.method ?? "get",
    path: syntax?.path ?? "/",
    fixedQuery: syntax?.fixedQuery ?? {},
    parameters,
    responseThin,
    errorCodes,
  };
  if (summary !== undefined) model.summary = summary;
  if (description !== "") model.description = description;
  if (body !== undefined) model.body = body;
  if (response !== undefined) model.response = response;
  if (example !== undefined) model.example = example;
  if (qps !== undefined) model.qps = qps;
  if (ram !== undefined) model.ramAction = ram.action;
  if (timeWindow !== undefined) model.timeWindow = timeWindow;
  return model;
}

function hasNamedField(f: DocField): boolean {
  return f.children.length > 0 || (f.items !== undefined && hasNamedField(f.items));
}

function hasUnresolvedRef(f: DocField): boolean {
  if (f.type.kind === "array" && f.type.itemsRef !== undefined && f.items === undefined) return true;
  return f.children.some(hasUnresolvedRef) || (f.items !== undefined && hasUnresolvedRef(f.items));
}
