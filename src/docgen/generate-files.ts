import { readFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { UsageError } from "../core/usage-error.ts";
import { isJsonObject } from "../openapi/is-json-object.ts";
import { type GeneratedDocument, generateDocuments, type SourcePage } from "./docgen.ts";
import { DocgenError } from "./docgen-error.ts";
import type { JsonObject } from "./merge-overlay.ts";
import { parseFileName } from "./operation-id.ts";
import { findProduct } from "./products.ts";

/** Options of `generateFromFiles`. */
export interface GenerateFilesOptions {
  lenient?: boolean;
  /** Merge `<pages dir>/../overlays/<product>.json` when present (default true). */
  overlays?: boolean;
}

/**
 * Where a page's product overlay lives: `specs/sources/<page>.txt` → `specs/overlays/<product>.json`
 * (the overlays sit beside the sources folder, docs/spec-contract.md#overlays).
 */
function overlayPathFor(pagePath: string, product: string): string {
  return join(dirname(dirname(resolve(pagePath))), "overlays", `${product}.json`);
}

async function readOverlay(path: string): Promise<JsonObject | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new UsageError(`cannot read overlay ${path}: ${(err as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new DocgenError(path, 1, `overlay is not valid JSON: ${(err as Error).message}`, "fix the overlay's JSON");
  }
  if (!isJsonObject(value)) {
    throw new DocgenError(path, 1, "overlay is not a JSON object", "write the overlay as a partial OpenAPI document");
  }
  return value;
}

/**
 * I/O shell of docgen: reads the pages (a missing or unreadable file is a `UsageError` naming it), the
 * overlays of their products, and generates one document per product.
 */
export async function generateFromFiles(
  paths: readonly string[],
  options: GenerateFilesOptions = {},
): Promise<GeneratedDocument[]> {
  const pages: SourcePage[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new UsageError(
        code === "ENOENT" ? `page not found: ${path}` : `cannot read page ${path}: ${(err as Error).message}`,
      );
    }
    pages.push({ name: basename(path), text });
  }
  const overlays: Record<string, JsonObject> = {};
  if (options.overlays !== false) {
    for (const path of paths) {
      const product = findProduct(parseFileName(basename(path))?.product ?? "")?.id;
      if (product === undefined || product in overlays) continue;
      const overlay = await readOverlay(overlayPathFor(path, product));
      if (overlay !== undefined) overlays[product] = overlay;
    }
  }
  return generateDocuments(pages, { lenient: options.lenient === true, overlays });
}
