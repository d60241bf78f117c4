import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { ENGINE_RESULT_SCHEMA_VERSION, type EngineMetric, type EngineResult } from "../../src/engine/engine-result.ts";
import { judgeSummaryThresholds, mergeResults } from "../../src/engine/merge-results.ts";

function result(metrics: Record<string, EngineMetric>, durationMs = 10_000): EngineResult {
  return {
    schemaVersion: ENGINE_RESULT_SCHEMA_VERSION,
    engine: "k6",
    startedAt: null,
    durationMs,
    aborted: false,
    scenarios: {},
    metrics,
    series: { intervalMs: 1000, seconds: 0, metrics: {} },
    thresholds: { ok: true, results: [] },
    errors: [],
  };
}

const counter = (count: number): EngineMetric => ({ type: "counter", contains: "default", values: { count } });
const rate = (passes: number, fails: number): EngineMetric => ({
  type: "rate",
  contains: "default",
  values: { rate: passes / Math.max(1, passes + fails), passes, fails },
});
const trend = (samples: readonly number[]): EngineMetric => ({
  type: "trend",
  contains: "time",
  values:
    samples.length === 0
      ? { count: 0, avg: 0, min: 0, max: 0, med: 0, "p(95)": 0 }
      : {
          count: samples.length,
          avg: samples.reduce((a, b) => a + b, 0) / samples.length,
          min: Math.min(...samples),
          max: Math.max(...samples),
          med: [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)] as number,
          "p(95)": Math.max(...samples),
        },
});

const runnerArb = fc.record({
  admitted: fc.nat(1000),
  passes: fc.nat(100),
  fails: fc.nat(100),
  latencies: fc.array(fc.double({ min: 0, max: 5000, noNaN: true }), { maxLength: 20 }),
  durationMs: fc.integer({ min: 1, max: 60_000 }),
});

test("merged counts, passes/fails, trend count/min/max/avg equal those of all the runners' samples together", () => {
  fc.assert(
    fc.property(fc.array(runnerArb, { minLength: 1, maxLength: 6 }), (runners) => {
      const merged = mergeResults(
        runners.map((r) =>
          result(
            {
              admitted_requests: counter(r.admitted),
              http_req_failed: rate(r.passes, r.fails),
              admitted_latency_ms: trend(r.latencies),
            },
            r.durationMs,
          ),
        ),
      );
      const all = runners.flatMap((r) => r.latencies);
      const together = trend(all).values;
      const count = runners.reduce((s, r) => s + r.admitted, 0);
      const longest = Math.max(...runners.map((r) => r.durationMs));
      assert.equal(merged.durationMs, longest);
      assert.equal(merged.metrics.admitted_requests?.values.count, count);
      assert.ok(Math.abs((merged.metrics.admitted_requests?.values.rate ?? 0) - count / (longest / 1000)) < 1e-9);
      const passes = runners.reduce((s, r) => s + r.passes, 0);
      const fails = runners.reduce((s, r) => s + r.fails, 0);
      assert.deepEqual(merged.metrics.http_req_failed?.values, {
        rate: passes + fails === 0 ? 0 : passes / (passes + fails),
        passes,
        fails,
      });
      const t = merged.metrics.admitted_latency_ms?.values ?? {};
      assert.equal(t.count, all.length);
      if (all.length > 0) {
        assert.equal(t.min, together.min);
        assert.equal(t.max, together.max);
        assert.ok(Math.abs((t.avg ?? 0) - (together.avg ?? 0)) < 1e-6 * Math.max(1, together.avg ?? 0));
      }
      assert.equal(t.med, undefined, "a median does not merge");
      assert.equal(t["p(95)"], undefined, "a percentile does not merge");
    }),
  );
});

