/**
 * Sums corpus page scores per page, layout, language and in total, renders them as a table, and checks
 * them against test/docgen/corpus/floors.json. Pure.
 */
import type { PageScore, Tally } from "./corpus-score.ts";

/** One page of test/docgen/corpus/manifest.json. */
export interface ManifestEntry {
  file: string;
  source: string;
  product: string;
  operation: string;
  version: string;
  style: "RPC" | "ROA";
  layouts: string[];
  language: "en" | "zh";
  complete: boolean;
  note?: string;
}

export interface PageRow {
  page: string;
  language: string;
  layouts: string[];
  sdk: Tally;
  pageFacts: Tally;
  all: Tally;
  error?: string;
}

export interface CorpusReport {
  pages: PageRow[];
  layouts: Record<string, Tally>;
  languages: Record<string, Tally>;
  total: { sdk: Tally; pageFacts: Tally; all: Tally };
}

/** Floors in percent; a missing layout or language has no floor. */
export interface Floors {
  total: number;
  sdk: number;
  pageFacts: number;
  layouts: Record<string, number>;
  languages: Record<string, number>;
}

function add(a: Tally, b: Tally): Tally {
  return { got: a.got + b.got, max: a.max + b.max };
}

const ZERO: Tally = { got: 0, max: 0 };

function byKey(a: [string, unknown], b: [string, unknown]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

/** Percent of the points a tally could get; 100 when nothing was scorable. */
export function percent(t: Tally): number {
  return t.max === 0 ? 100 : (100 * t.got) / t.max;
}

/** Per page, per layout (a page counts for each of its layouts), per language, total. */
export function summarize(rows: { entry: ManifestEntry; score: PageScore }[]): CorpusReport {
  const report: CorpusReport = {
    pages: [],
    layouts: {},
    languages: {},
    total: { sdk: ZERO, pageFacts: ZERO, all: ZERO },
  };
  for (const { entry, score } of rows) {
    const all = add(score.sdk, score.pageFacts);
    const row: PageRow = {
      page: entry.file,
      language: entry.language,
      layouts: entry.layouts,
      sdk: score.sdk,
      pageFacts: score.pageFacts,
      all,
    };
    if (score.error !== undefined) row.error = score.error;
    report.pages.push(row);
    for (const layout of entry.layouts) report.layouts[layout] = add(report.layouts[layout] ?? ZERO, all);
    report.languages[entry.language] = add(report.languages[entry.language] ?? ZERO, all);
    report.total = {
      sdk: add(report.total.sdk, score.sdk),
      pageFacts: add(report.total.pageFacts, score.pageFacts),
      all: add(report.total.all, all),
    };
  }
  return report;
}

function cell(t: Tally): string {
  return `${percent(t).toFixed(1).padStart(5)}% ${`${t.got}/${t.max}`.padStart(9)}`;
}

/** The report as a plain-text table: pages, then layouts, languages and the total. */
export function renderReport(report: CorpusReport): string {
  const width = Math.max(...report.pages.map((p) => p.page.length), 24);
  const head = `${"page".padEnd(width)}  ${"SDK facts".padEnd(16)}  ${"page facts".padEnd(16)}  ${"all".padEnd(16)}`;
  const lines = [head, "-".repeat(head.length)];
  for (const p of report.pages) {
    const err = p.error === undefined ? "" : `  (${p.error})`;
    lines.push(`${p.page.padEnd(width)}  ${cell(p.sdk)}  ${cell(p.pageFacts)}  ${cell(p.all)}${err}`);
  }
  lines.push("", `${"layout".padEnd(width)}  all`);
  for (const [name, t] of Object.entries(report.layouts).sort(byKey)) lines.push(`${name.padEnd(width)}  ${cell(t)}`);
  lines.push("", `${"language".padEnd(width)}  all`);
  for (const [name, t] of Object.entries(report.languages).sort(byKey)) lines.push(`${name.padEnd(width)}  ${cell(t)}`);
  lines.push(
    "",
    `${"total SDK facts".padEnd(width)}  ${cell(report.total.sdk)}`,
    `${"total page facts".padEnd(width)}  ${cell(report.total.pageFacts)}`,
    `${"total".padEnd(width)}  ${cell(report.total.all)}`,
  );
  return lines.join("\n");
}

/** Every score under its floor, one line each; empty when all hold. */
export function belowFloors(report: CorpusReport, floors: Floors): string[] {
  const out: string[] = [];
  const check = (what: string, t: Tally | undefined, floor: number | undefined) => {
    if (t === undefined || floor === undefined) return;
    const p = percent(t);
    if (p < floor) out.push(`${what}: ${p.toFixed(1)}% is below its floor ${floor}%`);
  };
  check("total", report.total.all, floors.total);
  check("SDK facts", report.total.sdk, floors.sdk);
  check("page facts", report.total.pageFacts, floors.pageFacts);
  for (const [name, floor] of Object.entries(floors.layouts)) check(`layout ${name}`, report.layouts[name], floor);
  for (const [name, floor] of Object.entries(floors.languages))
    check(`language ${name}`, report.languages[name], floor);
  return out;
}

/** Floors at the measured values, rounded down to a tenth of a percent. */
export function measuredFloors(report: CorpusReport): Floors {
  const down = (t: Tally) => Math.floor(percent(t) * 10) / 10;
  return {
    total: down(report.total.all),
    sdk: down(report.total.sdk),
    pageFacts: down(report.total.pageFacts),
    layouts: Object.fromEntries(
      Object.entries(report.layouts)
        .sort(byKey)
        .map(([k, t]) => [k, down(t)]),
    ),
    languages: Object.fromEntries(
      Object.entries(report.languages)
        .sort(byKey)
        .map(([k, t]) => [k, down(t)]),
    ),
  };
}
