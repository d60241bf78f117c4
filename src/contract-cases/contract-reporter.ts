/**
 * Playwright reporter that writes `<out>/contract-results.json` (out: `SPECGATE_OUT`, default `reports`)
 * in the `contract` shape of the run summary (src/report/run-summary.ts `ContractSection`): operations →
 * cases with their violations, which `specgate gate` merges into summary.json. Contract tests name their
 * cases in an annotation and attach one record per case (contract-reporter-keys.ts); a case without a
 * record (its test crashed or timed out first) is recorded as failed with the test's error as `reason`.
 * The file is written atomically (temp file + rename), so a reader never sees half of it.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { FullResult, Reporter, TestCase, TestResult } from "@playwright/test/reporter";
import { writeFileAtomicSync } from "../core/write-file-atomic.ts";
import { CASES_ANNOTATION, CASES_ATTACHMENT, type CaseIdentity } from "./contract-reporter-keys.ts";
import { buildContractSection, type CaseOutcome, type CaseRecord, recordFailed } from "./contract-results.ts";

/** The results file name inside the output directory. */
export const CONTRACT_RESULTS_FILE = "contract-results.json";

function parseJsonArray<T>(text: string | undefined): T[] {
  if (text === undefined) return [];
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? (v as T[]) : [];
  } catch {
    return [];
  }
}

function firstLine(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  // Strip ANSI colours; keep one line (the clients' error messages never carry queries or secrets).
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences start with ESC.
  const clean = text.replace(/\u001b\[[0-9;]*m/g, "");
  return clean
    .split("\n")
    .find((l) => l.trim() !== "")
    ?.trim();
}

/** Why a case of a test has no record: the skip reason, the test's error, or that it did not run. */
function missingRecordReason(test: TestCase, result: TestResult): string {
  if (result.status === "skipped") return test.annotations.find((a) => a.type === "skip")?.description ?? "skipped";
  if (result.status === "passed") return "the case did not run";
  return firstLine(result.error?.message) ?? `test ${result.status}`;
}

/** The outcomes of one finished contract test (empty for tests that are not contract tests). */
export function outcomesOf(test: TestCase, result: TestResult): CaseOutcome[] {
  const identities = parseJsonArray<CaseIdentity>(
    test.annotations.find((a) => a.type === CASES_ANNOTATION)?.description,
  );
  if (identities.length === 0) return [];
  const records = new Map(
    parseJsonArray<CaseRecord>(result.attachments.find((a) => a.name === CASES_ATTACHMENT)?.body?.toString("utf8")).map(
      (r) => [r.caseId, r],
    ),
  );
  const skipped = result.status === "skipped";
  const reason = missingRecordReason(test, result);
  const share = result.duration / identities.length;
  return identities.map((id): CaseOutcome => {
    const record = records.get(id.caseId);
    if (record === undefined)
      return { record: { ...id, violations: [], reason }, status: skipped ? "skipped" : "failed", durationMs: 0 };
    return {
      record,
      status: recordFailed(record) ? "failed" : "passed",
      durationMs: record.durationMs ?? share,
    };
  });
}

/** The contract reporter (used by `specgate contract` as a Playwright `--reporter`). */
export default class ContractReporter implements Reporter {
  readonly #outcomes = new Map<string, CaseOutcome>();
  readonly #out: string;

  constructor(options: { outputDir?: string } = {}) {
    this.#out = options.outputDir ?? process.env.SPECGATE_OUT ?? "reports";
  }

  printsToStdio(): boolean {
    return false;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    // A retry replaces the earlier outcome of the same case.
    // Keyed by product too: two products may have operations (and so case ids) of the same name.
    for (const o of outcomesOf(test, result)) this.#outcomes.set(`${o.record.product}\u0000${o.record.caseId}`, o);
  }

  onEnd(_result: FullResult): void {
    const section = buildContractSection([...this.#outcomes.values()]);
    mkdirSync(this.#out, { recursive: true });
    const file = join(this.#out, CONTRACT_RESULTS_FILE);
    writeFileAtomicSync(file, `${JSON.stringify(section, null, 2)}\n`);
  }
}
