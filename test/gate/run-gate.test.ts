import assert from "node:assert/strict";
import { test } from "node:test";
import { gateRuns } from "../../src/commands/gate.ts";
import { ManualClock } from "../../src/core/clock.ts";
import { type GateSteps, runGate } from "../../src/gate/run-gate.ts";
import { validateRunSummary } from "../../src/report/parse-run-summary.ts";

function fakeSteps(clock: ManualClock, overrides: Partial<GateSteps> = {}): GateSteps {
  return {
    specDrift: async () => {
      clock.advance(10);
      return { status: "passed" };
    },
    contract: async () => {
      clock.advance(100);
      return { status: "passed", contract: { operations: [] } };
    },
    load: async () => {
      clock.advance(1000);
      return { status: "passed" };
    },
    ...overrides,
  };
}

const base = {
  scenarios: ["heartbeat-eviction", "rate-limit"],
  target: { kind: "mock" as const },
  version: "0.0.0-test",
};

test("all steps passing gives verdict passed, exit 0, a schema-valid summary with measured durations", async () => {
  const clock = new ManualClock(Date.UTC(2026, 10, 23), 0);
  const summary = await runGate({ ...base, steps: fakeSteps(clock), clock, signal: new AbortController().signal });
  assert.equal(summary.verdict, "passed");
  assert.equal(summary.exitCode, 0);
  assert.deepEqual(
    summary.steps.map((s) => [s.name, s.status, s.durationMs]),
    [
      ["spec-drift", "passed", 10],
      ["contract", "passed", 100],
      ["load:heartbeat-eviction", "passed", 1000],
      ["load:rate-limit", "passed", 1000],
    ],
  );
  assert.equal(summary.durationMs, 2110);
  const check = validateRunSummary(summary);
  assert.ok(check.ok, check.ok ? "" : check.problems.join("; "));
});

test("a failing step fails the run but the later steps still run; a crashing step is reported, not thrown", async () => {
  const clock = new ManualClock();
  const ran: string[] = [];
  const steps = fakeSteps(clock, {
    contract: async () => ({ status: "failed", reason: "2 of 40 cases failed" }),
    load: async (name) => {
      ran.push(name);
      if (name === "rate-limit") throw new Error("engine blew up");
      return { status: "passed" };
    },
  });
  const summary = await runGate({ ...base, steps, clock, signal: new AbortController().signal });
  assert.deepEqual(ran, ["heartbeat-eviction", "rate-limit"]);
  assert.equal(summary.verdict, "failed");
  assert.equal(summary.exitCode, 1);
  assert.equal(summary.steps[1]?.reason, "2 of 40 cases failed");
  assert.match(summary.steps[3]?.reason ?? "", /step crashed: engine blew up/);
});

test("an interrupt marks the running step and every later one interrupted, with a non-zero exit", async () => {
  const clock = new ManualClock();
  const controller = new AbortController();
  const steps = fakeSteps(clock, {
    contract: async () => {
      controller.abort();
      return { status: "passed", contract: { operations: [] } };
    },
  });
  const summary = await runGate({ ...base, steps, clock, signal: controller.signal });
  assert.equal(summary.verdict, "interrupted");
  assert.notEqual(summary.exitCode, 0);
  assert.deepEqual(
    summary.steps.map((s) => s.status),
    ["passed", "interrupted", "interrupted", "interrupted"],
  );
  assert.match(summary.steps[2]?.reason ?? "", /not started/);
  assert.ok(validateRunSummary(summary).ok);
});

test("summarizeFindings folds repeats, keeps order and caps the list", async () => {
  const { summarizeFindings } = await import("../../src/commands/gate.ts");
  assert.equal(summarizeFindings([]), "a threshold failed");
  assert.equal(summarizeFindings(["a", "b", "a", "a"]), "a (×3); b");
  const many = summarizeFindings(["1", "2", "3", "4", "5", "6", "7"]);
  assert.equal(many, "1; 2; 3; 4; 5; and 2 more (see the load report)");
});

test("the gate verifies each operation its config names as a step of its own; the summary holds them all", async () => {
  assert.deepEqual(gateRuns(undefined), ["heartbeat-eviction", "rate-limit"]);
  const runs = gateRuns(["ListEventSubEvent", "DeleteEventSub", "DescribeLiveStreamsOnlineList", "DeleteEventSub"]);
  assert.deepEqual(runs, [
    "heartbeat-eviction",
    "rate-limit",
    "rate-limit:DeleteEventSub",
    "rate-limit:DescribeLiveStreamsOnlineList",
  ]);
  const clock = new ManualClock();
  const asked: string[] = [];
  const steps = fakeSteps(clock, {
    load: async (name) => {
      asked.push(name);
      return { status: "passed" };
    },
  });
  const summary = await runGate({ ...base, scenarios: runs, steps, clock, signal: new AbortController().signal });
  assert.deepEqual(asked, runs);
  assert.deepEqual(
    summary.steps.map((s) => s.name).slice(2),
    runs.map((r) => `load:${r}`),
  );
  const check = validateRunSummary(summary);
  assert.ok(check.ok, check.ok ? "" : check.problems.join("; "));
});
