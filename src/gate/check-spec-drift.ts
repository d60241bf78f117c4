/**
 * The gate's first step: regenerate every spec from `specs/sources/*.txt` (+ overlays) in memory and compare
 * with the committed `specs/<product>.openapi.json`, so a gate never runs contract or load checks against a
 * spec that no longer matches its pages (the specs are generated and committed, docs/design.md#data-flow).
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
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
  const pages = (await readdir(sourcesDir))
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((f) => join(sourcesDir, f));
  if (pages.length === 0) return { ok: false, problems: [`no pages in ${sourcesDir}: add the reference pages`] };
  const generated = await generateFromFiles(pages);
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
