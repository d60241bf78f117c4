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

/**
 * Groups outcomes by operation (ordered by product, then operationId; cases in the order given).
 * A case passes only if Playwright passed it and it has no violations.
 */
export function buildContractSection(outcomes: readonly CaseOutcome[]): ContractSection {
  const byOp = new Map<string, ContractOperation>();
  for (const o of outcomes) {
    const key = `${o.record.product}\u0000${o.record.operationId}`;
    let op = byOp.get(key);
    if (op === undefined) {
      op = {
        operationId: o.record.operationId,
        product: o.record.product,
        positive: { total: 0, passed: 0 },
        negative: { total: 0, passed: 0 },
        cases: [],
      };
      byOp.set(key, op);
    }
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
    op.cases.push(c);
    if (o.record.kind !== "stateful" && status !== "skipped") {
      const tally = o.record.kind === "positive" ? op.positive : op.negative;
      tally.total++;
      if (status === "passed") tally.passed++;
    }
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

/** The per-operation table: positive and negative counts, stateful flows, and PASS/FAIL. */
export function renderContractTable(section: ContractSection): string {
  const rows = section.operations.map((op) => {
    const stateful = op.cases.filter((c) => c.kind === "stateful");
    const statefulPassed = stateful.filter((c) => c.status === "passed").length;
    const failed = op.cases.some((c) => c.status === "failed");
    return [
      op.product,
      op.operationId,
      `${op.positive.passed}/${op.positive.total}`,
      `${op.negative.passed}/${op.negative.total}`,
      stateful.length === 0 ? "-" : `${statefulPassed}/${stateful.length}`,
      failed ? "FAIL" : "PASS",
    ];
  });
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
  const lines: string[] = [];
  for (const op of section.operations)
    for (const c of op.cases) {
      if (c.status !== "failed") continue;
      lines.push(`✗ ${c.title}`);
      if (c.reason !== undefined) lines.push(`    ${c.reason}`);
      for (const v of c.violations)
        lines.push(
          `    ${v.operationId} ${v.check} at ${v.jsonPointer === "" ? "(root)" : v.jsonPointer}: Received ${v.actual} / Documented ${v.expected}`,
        );
    }
  return lines.join("\n");
}
