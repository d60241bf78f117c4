// `npm run bench -- docgen`: docgen throughput over the committed source pages, per page and for the
// whole set, and over the corpus of reference pages (test/docgen/corpus, read lenient as many are cut
// off), side by side in one run (pages per second; warm-up first, then ~2 s of iterations each). Pages
// per second of process CPU time are printed beside wall time: on a machine other jobs share, wall time
// measures the machine, CPU time the code.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type GenerateOptions, generateDocuments, type SourcePage } from "../src/docgen/docgen.ts";
import { renderDocument } from "../src/docgen/document-order.ts";

function readPages(dir: string): SourcePage[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(dir, name), "utf8") }));
}

const pages = readPages("specs/sources");
const corpus = readPages("test/docgen/corpus/pages");

/** Time each row runs unmeasured first, so the JIT has compiled the parser before the clock starts. */
const WARM_UP_MS = 300;
/** The target of issue 11: docgen reads at least this many pages per second (CPU time, the whole set). */
const TARGET_PAGES_PER_SECOND = 2000;

/** A row of the table: what docgen reads, with which options, all in one call or one page per call. */
interface Row {
  label: string;
  set: readonly SourcePage[];
  options: GenerateOptions;
  pagePerCall: boolean;
}

function generateEach(row: Row): number {
  if (row.pagePerCall) return row.set.reduce((n, p) => n + generateDocuments([p], row.options).length, 0);
  return generateDocuments(row.set, row.options).length;
}

function measure(
  row: Row,
  budgetMs = 2000,
): { iterations: number; pagesPerSecond: number; cpuPagesPerSecond: number; msPerPage: number } {
  let sink = 0;
  for (let i = 0; i < 50; i++)
    sink += renderDocument(generateDocuments(row.set.slice(0, 1), row.options)[0]?.document ?? {}).length;
  // Warm-up by time, not count: a short page done five times leaves the JIT cold for the measured loop.
  const warmUntil = performance.now() + WARM_UP_MS;
  while (performance.now() < warmUntil) sink += generateEach(row);
  (globalThis as { gc?: () => void }).gc?.();
  const start = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  let iterations = 0;
  let elapsedMs = 0;
  while (elapsedMs < budgetMs) {
    for (let i = 0; i < 20; i++) sink += generateEach(row);
    iterations += 20;
    elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
  }
  const cpu = process.cpuUsage(cpu0);
  if (sink < 0) console.log(sink);
  const pagesDone = iterations * row.set.length;
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return {
    iterations,
    pagesPerSecond: (pagesDone / elapsedMs) * 1000,
    cpuPagesPerSecond: (pagesDone / cpuMs) * 1000,
    msPerPage: elapsedMs / pagesDone,
  };
}

const rows: Row[] = [
  ...pages.map((p) => ({ label: p.name, set: [p], options: {}, pagePerCall: false })),
  { label: `all ${pages.length} pages`, set: pages, options: {}, pagePerCall: false },
  // Corpus pages are of many products: one page per call, as a user runs docgen on a page.
  { label: `corpus, ${corpus.length} pages (lenient)`, set: corpus, options: { lenient: true }, pagePerCall: true },
];
console.log(
  `${"input".padEnd(34)}${"iterations".padStart(12)}${"pages/s".padStart(12)}${"cpu pages/s".padStart(14)}${"ms/page".padStart(10)}`,
);
let allPages: number | undefined;
for (const r of rows) {
  const m = measure(r, r.set.length > 1 ? 2000 : 600);
  if (r.set === pages) allPages = m.cpuPagesPerSecond;
  console.log(
    `${r.label.padEnd(34)}${String(m.iterations).padStart(12)}${m.pagesPerSecond.toFixed(0).padStart(12)}${m.cpuPagesPerSecond.toFixed(0).padStart(14)}${m.msPerPage.toFixed(3).padStart(10)}`,
  );
}
if (allPages !== undefined)
  console.log(
    `target: all ${pages.length} pages >= ${TARGET_PAGES_PER_SECOND} pages/s of CPU time: ${allPages >= TARGET_PAGES_PER_SECOND ? "PASS" : "MISS"} (${allPages.toFixed(0)})`,
  );
