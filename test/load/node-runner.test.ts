// The built-in engine runs both scenarios against the real mock (in-process, port 0), with shortened
// options; the default run is the full one (`specgate load …`). Each test has its own mock (the rate
// limit is per account) and they run one after the other: they measure timing, and sharing one event
// loop would measure each other.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { RateLimitSectionData } from "../../load/scenarios/rate-limit.scenario.ts";
import { resolveTarget, withBaseUrl } from "../../src/client/target.ts";
import type { EngineLogger } from "../../src/engine/iteration-context.ts";
import { runScenarioNode } from "../../src/load-runner/run-scenario-node.ts";
import { startMock } from "../../src/mock/create-mock-server.ts";
import type { Faults } from "../../src/mock/faults.ts";
import { type EvictionResult, sectionData } from "../../src/report/run-summary.ts";

const out = mkdtempSync(join(tmpdir(), "specgate-load-"));
after(() => rmSync(out, { recursive: true, force: true }));
const quiet: EngineLogger = { info: () => {}, warn: () => {}, error: () => {} };
// A wider jitter budget and tolerance than the defaults: the test machine is shared and busy, and a
// 1-second measurement has no room to average out a stall; the gates themselves are the same.
const QUICK_RATE = {
  multipliers: [0.5, 1, 2],
  stageMs: 1500,
  settleMs: 500,
  kneeSteps: 3,
  kneeStepMs: 400,
  recoveryMs: 1000,
  jitterBudgetMs: 150,
  tolerance: 0.1,
};
const QUICK_EVICTION = { rounds: 2, timeoutMs: 1000, intervalMs: 250, warmupMs: 500 };

async function withMock<T>(faults: Faults, fn: (url: string) => Promise<T>): Promise<T> {
  const mock = await startMock({ faults });
  try {
    return await fn(mock.url);
  } finally {
    await mock.close();
  }
}

const target = (url: string) => withBaseUrl(resolveTarget({ target: "mock", env: {} }), url);

describe("scenarios on the built-in engine against the mock", () => {
  it("heartbeat-eviction passes: each latency ± its resolution holds the mock's own eviction time, groups deleted", async () => {
    await withMock({}, async (url) => {
      const dir = join(out, "evict");
      const r = await runScenarioNode({
        scenario: "heartbeat-eviction",
        target: target(url),
        options: QUICK_EVICTION,
        outDir: dir,
        log: quiet,
      });
      assert.deepEqual(r.findings, []);
      assert.equal(r.passed, true);
      const ev = sectionData<EvictionResult>(r.result, "eviction");
      assert.equal(ev?.runs.length, 2);
      assert.equal(ev?.probeIntervalMs, 10);
      for (const run of ev?.runs ?? []) {
        const half = (run.resolutionMs ?? Number.NaN) / 2;
        assert.ok(run.latencyMs + half >= 1000 && run.latencyMs - half <= 1300, `latency ${run.latencyMs} ± ${half}`);
        // The mock's event log dates the eviction; the measurement's window holds it (1 ms for each side's
        // whole-millisecond wall clock).
        const truth = run.truth;
        assert.ok(truth !== undefined, "the mock's event log was read");
        assert.ok(Math.abs(truth.errorMs) <= half + 2, `measured − true ${truth.errorMs} ms, resolution ± ${half} ms`);
        assert.ok(truth.latencyMs >= 1000, `the mock evicted ${truth.latencyMs} ms after the heartbeat went out`);
        assert.equal(run.doubleOwnership, false);
        assert.ok(run.handoffGapMs >= 0 && run.handoffGapMs <= 300, `gap ${run.handoffGapMs}`);
      }
      const kinds = new Set(ev?.timeline.map((e) => e.kind));
      assert.deepEqual([...kinds].sort(), ["evicted-detected", "heartbeat", "shards", "silent"]);
      assert.deepEqual(JSON.parse(readFileSync(r.resultFile, "utf8")).engine, "node");
      // the rounds and the teardown deleted every group
      const list = await fetch(`${url}/_specgate/events`).then(
        (x) => x.json() as Promise<{ events: { kind: string }[] }>,
      );
      const created = list.events.filter((e) => e.kind === "group-created").length;
      assert.equal(created, 2);
      assert.equal(list.events.filter((e) => e.kind === "group-deleted").length, created);
    });
  });

  it("heartbeat-eviction with a slow target fails and says why: its detection window is too wide", async () => {
    await withMock({ latencyMs: 300 }, async (url) => {
      const r = await runScenarioNode({
        scenario: "heartbeat-eviction",
        target: target(url),
        options: { ...QUICK_EVICTION, rounds: 1, consumers: 2 },
        outDir: join(out, "slow"),
        log: quiet,
      });
      assert.equal(r.passed, false);
      assert.match(
        r.findings.join("\n"),
        /cannot show it came within T \+ I \+ tolerance = 1\.300 s: the detection window is \d+ ms wide \(probe interval 10 ms\) and heartbeats took \d+(\.\d+)? ms on average/,
      );
    });
  });

  it("rate-limit passes on the mock: nothing throttled ≤ 1×, admitted ≈ limit above, contract kept", async () => {
    await withMock({}, async (url) => {
      const r = await runScenarioNode({
        scenario: "rate-limit",
        target: target(url),
        options: QUICK_RATE,
        outDir: join(out, "rl"),
        log: quiet,
      });
      assert.deepEqual(r.findings, []);
      assert.equal(r.passed, true);
      const rate = sectionData<RateLimitSectionData>(r.result, "rate-limit");
      assert.equal(rate?.limitRps, 50);
      const s2 = rate?.stages.find((s) => s.name === "2x");
      assert.equal(s2?.sent, 150);
      assert.ok((s2?.throttled["Throttling.User"] ?? 0) > 50, JSON.stringify(s2));
      assert.ok(r.result.series["latency.p95"] !== undefined);
    });
  });

  it("rate-limit against qps-limit=30 fails with 'admitted 30/s, documented 50/s'", async () => {
    await withMock({ qpsLimit: 30 }, async (url) => {
      const r = await runScenarioNode({
        scenario: "rate-limit",
        target: target(url),
        options: {
          ...QUICK_RATE,
          multipliers: [1, 2],
          stageMs: 2000,
          settleMs: 1000,
          kneeSteps: 0,
          recoveryMs: 200,
          jitterBudgetMs: 50,
          tolerance: 0.05,
        },
        outDir: join(out, "rl30"),
        log: quiet,
      });
      assert.equal(r.passed, false);
      const text = r.findings.join("\n");
      assert.match(text, /2x: admitted 30\/s, documented 50\/s/);
      assert.match(text, /1x: \d+ of \d+ requests throttled at 48\/s offered, at or below the documented 50\/s/);
    });
  });
});
