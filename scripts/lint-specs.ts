/**
 * `npm run lint:specs [files…]`: `redocly lint` with Redocly's recommended rules and the repository's exceptions
 * (redocly.yaml) over every `specs/<id>.openapi.json`, or over the files given. Offline: telemetry and the update
 * check are off, and scripts/offline-guard.mjs refuses any connection beyond loopback; an attempt fails the run.
 * Prints one line per problem and a total; exits 1 on an error or a refused connection (warnings are printed).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { findSpecFiles } from "../src/openapi/spec-files.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CONFIG = join(ROOT, "redocly.yaml");
const GUARD = pathToFileURL(join(ROOT, "scripts", "offline-guard.mjs")).href;

/** What `redocly lint --format=json` reports. */
interface RedoclyReport {
  totals: { errors: number; warnings: number };
  problems: {
    ruleId: string;
    severity: string;
    message: string;
    location: { source: { ref: string }; pointer?: string; start?: { line: number; col: number } }[];
  }[];
}

/** The outcome of one lint run. */
export interface SpecLint {
  errors: number;
  warnings: number;
  /** One line per problem: `file:line:col severity rule: message (pointer)`. */
  problems: string[];
  /** Hosts the run tried to reach beyond loopback (refused). */
  refused: string[];
}

function problemLines(report: RedoclyReport): string[] {
  return report.problems.map((p) => {
    const at = p.location[0];
    const where = at === undefined ? "?" : `${at.source.ref}:${at.start?.line ?? 0}:${at.start?.col ?? 0}`;
    return `${where} ${p.severity} ${p.ruleId}: ${p.message}${at?.pointer ? ` (${at.pointer})` : ""}`;
  });
}

/** Where a scan of concatenated JSON values stands: nesting depth, the open value's start, inside a string. */
interface JsonScan {
  depth: number;
  start: number;
  inString: boolean;
}

/** Advances `scan` over the character at `i`; returns the index of the last character consumed. */
function scanChar(text: string, i: number, scan: JsonScan, values: unknown[]): number {
  const c = text[i];
  if (scan.inString) {
    if (c === "\\") return i + 1;
    if (c === '"') scan.inString = false;
  } else if (c === '"') scan.inString = true;
  else if (c === "{" && scan.depth++ === 0) scan.start = i;
  else if (c === "}" && --scan.depth === 0) values.push(JSON.parse(text.slice(scan.start, i + 1)));
  return i;
}

/** The JSON values of `text` written one after another (redocly prints one report per file). */
export function splitJsonValues(text: string): unknown[] {
  const values: unknown[] = [];
  const scan: JsonScan = { depth: 0, start: -1, inString: false };
  for (let i = 0; i < text.length; i++) i = scanChar(text, i, scan, values);
  return values;
}

/** The reports of one run, added up. */
function addReports(reports: readonly RedoclyReport[]): RedoclyReport {
  return {
    totals: {
      errors: reports.reduce((n, r) => n + r.totals.errors, 0),
      warnings: reports.reduce((n, r) => n + r.totals.warnings, 0),
    },
    problems: reports.flatMap((r) => r.problems),
  };
}

function redoclyBin(): string {
  return createRequire(import.meta.url).resolve("@redocly/cli/bin/cli.js");
}

/** Runs `redocly lint` over `files`; throws an Error with redocly's own output when it reports nothing readable. */
export function lintSpecs(files: readonly string[]): SpecLint {
  const dir = mkdtempSync(join(tmpdir(), "specgate-lint-"));
  const log = join(dir, "refused.txt");
  try {
    const run = spawnSync(
      process.execPath,
      [redoclyBin(), "lint", "--config", CONFIG, "--format=json", "--max-problems=1000", ...files],
      {
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
        env: {
          ...process.env,
          NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import=${GUARD}`.trim(),
          SPECGATE_OFFLINE_LOG: log,
          REDOCLY_TELEMETRY: "off",
          REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
        },
      },
    );
    let reports: RedoclyReport[] = [];
    try {
      reports = splitJsonValues(run.stdout) as RedoclyReport[];
    } catch {
      // reported below, with redocly's own words
    }
    if (reports.length !== files.length)
      throw new Error(
        `redocly lint printed ${reports.length} report(s) for ${files.length} file(s) (exit ${run.status}):\n${run.stderr}${run.stdout}`,
      );
    const report = addReports(reports);
    let refused: string[] = [];
    try {
      refused = readFileSync(log, "utf8").split("\n").filter(Boolean);
    } catch {
      // no refused connection: the guard writes the file only when it refuses one
    }
    return { ...report.totals, problems: problemLines(report), refused };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(argv: readonly string[]): number {
  const files = argv.length > 0 ? [...argv] : findSpecFiles(join(ROOT, "specs")).map((s) => s.file);
  const result = lintSpecs(files);
  for (const line of result.problems) console.log(line);
  for (const host of result.refused) console.error(`lint:specs: redocly tried to reach ${host}; it must run offline`);
  console.log(
    `redocly lint (recommended + redocly.yaml): ${files.length} spec file(s), ${result.errors} error(s), ${result.warnings} warning(s)`,
  );
  return result.errors > 0 || result.refused.length > 0 ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) process.exitCode = main(process.argv.slice(2));
