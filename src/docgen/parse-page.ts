import type { XDocgenWarning, XErrorCode } from "../openapi/extensions.ts";
import { readTable } from "./detect-table.ts";
import type { DocgenError } from "./docgen-error.ts";
import { readErrorCodes } from "./error-table.ts";
import { type IdentityOptions, identifyPage, type PageIdentity } from "./page-identity.ts";
import type { PageModel } from "./page-model.ts";
import { type PageSection, preambleText, type SplitPage, sectionsOf, splitPage } from "./page-sections.ts";
import { Problems } from "./problems.ts";
import type { ProductInfo } from "./products.ts";
import { findQpsLimit } from "./qps-limit.ts";
import { readRequest } from "./request-model.ts";
import { parseRequestSyntax, type RequestSyntax } from "./request-syntax.ts";
import { readResponse } from "./response-model.ts";
import { findTimeParameters, parseTimeWindow } from "./time-window.ts";

export type { PageModel, ParameterIn } from "./page-model.ts";

function textOf(sections: readonly PageSection[]): string {
  const out: string[] = [];
  for (const [i, s] of sections.entries()) {
    // A later heading of the same kind ("Usage notes" under "Operation description") is part of the text.
    if (i > 0) out.push(s.heading);
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

/** The page is a reference page at all: it has text and at least one known section. */
function checkShape(split: SplitPage, pageEnd: number, problems: Problems): boolean {
  if (pageEnd === 0) {
    problems.report(1, "page is empty", "copy the reference page's text into the file");
    return false;
  }
  if (split.sections.length === 0) {
    problems.report(
      1,
      "page has none of the known sections (Request parameters, Response parameters, Examples, 请求参数, …)",
      "check that the file is an API reference page",
    );
    return false;
  }
  return true;
}

/** ROA pages state their request line; RPC pages do not (Action = operation name). */
function readSyntax(split: SplitPage, identity: PageIdentity, problems: Problems): RequestSyntax | undefined | null {
  if (identity.product.style !== "ROA") return undefined;
  const syntaxSections = sectionsOf(split, "request-syntax");
  const syntax = syntaxSections.map((s) => parseRequestSyntax(s.lines)).find((s) => s !== undefined);
  if (syntax !== undefined) return syntax;
  const where =
    syntaxSections[0]?.line ?? sectionsOf(split, "request-parameters")[0]?.line ?? split.sections[0]?.line ?? 1;
  problems.report(
    where,
    syntaxSections.length === 0
      ? "ROA page has no 'Request syntax' section (METHOD /path)"
      : "'Request syntax' section has no request line such as 'POST /logstores/{logstore}/consumergroups'",
    "restore the page's request syntax line",
  );
  return null;
}

function readErrors(split: SplitPage, problems: Problems, pageEnd: number): XErrorCode[] {
  const errorCodes: XErrorCode[] = [];
  for (const s of sectionsOf(split, "error-codes")) {
    const table = readTable(s.lines, problems, pageEnd);
    if (table !== undefined) errorCodes.push(...readErrorCodes(table, problems));
  }
  return errorCodes;
}

function checkComplete(split: SplitPage, pageEnd: number, problems: Problems): void {
  const has = (k: "examples" | "response-parameters" | "response-body"): boolean => sectionsOf(split, k).length > 0;
  if (!has("examples") && !has("response-parameters") && !has("response-body")) {
    problems.report(
      pageEnd,
      "page ends before its response section: no 'Response parameters' and no 'Examples'",
      "copy the complete page",
    );
  }
}

/** Summary: the first line of the preamble that is not the title or site furniture. */
function summaryOf(split: SplitPage, operation: string): string | undefined {
  const preamble = preambleText(split);
  const title = (t: string): boolean => t.endsWith(`:${operation}`) || t.startsWith(operation);
  return preamble.find((l) => !title(l.text.trim()))?.text.trim();
}

/** Fills in the prose rules: description, QPS limit and the time window of a start/end pair. */
function addProse(model: PageModel, split: SplitPage): void {
  const description = textOf(sectionsOf(split, "description"));
  if (description !== "") model.description = description;
  const prose = [textOf(sectionsOf(split, "qps")), description, split.preamble.map((l) => l.text).join("\n")];
  const qps = findQpsLimit(prose.join("\n"));
  if (qps !== undefined) model.qps = qps;
  const timeParams = findTimeParameters(model.parameters.map((p) => p.field.name));
  const timeWindow =
    timeParams === undefined ? undefined : parseTimeWindow(description, timeParams.start, timeParams.end);
  if (timeWindow !== undefined) model.timeWindow = timeWindow;
}

function readModel(
  page: string,
  text: string,
  problems: Problems,
  options: IdentityOptions,
): { model?: PageModel; product?: ProductInfo } {
  const split = splitPage(text);
  const pageEnd = lastLineOf(split);
  if (!checkShape(split, pageEnd, problems)) return {};
  const identity = identifyPage(page, split, problems, options);
  if (identity === undefined) return {};
  const syntax = readSyntax(split, identity, problems);
  if (syntax === null) return { product: identity.product };
  const product = identity.product;
  const request = readRequest(split, { product, ...(syntax === undefined ? {} : { syntax }) }, problems, pageEnd);
  const response = readResponse(split, problems, pageEnd, product.style);
  const model: PageModel = {
    page,
    product,
    operationId: identity.operation,
    operationIdSource: identity.operationSource,
    style: product.style,
    method: syntax?.method ?? "get",
    path: syntax?.path ?? "/",
    fixedQuery: syntax?.fixedQuery ?? {},
    parameters: request.parameters,
    responseThin: response.responseThin,
    errorCodes: readErrors(split, problems, pageEnd),
  };
  checkComplete(split, pageEnd, problems);
  const summary = summaryOf(split, identity.operation);
  if (summary !== undefined) model.summary = summary;
  if (request.body !== undefined) model.body = request.body;
  if (response.response !== undefined) model.response = response.response;
  if (response.responseEmpty) model.responseEmpty = true;
  if (response.example !== undefined) model.example = response.example;
  if (identity.ramAction !== undefined) model.ramAction = identity.ramAction;
  addProse(model, split);
  return { model, product };
}

/**
 * Reads one page into a `PageModel`: sections → what the page documents (product, operation) → tables
 * (any dump style) → typed fields → request and response models, plus examples, error codes and the prose
 * rules. Pure. Problems throw a `DocgenError` (strict) or are returned as warnings (`lenient`, then `model`
 * holds what could be read, or is undefined when not even an operation could be made; `product` is set
 * whenever the page's product is known; `firstError` is the first problem as strict mode would have thrown it).
 */
export function parsePage(
  page: string,
  text: string,
  lenient = false,
  options: IdentityOptions = {},
): { model?: PageModel; product?: ProductInfo; warnings: XDocgenWarning[]; firstError?: DocgenError } {
  const problems = new Problems(page, lenient);
  const read = readModel(page, text, problems, options);
  const out = { ...read, warnings: problems.warnings };
  return problems.firstError === undefined ? out : { ...out, firstError: problems.firstError };
}
