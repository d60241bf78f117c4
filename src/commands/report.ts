/**
 * `specgate report SUMMARY.json [--out DIR] [--baseline FILE] [--p95-tolerance PCT] [--admitted-tolerance PCT]
 * [--eviction-tolerance PCT]`: re-renders junit.xml, summary.json, summary.md and index.html from a summary.json
 * (e.g. one downloaded from a CI run), optionally compared with an earlier run. Exit 0 once the reports are
 * written; the gate's verdict stays in the reports (`specgate gate` is what CI gates on).
 */
import { readFile } from "node:fs/promises";
import { viewSection } from "../../load/scenarios/registry.ts";
import { UsageError } from "../core/usage-error.ts";
import { applyBaseline, compareBaseline } from "../report/compare-baseline.ts";
import { parseRunSummary } from "../report/parse-run-summary.ts";
import type { RunSummary } from "../report/run-summary.ts";
import { writeReports } from "../report/write-reports.ts";
import { readTolerances, TOLERANCE_HELP, TOLERANCE_OPTIONS } from "./baseline-tolerances.ts";
import { parseCommandArgs } from "./parse-command-args.ts";

const HELP = `Usage: specgate report SUMMARY.json [--out DIR] [--baseline FILE] [tolerances]

Re-renders the reports of a run from its summary.json.

Options:
  --out DIR                  where to write junit.xml, summary.json, summary.md, index.html (default: reports)
  --baseline FILE            an earlier run's summary.json to compare with
${TOLERANCE_HELP}
  -h, --help                 show this help`;

/** Reads and validates a summary.json; a missing, unreadable or invalid file is a UsageError naming it and `role`. */
export async function readSummary(file: string, role: string): Promise<RunSummary> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "does not exist"
        : code === "EISDIR"
          ? "is a directory"
          : code === "EACCES"
            ? "is not readable (permission denied)"
            : `cannot be read (${code ?? (err as Error).message})`;
    throw new UsageError(`${role} ${file} ${why}; pass the summary.json a specgate run wrote`);
  }
  return parseRunSummary(text, file);
}

/** Runs `specgate report`; returns the exit code (0 written, 2 usage error via UsageError). */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parse(args);
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length === 0
        ? "missing SUMMARY.json; usage: specgate report SUMMARY.json [--out DIR] [--baseline FILE]"
        : `expected one SUMMARY.json, got ${positionals.length} (${positionals.join(", ")})`,
    );
  const tolerances = readTolerances(values, values.baseline);

  let summary = await readSummary(positionals[0] as string, "summary");
  if (values.baseline !== undefined) {
    const baseline = await readSummary(values.baseline, "baseline");
    summary = applyBaseline(summary, compareBaseline(summary, baseline, { file: values.baseline, tolerances }));
  }
  const paths = await writeReports(summary, values.out, viewSection);
  console.log(`specgate report: verdict ${summary.verdict}, exit code ${summary.exitCode}`);
  for (const path of Object.values(paths)) console.log(`  wrote ${path}`);
  if (summary.baseline !== undefined) {
    const regressions = summary.baseline.comparisons.filter((c) => c.regression).length;
    console.log(`  baseline: ${regressions === 0 ? "no regression" : `${regressions} regression(s)`}`);
  }
  return 0;
}

function parse(args: string[]) {
  return parseCommandArgs("report", {
    args,
    allowPositionals: true,
    options: {
      out: { type: "string", default: "reports" },
      baseline: { type: "string" },
      ...TOLERANCE_OPTIONS,
      help: { type: "boolean", short: "h" },
    },
  });
}
