// The k6 runner's per-second columns (src/load-runner/per-second-series.ts) are the built-in engine's: the same
// samples give the same series as the engine's MetricRegistry, and the order they arrive in does not matter
// within the window k6's output flushes can reorder.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { ManualClock } from "../../src/core/clock.ts";
import { MetricRegistry } from "../../src/engine/metric-registry.ts";
import { OPEN_SECONDS, PerSecondSeries } from "../../src/load-runner/per-second-series.ts";

const EPOCH = Date.UTC(2026, 5, 1, 12, 0, 0, 250);
const KINDS = { lat: "trend", hits: "counter" } as const;

interface Sample {
  atMs: number;
  metric: "lat" | "hits";
  value: number;
}

const sampleArb = (spanMs: number) =>
  fc.record({
    atMs: fc.integer({ min: 0, max: spanMs }),
    metric: fc.constantFrom<"lat" | "hits">("lat", "hits"),
    value: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.double({ min: 0.001, max: 5000, noNaN: true })),
  });

/** What the engine records for the samples (in time order), with its origin at 0. */
function engineSeries(samples: readonly Sample[]) {
  const clock = new ManualClock(EPOCH, 0);
  const reg = new MetricRegistry(clock);
  reg.setOrigin(0);
  const view = reg.view();
  view.trend("lat", true);
  view.counter("hits");
  let now = 0;
  for (const s of [...samples].sort((a, b) => a.atMs - b.atMs)) {
    clock.advance(s.atMs - now);
    now = s.atMs;
    if (s.metric === "lat") view.trend("lat", true).add(s.value);
    else view.counter("hits").add(s.value);
  }
  const last = Math.max(...samples.map((s) => s.atMs));
  reg.closeAll(last + 1);
  return reg.series();
}

function streamSeries(samples: readonly Sample[]) {
  const series = new PerSecondSeries(KINDS);
  series.start(EPOCH);
  for (const s of samples) series.add(s.metric, EPOCH + s.atMs, s.value);
  return series;
}

test("the same samples give the engine's per-second columns: counts, sums, p50/p95/p99 and max", () => {
  fc.assert(
    fc.property(fc.array(sampleArb(12_000), { minLength: 1, maxLength: 300 }), (samples) => {
      const sorted = [...samples].sort((a, b) => a.atMs - b.atMs);
      const got = streamSeries(sorted).finish();
      const want = engineSeries(samples);
      assert.equal(got.seconds, Math.floor((sorted.at(-1)?.atMs ?? 0) / 1000) + 1);
      assert.deepEqual(got.metrics.hits?.count, want.hits?.count);
      const { type: _t, rate: _r, value: _v, ...wantLat } = want.lat ?? { type: "trend", count: [] };
      assert.deepEqual({ ...got.metrics.lat, type: undefined }, { ...wantLat, type: undefined });
    }),
    { numRuns: 150 },
  );
});

test("arrival order does not matter within the open window; later stragglers count but are not charted", () => {
  fc.assert(
    fc.property(
      // Whole values: a sum of fractions depends on the order it is added in (by the last bit), which k6's
      // counters (whole requests) never meet.
      fc.array(
        fc.record({
          atMs: fc.integer({ min: 0, max: OPEN_SECONDS * 1000 - 1 }),
          metric: fc.constantFrom<"lat" | "hits">("lat", "hits"),
          value: fc.integer({ min: 0, max: 5000 }),
        }),
        { minLength: 1, maxLength: 200 },
      ),
      fc.integer(),
      (samples, seed) => {
        const shuffled = [...samples].sort((a, b) => ((a.atMs * 7919 + seed) % 97) - ((b.atMs * 7919 + seed) % 97));
        const inOrder = streamSeries([...samples].sort((a, b) => a.atMs - b.atMs));
        const mixed = streamSeries(shuffled);
        assert.deepEqual(mixed.finish(), inOrder.finish());
        assert.equal(mixed.lateSamples, 0);
      },
    ),
  );
  // A trend sample more than OPEN_SECONDS behind the newest one: counted in its second, not in its percentiles.
  const s = new PerSecondSeries(KINDS);
  s.add("lat", EPOCH, 10);
  s.add("lat", EPOCH + (OPEN_SECONDS + 2) * 1000, 20);
  s.add("lat", EPOCH + 500, 9999);
  const out = s.finish();
  assert.equal(s.lateSamples, 1);
  assert.equal(out.metrics.lat?.count[0], 2);
  assert.equal(out.metrics.lat?.max?.[0], 10);
  assert.equal(out.metrics.lat?.p99?.[1], null, "an empty second has no percentiles");
});

test("samples before the origin fall in second 0; gauges and rates are refused by name", () => {
  const s = new PerSecondSeries(KINDS);
  s.start(EPOCH);
  s.add("hits", EPOCH - 300, 2);
  s.add("hits", EPOCH + 1500, 1);
  s.add("other", EPOCH + 1600, 1);
  s.add("hits", Number.NaN, 1);
  const out = s.finish();
  assert.deepEqual(out.metrics.hits?.count, [2, 1]);
  assert.equal(out.metrics.other, undefined);
  assert.deepEqual(new PerSecondSeries(KINDS).finish(), {
    intervalMs: 1000,
    seconds: 0,
    metrics: {
      hits: { type: "counter", count: [] },
      lat: { type: "trend", count: [], p50: [], p95: [], p99: [], max: [] },
    },
  });
  assert.throws(() => new PerSecondSeries({ vus: "gauge" }), /metric vus is a gauge; only counters and trends/);
});
