/**
 * The reports' one I/O function: renders all four files first, then writes each to a temporary file in the
 * out directory and renames them into place (rename within one directory is atomic on POSIX, rename(2)).
 * A failure while rendering or writing leaves no temporary file behind and the previous reports untouched;
 * readers never see a half-written file. (The four renames are each atomic, not the set: between them a
 * reader could see a new junit.xml beside an old index.html; the renames are the last, cheapest step.)
 */
import { randomBytes } from "node:crypto";
import * as fsp from "node:fs/promises";
import { join } from "node:path";
import { validateRunSummary } from "./parse-run-summary.ts";
import { renderHtml } from "./render-html.ts";
import { renderJunit } from "./render-junit.ts";
import { renderMarkdown } from "./render-markdown.ts";
import type { RunSummary } from "./run-summary.ts";
import type { SectionReader } from "./section-view.ts";
import { loadUplotAssets, type UplotAssets } from "./uplot-assets.ts";

/** The file system calls `writeReports` makes; injectable so tests can fail any one of them. */
export interface ReportFs {
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
  writeFile(path: string, data: string, options: { encoding: "utf8"; flag: "wx" }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string, options: { force: true }): Promise<void>;
}

/** Options of `writeReports`. */
export interface WriteReportsOptions {
  fs?: ReportFs;
  /** uPlot text; defaults to `loadUplotAssets()`. */
  assets?: UplotAssets;
}

/** Absolute or relative paths of the written files, as joined from `outDir`. */
export interface ReportPaths {
  junit: string;
  json: string;
  markdown: string;
  html: string;
}

/** File names inside the out directory (docs/design.md#reports: junit.xml, summary.md, index.html, summary.json). */
export const REPORT_FILES = {
  junit: "junit.xml",
  json: "summary.json",
  markdown: "summary.md",
  html: "index.html",
} as const satisfies Record<keyof ReportPaths, string>;

/**
 * Renders `summary` (its scenario sections through `read`) and writes junit.xml, summary.json, summary.md and
 * index.html into `outDir` (created if missing), all or none. The summary is validated first (schema, no credentials in the target URL): an invalid
 * one is a programming error of the producer and throws a TypeError listing the problems.
 */
export async function writeReports(
  summary: RunSummary,
  outDir: string,
  read: SectionReader,
  options: WriteReportsOptions = {},
): Promise<ReportPaths> {
  const check = validateRunSummary(summary);
  if (!check.ok) throw new TypeError(`refusing to write an invalid run summary: ${check.problems.join("; ")}`);
  const fs = options.fs ?? fsp;
  const rendered: Record<keyof ReportPaths, string> = {
    junit: renderJunit(summary, read),
    json: `${JSON.stringify(summary, null, 2)}\n`,
    markdown: renderMarkdown(summary, read),
    html: renderHtml(summary, options.assets ?? loadUplotAssets(), read),
  };
  await fs.mkdir(outDir, { recursive: true });
  const token = `${process.pid}-${randomBytes(4).toString("hex")}`;
  const paths = {} as ReportPaths;
  const files = (Object.keys(REPORT_FILES) as (keyof ReportPaths)[]).map((key) => {
    paths[key] = join(outDir, REPORT_FILES[key]);
    return { temp: join(outDir, `.${REPORT_FILES[key]}.${token}.tmp`), final: paths[key], content: rendered[key] };
  });
  const removeTemps = () => Promise.all(files.map((f) => fs.rm(f.temp, { force: true }).catch(() => undefined)));
  try {
    for (const f of files) await fs.writeFile(f.temp, f.content, { encoding: "utf8", flag: "wx" });
    for (const f of files) await fs.rename(f.temp, f.final);
  } catch (err) {
    // Nothing half-written stays behind; renamed files are already final (rm with force ignores their temps).
    await removeTemps();
    throw err;
  }
  return paths;
}
