import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { TestCase, TestResult } from "@playwright/test/reporter";
import ContractReporter, { CONTRACT_RESULTS_FILE, outcomesOf } from "../../src/contract-cases/contract-reporter.ts";
import {
  CASES_ANNOTATION,
  CASES_ATTACHMENT,
  type CaseIdentity,
} from "../../src/contract-cases/contract-reporter-keys.ts";
import type { CaseRecord } from "../../src/contract-cases/contract-results.ts";
import { parseSeed, readRunSettings } from "../../src/contract-cases/run-settings.ts";
import { createViolation } from "../../src/openapi/violation.ts";
import type { ContractSection } from "../../src/report/run-summary.ts";

const ids: CaseIdentity[] = [1, 2, 3].map((n) => ({
  caseId: `ListEventSubEvent/positive/${n}`,
  title: `ListEventSubEvent positive #${n}`,
  operationId: "ListEventSubEvent",
  product: "live",
  kind: "positive",
}));

// Minimal Playwright objects: only the fields the reporter reads.
function fakeTest(identities: CaseIdentity[]): TestCase {
  return {
    title: "group",
    annotations: [{ type: CASES_ANNOTATION, description: JSON.stringify(identities) }],
  } as unknown as TestCase;
}
function fakeResult(status: TestResult["status"], records: CaseRecord[] | undefined, error?: string): TestResult {
  return {
    status,
    duration: 300,
    error: error === undefined ? undefined : { message: `\u001b[31m${error}\u001b[39m\nstack` },
    attachments:
      records === undefined
        ? []
        : [{ name: CASES_ATTACHMENT, contentType: "application/json", body: Buffer.from(JSON.stringify(records)) }],
  } as unknown as TestResult;
}

describe("contract reporter", () => {
  it("gives every case of a group its own outcome, from its record", () => {
    const drift = createViolation("ListEventSubEvent", "response.body", "/Count", "integer", '"1"');
    const records: CaseRecord[] = [
      { ...(ids[0] as CaseIdentity), violations: [], durationMs: 5 },
      { ...(ids[1] as CaseIdentity), violations: [drift], durationMs: 7 },
    ];
    const outcomes = outcomesOf(fakeTest(ids), fakeResult("failed", records, "Error: 1 of 2 contract cases failed"));
    assert.deepEqual(
      outcomes.map((o) => [o.record.caseId, o.status, o.durationMs, o.record.reason]),
      [
        ["ListEventSubEvent/positive/1", "passed", 5, undefined],
        ["ListEventSubEvent/positive/2", "failed", 7, undefined],
        // The third case has no record: the test stopped first; the error (without ANSI colours) is the reason.
        ["ListEventSubEvent/positive/3", "failed", 0, "Error: 1 of 2 contract cases failed"],
      ],
    );
  });

  it("ignores tests that are not contract tests and marks skipped groups skipped", () => {
    assert.deepEqual(outcomesOf({ title: "x", annotations: [] } as unknown as TestCase, fakeResult("passed", [])), []);
    const skipped = outcomesOf(fakeTest(ids.slice(0, 1)), fakeResult("skipped", undefined));
    assert.equal(skipped[0]?.status, "skipped");
  });

  it("writes contract-results.json in the summary's contract shape", () => {
    const dir = mkdtempSync(join(tmpdir(), "specgate-reporter-"));
    try {
      const reporter = new ContractReporter({ outputDir: dir });
      reporter.onTestEnd(
        fakeTest(ids.slice(0, 1)),
        fakeResult("passed", [{ ...(ids[0] as CaseIdentity), violations: [] }]),
      );
      reporter.onEnd({ status: "passed" } as never);
      const section = JSON.parse(readFileSync(join(dir, CONTRACT_RESULTS_FILE), "utf8")) as ContractSection;
      assert.deepEqual(section.operations[0]?.positive, { total: 1, passed: 1 });
      assert.equal(section.operations[0]?.cases[0]?.id, "ListEventSubEvent/positive/1");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("run settings", () => {
  it("reads seed, case count, out and prefix from the environment, with clear errors", () => {
    const s = readRunSettings({ SPECGATE_SEED: "42", SPECGATE_CONTRACT_CASES: "30", SPECGATE_OUT: "x" });
    assert.deepEqual([s.seed, s.casesPerOperation, s.out], [42, 30, "x"]);
    assert.match(s.resourcePrefix, /^specgate-[a-z0-9]+-$/);
    assert.throws(() => parseSeed("1.5", "--seed"), /--seed must be an integer/);
    assert.throws(() => parseSeed("99999999999", "--seed"), /between/);
    assert.throws(
      () => readRunSettings({ SPECGATE_CONTRACT_CASES: "0" }),
      /SPECGATE_CONTRACT_CASES must be a positive integer/,
    );
  });
});
