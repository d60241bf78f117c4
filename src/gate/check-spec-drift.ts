/**
 * The gate's first step: regenerate every spec from `specs/sources/*.txt` (+ overlays) in memory and compare
 * with the committed `specs/<product>.openapi.json`, so a gate never runs contract or load checks against a
 * spec that no longer matches its pages (the specs are generated and committed, docs/design.md#data-flow).
 */
import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { UsageError } from "../core/usage-error.ts";
import type { GeneratedDocument } from "../docgen/docgen.ts";
import { DocgenError } from "../docgen/docgen-error.ts";
import { renderDocument } from "../docgen/document-order.ts";
import { generateFromFiles } from "../docgen/generate-files.ts";

export interface SpecDriftResult {
  ok: boolean;
  /** One line per drifted or missing spec, naming the file and the fix. */
  problems: string[];
}

/** Compares the committed specs in `specsDir` with what docgen makes of `specsDir/sources/*.txt` now. */
export async function checkSpecDrift(specsDir = "specs"): Promise<SpecDriftResult> {
  const sourcesDir = join(specsDir, "sources");
  const pages = await listPages(sourcesDir);
  if (pages.length === 0) return { ok: false, problems: [`no pages in ${sourcesDir}: add the reference pages`] };
  let generated: GeneratedDocument[];
  try {
    generated = await generateFromFiles(pages);
  } catch (err) {
    // A page (or overlay) docgen cannot read is the user's to fix: docgen's own line, as `specgate docgen` prints it.
    if (err instanceof DocgenError) return { ok: false, problems: [inSources(sourcesDir, err)] };
    if (err instanceof UsageError) return { ok: false, problems: [err.message] };
    throw err;
  }
  const problems: string[] = [];
  for (const { product, document } of generated) {
    const file = join(specsDir, `${product}.openapi.json`);
    let committed: string | undefined;
    try {
      committed = await readFile(file, "utf8");
    } catch {
      committed = undefined;
    }
    if (committed === undefined) problems.push(`${file} is missing: run npm run gen:specs and commit it`);
    else if (committed !== renderDocument(document)) {
      problems.push(`${file} differs from what its pages generate: run npm run gen:specs and review the diff`);
    }
  }
  return { ok: problems.length === 0, problems };
}

/** The `.txt` pages of `sourcesDir`, sorted; none when the directory does not exist. */
async function listPages(sourcesDir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(sourcesDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  return names
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((f) => join(sourcesDir, f));
}

/** docgen's `page:line: message (fix: hint)`, with the page's path under `sourcesDir` (overlays carry their path). */
function inSources(sourcesDir: string, err: DocgenError): string {
  const line = err.format();
  return basename(err.page) === err.page ? `${join(sourcesDir, err.page)}${line.slice(err.page.length)}` : line;
}