test("thresholds are judged on the merged values; what cannot be merged fails naming why", () => {
  const a = result({
    admitted_requests: counter(70),
    "admitted_requests{stage:2x}": counter(70),
    admitted_latency_ms: trend([1, 2, 3]),
  });
  const b = result({ admitted_requests: counter(30), "admitted_requests{stage:2x}": counter(30) });
  const merged = mergeResults([a, b], ["pod-a", "pod-b"]);
  const judged = judgeSummaryThresholds(merged, {
    "admitted_requests{stage:2x}": ["count>=95", "count<=105"],
    "admitted_requests{stage:4x}": ["count==0"],
    admitted_latency_ms: ["max<10", "p(95)<10"],
    throttled_requests: ["count==0"],
    admitted_requests: ["rate<1"],
  });
  const byExpr = Object.fromEntries(judged.map((j) => [`${j.metric} ${j.expression}`, j]));
  assert.equal(byExpr["admitted_requests{stage:2x} count>=95"]?.ok, true);
  assert.equal(byExpr["admitted_requests{stage:2x} count>=95"]?.observed, 100);
  assert.equal(byExpr["admitted_requests{stage:2x} count<=105"]?.ok, true);
  // A sub-metric no runner recorded, of a metric that exists: observed 0, as k6 judges it.
  assert.deepEqual(
    [byExpr["admitted_requests{stage:4x} count==0"]?.ok, byExpr["admitted_requests{stage:4x} count==0"]?.observed],
    [true, 0],
  );
  assert.equal(byExpr["admitted_latency_ms max<10"]?.ok, true);
  assert.equal(byExpr["admitted_latency_ms p(95)<10"]?.ok, false);
  assert.match(byExpr["admitted_latency_ms p(95)<10"]?.error ?? "", /cannot be computed across runners/);
  assert.equal(byExpr["throttled_requests count==0"]?.ok, false);
  assert.match(byExpr["throttled_requests count==0"]?.error ?? "", /in none of the results/);
  assert.equal(byExpr["admitted_requests rate<1"]?.ok, false, "100 in 10 s is 10/s");
  assert.equal(byExpr["admitted_requests rate<1"]?.observed, 10);
});

test("runners whose metric types disagree are refused naming the runner; nothing to merge is refused", () => {
  assert.throws(
    () => mergeResults([result({ x: counter(1) }), result({ x: rate(1, 0) })], ["a.json", "b.json"]),
    /b\.json: metric "x" is a rate, elsewhere a counter/,
  );
  assert.throws(() => mergeResults([]), /nothing to merge/);
});

test("errors keep the runner they came from; an aborted runner makes the merge aborted", () => {
  const a = { ...result({}), errors: ["teardown() failed: boom"] };
  const b = { ...result({}), aborted: true, abortReason: "signal" as const };
  const merged = mergeResults([a, b], ["pod-a", "pod-b"]);
  assert.deepEqual(merged.errors, ["pod-a: teardown() failed: boom"]);
  assert.equal(merged.aborted, true);
  assert.equal(merged.abortReason, "signal");
});

test("a trend some runner exported without its count (k6's default summaryTrendStats) merges to nothing and fails", () => {
  // k6 0.48 with the default summaryTrendStats: no "count"; an empty runner reports 0 for every statistic.
  const noCount = (max: number): EngineMetric => ({
    type: "trend",
    contains: "time",
    values: { avg: max, min: max, med: max, max, "p(90)": max, "p(95)": max },
  });
  const merged = mergeResults([
    result({ "recovery_throttled_at_ms{throttled:yes}": noCount(2400) }),
    result({ "recovery_throttled_at_ms{throttled:yes}": noCount(0) }),
  ]);
  assert.deepEqual(merged.metrics["recovery_throttled_at_ms{throttled:yes}"]?.values, {});
  const [judged] = judgeSummaryThresholds(merged, { "recovery_throttled_at_ms{throttled:yes}": ["max<=1000"] });
  assert.equal(judged?.ok, false, "a recovery that took 2.4 s must not pass as 0");
  assert.match(judged?.error ?? "", /lacks the trend's count .*summaryTrendStats lists "count"/);
});

test("a trend statistic one runner with samples did not export is left out, not taken from the others", () => {
  const withoutMax: EngineMetric = { type: "trend", contains: "time", values: { count: 3, avg: 2, min: 1 } };
  const merged = mergeResults([result({ t: trend([1, 2, 3]) }), result({ t: withoutMax })]);
  assert.deepEqual(merged.metrics.t?.values, { count: 6, avg: 2, min: 1 });
  const [judged] = judgeSummaryThresholds(merged, { t: ["max<10"] });
  assert.equal(judged?.ok, false);
});

test("gauge min and max are not merged: their sums only bound the account-wide ones", () => {
  const gauge = (value: number, min: number, max: number): EngineMetric => ({
    type: "gauge",
    contains: "default",
    values: { value, min, max },
  });
  // Runner a peaked at 10 VUs early, runner b at 10 late: together never more than 12, not 20.
  const merged = mergeResults([result({ vus: gauge(2, 1, 10) }), result({ vus: gauge(10, 1, 10) })]);
  assert.deepEqual(merged.metrics.vus?.values, { value: 12 });
  const [judged] = judgeSummaryThresholds(merged, { vus: ["value<=12"] });
  assert.equal(judged?.ok, true);
});
