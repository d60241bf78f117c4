/**
 * Contract results in the summary model's `contract` shape (src/report/run-summary.ts `ContractSection`):
 * operations → cases with their violations, plus the per-operation table the command prints.
 * Pure: the Playwright reporter collects case outcomes and calls these.
 */

import type { Violation } from "../openapi/violation.ts";
import type { ContractCase, ContractOperation, ContractSection, ReportViolation } from "../report/run-summary.ts";

/** What the suite records about one case (attached to its Playwright test result). */
export interface CaseRecord {
  caseId: string;
  title: string;
  operationId: string;
  product: string;
  kind: "positive" | "negative" | "stateful";
  violations: Violation[];
  /** Why the case failed without violations (e.g. a network error), or why it was skipped. */
  reason?: string;
  /** Time the case took, ms (set by the suite; the reporter falls back to the test's duration). */
  durationMs?: number;
}

/** True when a recorded case failed: a violation, or a failure reason (setup or network error). */
export function recordFailed(record: CaseRecord): boolean {
  return record.violations.length > 0 || record.reason !== undefined;
}

/** A recorded case plus Playwright's verdict and duration. */
export interface CaseOutcome {
  record: CaseRecord;
  status: "passed" | "failed" | "skipped";
  durationMs: number;
}

function toReportViolation(v: Violation): ReportViolation {
  const out: ReportViolation = {
    operationId: v.operationId,
    check: v.check,
    expected: v.expected,
    actual: v.actual,
    jsonPointer: v.jsonPointer,
    message: v.message,
  };
  if (v.parameter !== undefined) out.parameter = v.parameter;
  return out;
}

function emptyOperation(record: CaseRecord): ContractOperation {
  return {
    operationId: record.operationId,
    product: record.product,
    positive: { total: 0, passed: 0 },
    negative: { total: 0, passed: 0 },
    cases: [],
  };
}

/** The report's case of an outcome: failed when Playwright passed it but it has violations. */
function toContractCase(o: CaseOutcome): ContractCase {
  const status = o.status === "passed" && o.record.violations.length > 0 ? "failed" : o.status;
  const c: ContractCase = {
    id: o.record.caseId,
    title: o.record.title,
    kind: o.record.kind,
    status,
    durationMs: Math.max(0, Math.round(o.durationMs)),
    violations: o.record.violations.map(toReportViolation),
  };
  if (o.record.reason !== undefined) c.reason = o.record.reason;
  return c;
}

/** Counts a positive or negative case that ran (skipped cases and stateful flows are not tallied). */
function tally(op: ContractOperation, c: ContractCase): void {
  if (c.kind === "stateful" || c.status === "skipped") return;
  const counts = c.kind === "positive" ? op.positive : op.negative;
  counts.total++;
  if (c.status === "passed") counts.passed++;
}

/**
 * Groups outcomes by operation (ordered by product, then operationId; cases in the order given).
 * A case passes only if Playwright passed it and it has no violations.
 */
export function buildContractSection(outcomes: readonly CaseOutcome[]): ContractSection {
  const byOp = new Map<string, ContractOperation>();
  for (const o of outcomes) {
    const key = `${o.record.product}\u0000${o.record.operationId}`;
    const op = byOp.get(key) ?? emptyOperation(o.record);
    byOp.set(key, op);
    const c = toContractCase(o);
    op.cases.push(c);
    tally(op, c);
  }
  return {
    operations: [...byOp.values()].sort(
      (a, b) => a.product.localeCompare(b.product) || a.operationId.localeCompare(b.operationId),
    ),
  };
}

/** True when every case of every operation passed (skipped cases do not fail a run) and there was at least one. */
export function contractPassed(section: ContractSection): boolean {
  const cases = section.operations.flatMap((o) => o.cases);
  return cases.length > 0 && cases.every((c) => c.status !== "failed");
}

/** An operation's verdict: FAIL when a case failed, SKIP when every case was skipped, else PASS. */
function operationVerdict(op: ContractOperation): string {
  if (op.cases.some((c) => c.status === "failed")) return "FAIL";
  return op.cases.length > 0 && op.cases.every((c) => c.status === "skipped") ? "SKIP" : "PASS";
}

function tableRow(op: ContractOperation): string[] {
  const stateful = op.cases.filter((c) => c.kind === "stateful");
  const statefulPassed = stateful.filter((c) => c.status === "passed").length;
  return [
    op.product,
    op.operationId,
    `${op.positive.passed}/${op.positive.total}`,
    `${op.negative.passed}/${op.negative.total}`,
    stateful.length === 0 ? "-" : `${statefulPassed}/${stateful.length}`,
    operationVerdict(op),
  ];
}

/** The per-operation table: positive and negative counts, stateful flows, and PASS/FAIL/SKIP. */
export function renderContractTable(section: ContractSection): string {
  const rows = section.operations.map(tableRow);
  const header = ["product", "operation", "positive", "negative", "stateful", "result"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  const all = section.operations.flatMap((o) => o.cases);
  const failedCases = all.filter((c) => c.status === "failed").length;
  return [
    line(header),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map(line),
    "",
    `${all.length} cases, ${failedCases} failed: ${contractPassed(section) ? "PASS" : "FAIL"}`,
  ].join("\n");
}

/** Lines naming each failed case's violations (operation, check, JSON pointer, Received / Documented). */
export function renderFailures(section: ContractSection): string {
  return section.operations
    .flatMap((op) => op.cases.filter((c) => c.status === "failed"))
    .flatMap(failureLines)
    .join("\n");
}

function failureLines(c: ContractCase): string[] {
  const where = (v: ReportViolation) => (v.jsonPointer === "" ? "(root)" : v.jsonPointer);
  return [
    `✗ ${c.title}`,
    ...(c.reason === undefined ? [] : [`    ${c.reason}`]),
    ...c.violations.map(
      (v) => `    ${v.operationId} ${v.check} at ${where(v)}: Received ${v.actual} / Documented ${v.expected}`,
    ),
  ];
}
