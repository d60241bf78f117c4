// The k6 bundles run — not just type-check: the shim (k6-shim.ts) executes them like k6 0.48 against the
// mock in a separate process, the thresholds decide the exit code, and handleSummary's JSON converts.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { EvictionRoundReport } from "../../load/scenarios/heartbeat-eviction.ts";
import type { RateLimitSectionData } from "../../load/scenarios/rate-limit.scenario.ts";
import { findScenario } from "../../load/scenarios/registry.ts";
import { REPORT_MARKER } from "../../load/scenarios/report-marker.ts";
import { readRunnerResults } from "../../load/scenarios/runner-result.ts";
import type { EngineResult } from "../../src/engine/engine-result.ts";
import { fromK6Summary } from "../../src/engine/from-k6-summary.ts";
import { buildK6Bundles } from "../../src/load-runner/build-k6-bundles.ts";
import { mergeRunners } from "../../src/load-runner/merge-runners.ts";
import { planFor } from "../../src/load-runner/run-scenario-node.ts";
import { toLoadOutcome } from "../../src/load-runner/to-load-result.ts";
import { sectionData } from "../../src/report/run-summary.ts";
import { runK6Bundle } from "./k6-shim.ts";
import { type MockProcess, spawnMock } from "./spawn-mock.ts";

// Wider jitter budget and tolerance than the defaults: the test machine is shared (see node-runner.test.ts).
const QUICK = {
  multipliers: [0.5, 1, 2],
  stageMs: 2000,
  settleMs: 1000,
  kneeSteps: 2,
  kneeStepMs: 500,
  recoveryMs: 1000,
  jitterBudgetMs: 150,
  tolerance: 0.1,
};
/** The rate-limit plan of `options` against the mock, as the node runner and --merge make it. */
function ratePlan(options: Record<string, unknown>) {
  const definition = findScenario("rate-limit");
  assert.ok(definition);
  return planFor(definition, { kind: "mock" }, options);
}

let mock: MockProcess;
let limited: MockProcess;
before(async () => {
  [mock, limited] = await Promise.all([spawnMock(), spawnMock(["--fault", "qps-limit=30"]), buildK6Bundles()]);
});
after(async () => {
  await Promise.all([mock?.stop(), limited?.stop()]);
});

