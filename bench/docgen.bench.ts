// `npm run bench -- docgen`: docgen throughput over the committed source pages, per page and for the
// whole set, side by side in one run (pages per second; warm-up first, then ~2 s of iterations each).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { generateDocuments, type SourcePage } from "../src/docgen/docgen.ts";
import { renderDocument } from "../src/docgen/document-order.ts";

const DIR = "specs/sources";
const pages: SourcePage[] = readdirSync(DIR)
  .filter((f) => f.endsWith(".txt"))
  .sort()
  .map((name) => ({ name, text: readFileSync(join(DIR, name), "utf8") }));

function measure(
  set: readonly SourcePage[],
  budgetMs = 2000,
): { iterations: number; pagesPerSecond: number; msPerPage: number } {
  let sink = 0;
  for (let i = 0; i < 50; i++) sink += renderDocument(generateDocuments(set)[0]?.document ?? {}).length;
  (globalThis as { gc?: () => void }).gc?.();
  const start = process.hrtime.bigint();
  let iterations = 0;
  let elapsedMs = 0;
  while (elapsedMs < budgetMs) {
    for (let i = 0; i < 20; i++) sink += generateDocuments(set).length;
    iterations += 20;
    elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
  }
  if (sink < 0) console.log(sink);
  const pagesDone = iterations * set.length;
  return { iterations, pagesPerSecond: (pagesDone / elapsedMs) * 1000, msPerPage: elapsedMs / pagesDone };
}

const rows = [...pages.map((p) => ({ label: p.name, set: [p] })), { label: `all ${pages.length} pages`, set: pages }];
console.log(`${"input".padEnd(34)}${"iterations".padStart(12)}${"pages/s".padStart(12)}${"ms/page".padStart(10)}`);
for (const r of rows) {
  const m = measure(r.set, r.set.length > 1 ? 2000 : 600);
  console.log(
    `${r.label.padEnd(34)}${String(m.iterations).padStart(12)}${m.pagesPerSecond.toFixed(0).padStart(12)}${m.msPerPage.toFixed(3).padStart(10)}`,
  );
}
