import assert from "node:assert/strict";
import { test } from "node:test";
import {
  evictionNotes,
  explainEvictionRound,
  formatEvictionLatency,
  judgeEviction,
  resolveEvictionOptions,
} from "../../load/scenarios/heartbeat-eviction.ts";

const options = resolveEvictionOptions({});
// What k6 0.48 puts in its summary for a trend that never got a sample (seen on a run interrupted in round 0).
const emptyTrend = { values: { min: 0, med: 0, max: 0, avg: 0, "p(90)": 0, "p(95)": 0 } };

test("a run in which no round saw an eviction says so, even though k6 reports the empty trend as zeros", () => {
  const interrupted = { eviction_latency_ms: emptyTrend, eviction_rounds: { values: { count: 0 } } };
  assert.equal(formatEvictionLatency(options, interrupted), "eviction latency: no round detected an eviction");
  const neverEvicted = {
    eviction_latency_ms: emptyTrend,
    eviction_rounds: { values: { count: 3 } },
    eviction_undetected: { values: { count: 3 } },
  };
  assert.equal(formatEvictionLatency(options, neverEvicted), "eviction latency: no round detected an eviction");
  assert.equal(formatEvictionLatency(options, {}), "eviction latency: no round detected an eviction");
});

test("rounds that saw an eviction give min, median and max with their resolution, and the mock's verdict", () => {
  const line = formatEvictionLatency(options, {
    eviction_latency_ms: { values: { min: 2003, med: 2004.26, max: 2009 } },
    detection_resolution_ms: { values: { max: 11.4 } },
    eviction_truth_error_ms: { values: { count: 2, min: -3.21, max: 4 } },
    eviction_rounds: { values: { count: 3 } },
    eviction_undetected: { values: { count: 1 } },
  });
  assert.equal(
    line,
    `eviction latency: min 2003 ms, med 2004.3 ms, max 2009 ms ± 5.7 ms (timeout ${options.timeoutMs} ms, heartbeat interval ${options.intervalMs} ms, probe interval ${options.probeIntervalMs} ms); vs the mock's event log -3.2 to 4 ms`,
  );
});

const run = (latencyMs: number, resolutionMs: number) => ({
  lastHeartbeatMs: 0,
  detectedMs: latencyMs + resolutionMs / 2,
  latencyMs,
  resolutionMs,
  handoffGapMs: 0,
  doubleOwnership: false,
});
const report = (r: ReturnType<typeof run>) => ({
  round: 1,
  group: "g",
  run: r,
  silentConsumer: "c1",
  meanRttMs: 301,
  timeline: [],
  problems: [],
});

test("a round is judged on its detection window: early only if it ends before T, on time only if it ends by T + I + tolerance", () => {
  // T 2000, I 250, tolerance 50: on time means the window ends within [2000, 2300].
  assert.equal(judgeEviction(options, run(1996, 11)), "on-time", "a correct service evicts at T, inside the window");
  assert.equal(judgeEviction(options, run(1990, 11)), "early");
  assert.equal(judgeEviction(options, run(2290, 20)), "on-time");
  assert.equal(judgeEviction(options, run(2295, 20)), "late");
  assert.equal(judgeEviction(options, run(2100, 600)), "late", "too wide to show it came in time");
  assert.deepEqual(explainEvictionRound(options, report(run(1996, 11))), []);
  assert.match(
    explainEvictionRound(options, report(run(1990, 11))).join(),
    /round 1: c1's shards were handed on 1\.990 s ± 5\.5 ms after its last heartbeat, before the timeout T = 2\.000 s/,
  );
  assert.match(
    explainEvictionRound(options, report(run(2500, 20))).join(),
    /round 1: eviction detected 2\.500 s ± 10 ms after the last heartbeat, above T \+ I \+ tolerance = 2\.300 s$/,
  );
  assert.match(
    explainEvictionRound(options, report(run(2100, 600))).join(),
    /measured at 2\.100 s ± 300 ms .* cannot show it came within T \+ I \+ tolerance = 2\.300 s: the detection window is 600 ms wide \(probe interval 10 ms\) and heartbeats took 301 ms on average/,
  );
});

test("a measurement the mock's event log contradicts beyond its resolution is noted", () => {
  const agree = { ...report(run(2001, 11)), run: { ...run(2001, 11), truth: { latencyMs: 2000.5, errorMs: 0.5 } } };
  assert.deepEqual(evictionNotes(agree), []);
  const off = { ...report(run(2001, 11)), run: { ...run(2001, 11), truth: { latencyMs: 2010, errorMs: -9 } } };
  assert.deepEqual(evictionNotes(off), [
    "round 1: measured 2001 ms ± 5.5 ms, but the mock's event log says 2010 ms (off by -9 ms)",
  ]);
  assert.deepEqual(evictionNotes({ ...report(run(2001, 11)), notes: ["no ground truth: x"] }), [
    "round 1: no ground truth: x",
  ]);
});

test("probe options are validated with the fix named", () => {
  assert.throws(
    () => resolveEvictionOptions({ probeIntervalMs: 300 }),
    /probeIntervalMs: 300 ms is longer than the heartbeat interval 250 ms/,
  );
  assert.throws(
    () => resolveEvictionOptions({ probeLeadMs: 2000 }),
    /probeLeadMs: 2000 ms must be shorter than the timeout 2000 ms/,
  );
  assert.throws(() => resolveEvictionOptions({ maxProbes: -1 }), /maxProbes: -1 is not valid; use an integer ≥ 0/);
  assert.equal(resolveEvictionOptions({}).probeIntervalMs, 10);
});
