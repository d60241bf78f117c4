import type { XDocgenWarning } from "../openapi/extensions.ts";
import { assembleDocument, type BuiltOperation, buildOperation } from "./build-openapi.ts";
import { DocgenError } from "./docgen-error.ts";
import { orderDocument } from "./document-order.ts";
import { type JsonObject, mergeOverlay } from "./merge-overlay.ts";
import type { PageModel } from "./page-model.ts";
import { parsePage } from "./parse-page.ts";
import type { ProductInfo } from "./products.ts";
import { declareSecurity } from "./security-schemes.ts";

/** A page to generate from: its file name (used in errors and `x-source`) and its text. */
export interface SourcePage {
  name: string;
  text: string;
}

/** Options of `generateDocuments`. */
export interface GenerateOptions {
  /** Emit what could be read, with `x-docgen-warnings`, instead of failing at the first problem. */
  lenient?: boolean;
  /** Overlay per product id, deep-merged into that product's document (omit for none). */
  overlays?: Readonly<Record<string, JsonObject>>;
  /** `--product ID`: the product of every page, whatever the pages say. */
  product?: string;
  /** `--version YYYY-MM-DD`: the API version of a product docgen has no version for. */
  version?: string;
  /**
   * With `lenient`: a page whose product cannot be told (it has no document to carry its warnings) is handed
   * here and left out, so the other pages' documents are still written (docs/design.md: `--lenient` writes what
   * it could read). Without it, or when no page is left, the first such page is the error.
   */
  onSkippedPage?: (error: DocgenError) => void;
}

/** The document generated for one product. */
export interface GeneratedDocument {
  product: string;
  document: JsonObject;
  /** Problems `lenient` let through (also in the document's `x-docgen-warnings`). */
  warnings: XDocgenWarning[];
}

interface Group {
  product: ProductInfo;
  models: PageModel[];
  pages: string[];
  warnings: XDocgenWarning[];
}

function groupPages(pages: readonly SourcePage[], options: GenerateOptions): Map<string, Group> {
  const lenient = options.lenient === true;
  const identity = {
    ...(options.product === undefined ? {} : { product: options.product }),
    ...(options.version === undefined ? {} : { version: options.version }),
  };
  const groups = new Map<string, Group>();
  const skipped: DocgenError[] = [];
  for (const page of pages) {
    const { model, product, warnings, firstError } = parsePage(page.name, page.text, lenient, identity);
    if (product === undefined) {
      skipped.push(
        firstError ??
          new DocgenError(page.name, 1, "page could not be read", "check that the file is an API reference page"),
      );
      continue;
    }
    const g = groups.get(product.id) ?? { product, models: [], pages: [], warnings: [] };
    if (model !== undefined) g.models.push(model);
    g.pages.push(page.name);
    g.warnings.push(...warnings);
    groups.set(product.id, g);
  }
  const [first] = skipped;
  if (first !== undefined && (!lenient || options.onSkippedPage === undefined || groups.size === 0)) throw first;
  for (const error of skipped) options.onSkippedPage?.(error);
  return groups;
}

/** The operations of a group; a second page defining the same operation is a problem. */
function buildOperations(g: Group, lenient: boolean): BuiltOperation[] {
  const built: BuiltOperation[] = [];
  const seen = new Map<string, string>();
  for (const m of g.models) {
    const op = buildOperation(m);
    const key = `${op.method.toUpperCase()} ${op.pathKey}`;
    const other = seen.get(key) ?? seen.get(`id ${m.operationId}`);
    if (other !== undefined) {
      const err = new DocgenError(
        m.page,
        1,
        `operation ${m.operationId} (${key}) is also defined by ${other}`,
        "pass each page once",
      );
      if (!lenient) throw err;
      g.warnings.push({ page: m.page, line: 1, message: `${err.message} (fix: ${err.hint})` });
      continue;
    }
    seen.set(key, m.page);
    seen.set(`id ${m.operationId}`, m.page);
    g.warnings.push(...op.warnings);
    built.push(op);
  }
  return built;
}

function byPageThenLine(a: XDocgenWarning, b: XDocgenWarning): number {
  if (a.page !== b.page) return a.page < b.page ? -1 : 1;
  return a.line - b.line;
}

/**
 * Pages → one OpenAPI 3.1 document per product (pure core of `specgate docgen`). Pages are grouped by
 * the product they document; each document is assembled, merged with its overlay, given the OpenAPI security
 * of its signature schemes and put in canonical order. Throws `DocgenError` on the first unreadable page unless `lenient`.
 */
export function generateDocuments(pages: readonly SourcePage[], options: GenerateOptions = {}): GeneratedDocument[] {
  const groups = groupPages(pages, options);
  const out: GeneratedDocument[] = [];
  for (const id of [...groups.keys()].sort()) {
    const g = groups.get(id) as Group;
    const built = buildOperations(g, options.lenient === true);
    const warnings = [...g.warnings].sort(byPageThenLine);
    let doc = assembleDocument(g.product, g.pages, built, warnings);
    const overlay = options.overlays?.[id];
    if (overlay !== undefined) doc = mergeOverlay(doc, overlay);
    out.push({ product: id, document: orderDocument(declareSecurity(doc)), warnings });
  }
  return out;
}
