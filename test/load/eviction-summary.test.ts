import assert from "node:assert/strict";
import { test } from "node:test";
import { formatEvictionLatency, resolveEvictionOptions } from "../../load/scenarios/heartbeat-eviction.ts";

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

test("rounds that saw an eviction give min, median and max against the timeout and interval", () => {
  const line = formatEvictionLatency(options, {
    eviction_latency_ms: { values: { min: 2003, med: 2248, max: 2251 } },
    eviction_rounds: { values: { count: 3 } },
    eviction_undetected: { values: { count: 1 } },
  });
  assert.equal(
    line,
    `eviction latency: min 2003 ms, med 2248 ms, max 2251 ms (timeout ${options.timeoutMs} ms, interval ${options.intervalMs} ms)`,
  );
});
