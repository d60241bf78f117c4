import assert from "node:assert/strict";
import { test } from "node:test";
import { ManualClock } from "../../src/core/clock.ts";
import { MetricRegistry } from "../../src/engine/metric-registry.ts";
import { parseMetricSelector } from "../../src/engine/metric-selector.ts";
import { recordHttp } from "../../src/engine/record-http.ts";
import { TrendHistogram } from "../../src/engine/trend-histogram.ts";

test("sub-metrics select samples whose tags match every pair, including ones tracked before the metric exists", () => {
  const reg = new MetricRegistry(new ManualClock());
  reg.trackSubMetric(parseMetricSelector("http_req_duration{stage:2x}"));
  reg.trackSubMetric(parseMetricSelector("http_req_duration{ stage : 2x , status:503}"));
  const base = reg.view({ scenario: "burst" });
  recordHttp(base.withTags({ stage: "1x" }), { status: 200, durationMs: 10 });
  recordHttp(base.withTags({ stage: "2x" }), { status: 200, durationMs: 20 });
  recordHttp(base.withTags({ stage: "2x" }), { status: 503, durationMs: 40 });
  recordHttp(base, { status: 503, durationMs: 80, tags: { stage: "2x" } });
  const s = reg.summarize(1000);
  assert.equal(s.http_req_duration?.values.count, 4);
  assert.equal(s["http_req_duration{stage:2x}"]?.values.count, 3);
  assert.equal(s["http_req_duration{stage:2x}"]?.values.min, 20);
  assert.equal(s["http_req_duration{stage:2x,status:503}"]?.values.count, 2);
  assert.equal(s["http_req_duration{stage:2x,status:503}"]?.values.avg, 60);
  assert.deepEqual(s.http_req_failed?.values, { rate: 0.5, passes: 2, fails: 2 });
  assert.deepEqual(s.http_reqs?.values, { count: 4, rate: 4 });
});

test("per-second series bucket samples by the second they arrive in, with empty seconds filled", () => {
  const clock = new ManualClock();
  const reg = new MetricRegistry(clock);
  reg.setOrigin(clock.monotonicMs());
  const v = reg.view();
  const hits = v.counter("hits");
  const lat = v.trend("lat", true);
  const ok = v.rate("ok");
  const g = v.gauge("level");
  hits.add(2);
  lat.add(5);
  lat.add(15);
  ok.add(true);
  g.add(7);
  clock.advance(999);
  hits.add();
  clock.advance(1); // t = 1000 → second 1
  hits.add(5);
  ok.add(false);
  clock.advance(2000); // t = 3000 → second 3, second 2 empty
  lat.add(100);
  g.add(3);
  assert.equal(reg.closeSeconds(), 3);
  const second1 = reg.second(1);
  assert.deepEqual(second1.hits, { count: 5 });
  assert.deepEqual(second1.ok, { count: 1, rate: 0 });
  const seconds = reg.closeAll(clock.monotonicMs() + 1);
  assert.equal(seconds, 4);
  const s = reg.series();
  assert.deepEqual(s.hits?.count, [3, 5, 0, 0]);
  assert.deepEqual(s.ok?.rate, [1, 0, null, null]);
  assert.deepEqual(s.level?.value, [7, null, null, 3]);
  assert.deepEqual(s.lat?.count, [2, 0, 0, 1]);
  assert.deepEqual(s.lat?.max, [15, null, null, 100]);
  assert.ok(Math.abs((s.lat?.p50?.[0] ?? 0) - 5) < 0.01);
  assert.equal(s.lat?.p99?.[3], 100);
});

test("a metric name reused with another type, an invalid name, and a non-finite value are clear errors", () => {
  const reg = new MetricRegistry(new ManualClock());
  reg.view().counter("x").add(1);
  assert.throws(() => reg.view().trend("x"), /metric "x" is a counter; it cannot also be used as a trend/);
  assert.throws(() => reg.view().counter("9lives"), /metric name "9lives" is invalid/);
  assert.throws(() => reg.view().trend("t").add(Number.NaN), /not a finite number/);
  assert.throws(() => reg.view().gauge("g").add(), /add\(\) needs a value/);
});

test("trend percentiles come from the HDR histogram within 0.1 % and stay within the exact min and max", () => {
  const h = new TrendHistogram();
  for (let i = 1; i <= 10_000; i++) h.record(i / 10); // 0.1 … 1000 ms
  assert.equal(h.count, 10_000);
  assert.equal(h.min, 0.1);
  assert.equal(h.max, 1000);
  for (const p of [50, 90, 95, 99]) {
    const exact = p * 10;
    assert.ok(Math.abs(h.percentile(p) - exact) / exact < 0.002, `p(${p}) = ${h.percentile(p)}`);
  }
  assert.equal(h.percentile(100), 1000);
  assert.equal(new TrendHistogram().percentile(95), 0);
});

test("trends hold negative values (e.g. evicted before the timeout) with percentiles across zero", () => {
  const h = new TrendHistogram();
  for (let v = -50; v <= 49; v++) h.record(v); // 100 values, median ≈ 0
  assert.equal(h.min, -50);
  assert.equal(h.max, 49);
  assert.ok(Math.abs(h.percentile(10) - -41) <= 1, `p10 ${h.percentile(10)}`);
  assert.ok(Math.abs(h.percentile(50) - -1) <= 1, `p50 ${h.percentile(50)}`);
  assert.ok(Math.abs(h.percentile(90) - 39) <= 1, `p90 ${h.percentile(90)}`);
  assert.equal(h.avg, -0.5);
});

test("recordHttp follows k6's default expected statuses and lets the caller override", () => {
  const reg = new MetricRegistry(new ManualClock());
  reg.trackSubMetric(parseMetricSelector("http_reqs{expected_response:false}"));
  reg.trackSubMetric(parseMetricSelector("http_reqs{code:Throttling}"));
  const v = reg.view();
  recordHttp(v, { status: 204, durationMs: 1 });
  recordHttp(v, { status: 399, durationMs: 1 });
  recordHttp(v, { status: 503, durationMs: 1, tags: { code: "Throttling" } });
  recordHttp(v, { status: 0, durationMs: 1 });
  recordHttp(v, { status: 429, durationMs: 1, failed: false });
  const s = reg.summarize(1000);
  assert.equal(s["http_reqs{expected_response:false}"]?.values.count, 2);
  assert.equal(s["http_reqs{code:Throttling}"]?.values.count, 1);
  assert.equal(s.http_req_failed?.values.rate, 0.4);
});
