import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  buildContractSection,
  type CaseOutcome,
  contractPassed,
  renderContractTable,
  renderFailures,
} from "../../src/contract-cases/contract-results.ts";
import { createViolation } from "../../src/openapi/violation.ts";

const outcome = (
  operationId: string,
  product: string,
  kind: "positive" | "negative" | "stateful",
  status: CaseOutcome["status"],
  n: number,
  violations = [] as ReturnType<typeof createViolation>[],
): CaseOutcome => ({
  record: {
    caseId: `${operationId}/${kind}/${n}`,
    title: `${operationId} ${kind} #${n}`,
    operationId,
    product,
    kind,
    violations,
  },
  status,
  durationMs: 3.4,
});

describe("buildContractSection", () => {
  it("groups by operation, tallies positive and negative, keeps stateful cases out of the tallies", () => {
    const drift = createViolation("ListEventSubEvent", "response.body", "/Count", "integer", '"1"');
    const section = buildContractSection([
      outcome("ListEventSubEvent", "live", "positive", "passed", 1),
      outcome("ListEventSubEvent", "live", "positive", "failed", 2, [drift]),
      outcome("ListEventSubEvent", "live", "negative", "passed", 3),
      outcome("ListEventSubEvent", "live", "stateful", "passed", 4),
      outcome("ConsumerGroupHeartBeat", "sls", "negative", "skipped", 1),
    ]);
    assert.deepEqual(
      section.operations.map((o) => [o.product, o.operationId, o.positive, o.negative, o.cases.length]),
      [
        ["live", "ListEventSubEvent", { total: 2, passed: 1 }, { total: 1, passed: 1 }, 4],
        ["sls", "ConsumerGroupHeartBeat", { total: 0, passed: 0 }, { total: 0, passed: 0 }, 1],
      ],
    );
    assert.deepEqual(section.operations[0]?.cases[1]?.violations[0]?.jsonPointer, "/Count");
    assert.equal(section.operations[0]?.cases[0]?.durationMs, 3);
    assert.equal(contractPassed(section), false);
    const table = renderContractTable(section);
    assert.match(table, /live\s+ListEventSubEvent\s+1\/2\s+1\/1\s+1\/1\s+FAIL/);
    assert.match(table, /sls\s+ConsumerGroupHeartBeat\s+0\/0\s+0\/0\s+-\s+SKIP/, "all cases skipped: SKIP");
    assert.match(table, /5 cases, 1 failed: FAIL/);
    assert.match(
      renderFailures(section),
      /ListEventSubEvent response.body at \/Count: Received "1" \/ Documented integer/,
    );
  });

  it("counts a Playwright pass with violations as a failure, and an empty run as not passed", () => {
    const v = createViolation("X", "response.body", "", "object", "[]");
    const section = buildContractSection([outcome("X", "sls", "positive", "passed", 1, [v])]);
    assert.equal(section.operations[0]?.cases[0]?.status, "failed");
    assert.equal(contractPassed(buildContractSection([])), false);
    assert.equal(contractPassed(buildContractSection([outcome("X", "sls", "positive", "passed", 1)])), true);
  });
});