describe("k6 bundles on the k6 shim against the mock", () => {
  it("heartbeat-eviction.js passes its thresholds and reports each round on the console", async () => {
    const r = await runK6Bundle({
      script: "load/dist/heartbeat-eviction.js",
      env: {
        SPECGATE_TARGET: mock.url,
        SPECGATE_LOAD_OPTIONS: JSON.stringify({ rounds: 1, timeoutMs: 1000, warmupMs: 500 }),
      },
    });
    assert.equal(r.error, undefined);
    assert.equal(r.exitCode, 0, r.outputs.stdout);
    const json = Object.entries(r.outputs).find(([k]) => k.endsWith("reports/load-heartbeat-eviction.json"))?.[1];
    const result = JSON.parse(json ?? "{}") as EngineResult;
    assert.equal(result.engine, "k6");
    assert.equal(result.thresholds.ok, true);
    // Measured to ± half the detection window: never certainly before the timeout.
    const half = (result.metrics.detection_resolution_ms?.values.max ?? 0) / 2;
    assert.ok((result.metrics.eviction_latency_ms?.values.min ?? 0) + half >= 1000, JSON.stringify(result.metrics));
    const rounds = r.logs.filter((l) => l.msg.startsWith(REPORT_MARKER));
    assert.equal(rounds.length, 1);
    // The k6 script reads the mock's event log too: the true eviction lies within the measured window.
    const run = (JSON.parse(rounds[0]?.msg.slice(REPORT_MARKER.length) ?? "{}") as EvictionRoundReport).run;
    assert.ok(run?.truth !== undefined, JSON.stringify(run));
    assert.ok(Math.abs(run.truth.errorMs) <= run.resolutionMs / 2 + 2, JSON.stringify(run));
    assert.match(r.outputs.stdout ?? "", /PASSED/);
  });

  it("rate-limit.js passes on the mock; its summary converts to the same stages as the node engine's", async () => {
    const r = await runK6Bundle({
      script: "load/dist/rate-limit.js",
      env: { SPECGATE_TARGET: mock.url, SPECGATE_LOAD_OPTIONS: JSON.stringify(QUICK) },
    });
    assert.equal(r.exitCode, 0, r.outputs.stdout);
    const engine = fromK6Summary(r.summaryData);
    const outcome = toLoadOutcome("rate-limit", ratePlan(QUICK), engine);
    assert.deepEqual(outcome.findings, []);
    const s2 = sectionData<RateLimitSectionData>(outcome.result, "rate-limit")?.stages.find((s) => s.name === "2x");
    assert.equal(s2?.sent, 200);
    assert.ok(s2 && s2.admitted >= 75 && s2.admitted <= 110, JSON.stringify(s2));
  });

  it("rate-limit.js fails (exit 99) against qps-limit=30 and prints 'admitted 30/s, documented 50/s'", async () => {
    const r = await runK6Bundle({
      script: "load/dist/rate-limit.js",
      env: {
        SPECGATE_TARGET: limited.url,
        SPECGATE_LOAD_OPTIONS: JSON.stringify({ ...QUICK, multipliers: [2], kneeSteps: 0, tolerance: 0.05 }),
      },
    });
    assert.equal(r.exitCode, 99);
    assert.match(r.outputs.stdout ?? "", /FAIL 2x: admitted 30\/s, documented 50\/s/);
  });

  it("SPECGATE_RUNNERS=2 keeps the account-wide rates (k6 splits them) and judges a runner against limit/2", async () => {
    // One runner of two, alone here (the shim has no execution segments), facing its half of the account's
    // 50/s: a mock that admits 25/s. Real k6 showed the rates were once divided twice (script and segments).
    const half = await spawnMock(["--fault", "qps-limit=25"]);
    try {
      const r = await runK6Bundle({
        script: "load/dist/rate-limit.js",
        env: {
          SPECGATE_TARGET: half.url,
          SPECGATE_RUNNERS: "2",
          SPECGATE_PRINT_RESULT: "1",
          SPECGATE_LOAD_OPTIONS: JSON.stringify({ ...QUICK, multipliers: [2], kneeSteps: 0 }),
        },
      });
      assert.equal(r.exitCode, 0, r.outputs.stdout);
      const engine = fromK6Summary(r.summaryData);
      // 2× the documented 50/s for 2 s: the scenario offers all 200 (k6 would give each runner 100 of them).
      assert.equal(engine.metrics["sent_requests{stage:2x}"]?.values.count, 200);
      const admitted = engine.thresholds.results.filter((t) => t.metric === "admitted_requests{stage:2x,measured:yes}");
      assert.deepEqual(
        admitted.map((t) => t.expression),
        ["count>=22", "count<=28"],
      );
      assert.match(r.outputs.stdout ?? "", /^2x\s+50\.0\s/m);
      // Its stdout carries its result for `specgate load rate-limit --merge`; two such runners, each admitted
      // its half, make an account that was admitted the documented 50/s.
      const [printed, ...more] = readRunnerResults(r.outputs.stdout ?? "", "stdout");
      assert.equal(more.length, 0);
      assert.equal(printed?.metrics["sent_requests{stage:2x}"]?.values.count, 200);
      // It records the whole account's plan (not its share), which the merge judges the runners by.
      assert.deepEqual([printed?.options?.limit, printed?.options?.windowMs], [50, 1000]);
      const runner = { source: "runner", result: printed as EngineResult };
      const plan = ratePlan({ ...QUICK, multipliers: [2], kneeSteps: 0 });
      const merged = mergeRunners("rate-limit", [runner, { ...runner, source: "runner 2" }], plan);
      const own = admitted[0]?.observed ?? 0;
      const accountWide = merged.engineResult.thresholds.results.filter(
        (t) => t.metric === "admitted_requests{stage:2x,measured:yes}",
      );
      assert.equal(accountWide.length, 2);
      for (const t of accountWide) assert.equal(t.observed, 2 * own, t.expression);
      assert.deepEqual(merged.findings, []);
      assert.equal(merged.passed, true);
    } finally {
      await half.stop();
    }
  });

  it("a missing target stops the script in its init context with a clear message", async () => {
    const r = await runK6Bundle({ script: "load/dist/rate-limit.js", env: {} });
    assert.equal(r.exitCode, 107);
    assert.match(r.error ?? "", /SPECGATE_TARGET is not set/);
  });
});
