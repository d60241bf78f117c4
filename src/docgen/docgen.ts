import type { XDocgenWarning } from "../openapi/extensions.ts";
import { assembleDocument, type BuiltOperation, buildOperation } from "./build-openapi.ts";
import { DocgenError } from "./docgen-error.ts";
import { orderDocument } from "./document-order.ts";
import { type JsonObject, mergeOverlay } from "./merge-overlay.ts";
import { parseFileName } from "./operation-id.ts";
import { type PageModel, parsePage } from "./parse-page.ts";
import { findProduct, type ProductInfo } from "./products.ts";

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
}

/** The document generated for one product. */
export interface GeneratedDocument {
  product: string;
  document: JsonObject;
  /** Problems `lenient` let through (also in the document's `x-docgen-warnings`). */
  warnings: XDocgenWarning[];
}

/**
 * Pages → one OpenAPI 3.1 document per product (pure core of `specgate docgen`). Pages are grouped by
 * product; each document is assembled, merged with its overlay and put in canonical order. Throws
 * `DocgenError` on the first unreadable page unless `lenient`.
 */
export function generateDocuments(pages: readonly SourcePage[], options: GenerateOptions = {}): GeneratedDocument[] {
  const lenient = options.lenient === true;
  const groups = new Map<
    string,
    { product: ProductInfo; models: PageModel[]; pages: string[]; warnings: XDocgenWarning[] }
  >();
  for (const page of pages) {
    const { model, warnings } = parsePage(page.name, page.text, lenient);
    // A page lenient mode could not make an operation of still reports its warnings in its product's document.
    const fileProduct = parseFileName(page.name.split(/[\\/]/).pop() ?? page.name)?.product;
    const product = model?.product ?? (fileProduct === undefined ? undefined : findProduct(fileProduct));
    if (product === undefined) {
      const first = warnings[0];
      throw new DocgenError(page.name, first?.line ?? 1, first?.message ?? "page could not be read", "fix the page");
    }
    const g = groups.get(product.id) ?? { product, models: [], pages: [], warnings: [] };
    if (model !== undefined) g.models.push(model);
    g.pages.push(page.name);
    g.warnings.push(...warnings);
    groups.set(product.id, g);
  }
  const out: GeneratedDocument[] = [];
  for (const id of [...groups.keys()].sort()) {
    const g = groups.get(id);
    if (g === undefined) continue;
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
        g.warnings.push({ page: m.page, line: 1, message: err.message });
        continue;
      }
      seen.set(key, m.page);
      seen.set(`id ${m.operationId}`, m.page);
      built.push(op);
    }
    const warnings = [...g.warnings].sort((a, b) => (a.page < b.page ? -1 : a.page > b.page ? 1 : a.line - b.line));
    let doc = assembleDocument(g.product, g.pages, built, warnings);
    const overlay = options.overlays?.[id];
    if (overlay !== undefined) doc = mergeOverlay(doc, overlay);
    out.push({ product: id, document: orderDocument(doc), warnings });
  }
  return out;
}
