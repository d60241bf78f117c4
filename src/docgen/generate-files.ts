import { readdir, readFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { UsageError } from "../core/usage-error.ts";
import { isJsonObject } from "../openapi/is-json-object.ts";
import { type GeneratedDocument, generateDocuments, type SourcePage } from "./docgen.ts";
import { DocgenError } from "./docgen-error.ts";
import type { JsonObject } from "./merge-overlay.ts";

/** Options of `generateFromFiles`. */
export interface GenerateFilesOptions {
  lenient?: boolean;
  /** See `GenerateOptions.onSkippedPage`. */
  onSkippedPage?: (error: DocgenError) => void;
  /** `--product ID`. */
  product?: string;
  /** `--version YYYY-MM-DD`. */
  version?: string;
  /** Merge `<pages dir>/../overlays/<product>.json` when present (default true). */
  overlays?: boolean;
}

/**
 * Where a page's product overlays live: `specs/sources/<page>.txt` → `specs/overlays/<product>.json`
 * (the overlays sit beside the sources folder, docs/spec-contract.md#overlays).
 */
function overlayDirFor(pagePath: string): string {
  return join(dirname(dirname(resolve(pagePath))), "overlays");
}

/** The overlays beside the pages' folders, by product id (the file name); none when there is no folder. */
async function readOverlays(paths: readonly string[]): Promise<Record<string, JsonObject>> {
  const overlays: Record<string, JsonObject> = {};
  for (const dir of new Set(paths.map(overlayDirFor))) {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      continue;
    }
    for (const name of names.filter((n) => n.endsWith(".json")).sort()) {
      const id = name.slice(0, -".json".length);
      if (id in overlays) continue;
      const overlay = await readOverlay(join(dir, name));
      if (overlay !== undefined) overlays[id] = overlay;
    }
  }
  return overlays;
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
  const overlays = options.overlays === false ? {} : await readOverlays(paths);
  return generateDocuments(pages, {
    lenient: options.lenient === true,
    overlays,
    ...(options.onSkippedPage === undefined ? {} : { onSkippedPage: options.onSkippedPage }),
    ...(options.product === undefined ? {} : { product: options.product }),
    ...(options.version === undefined ? {} : { version: options.version }),
  });
}
