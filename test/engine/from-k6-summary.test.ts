import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { fromK6Summary } from "../../src/engine/from-k6-summary.ts";
import { recordHttp } from "../../src/engine/record-http.ts";
import { runLoad } from "../../src/engine/run-load.ts";
import { VirtualScheduler } from "../../src/engine/virtual-scheduler.ts";

const fixture: unknown = JSON.parse(
  readFileSync(new URL("./fixtures/k6-summary-rate-limit.json", import.meta.url), "utf8"),
);

test("a k6 legacy summary becomes an EngineResult with metrics, sub-metrics and thresholds", () => {
  const r = fromK6Summary(fixture, { startedAt: "2026-03-01T10:00:00.000Z" });
  assert.equal(r.schemaVersion, 1);
  assert.equal(r.engine, "k6");
  assert.equal(r.startedAt, "2026-03-01T10:00:00.000Z");
  assert.equal(r.durationMs, 60021.418);
  assert.equal(r.aborted, false);
  assert.deepEqual(r.metrics.http_reqs, {
    type: "counter",
    contains: "default",
    values: { count: 2985, rate: 49.73224 },
  });
  assert.equal(r.metrics["http_req_duration{stage:2x}"]?.values["p(95)"], 61.9);
  assert.equal(r.metrics.data_received?.contains, "data");
  // observed values are read back from the exported statistics; p(99.9) was not exported
  assert.deepEqual(r.metrics.http_req_duration?.thresholds, {
    "p(95)<200": { ok: true, observed: 48.27 },
    "p(99.9)<300": { ok: false, observed: null },
  });
  assert.deepEqual(r.metrics.dropped_iterations?.thresholds, { "count==0": { ok: false, observed: 15 } });
  assert.equal(r.thresholds.ok, false);
  assert.deepEqual(
    r.thresholds.results.filter((t) => !t.ok).map((t) => `${t.metric} ${t.expression}`),
    ["dropped_iterations count==0", "http_req_duration p(99.9)<300"],
  );
  assert.equal(r.thresholds.results.length, 6);
  assert.deepEqual(r.series, { intervalMs: 1000, seconds: 0, metrics: {} });
});

test("the node engine's metrics are a superset of the k6 shape: the same converter reads them back", async () => {
  const node = await runLoad({
    scheduler: new VirtualScheduler(),
    thresholds: { "http_req_duration{stage:2x}": ["p(95)<100"], http_req_failed: ["rate<0.5"] },
    scenarios: {
      s: {
        executor: "constant-arrival-rate",
        rate: 20,
        duration: "1s",
        preAllocatedVUs: 2,
        exec: async (ctx) => {
          await ctx.sleep(5);
          recordHttp(ctx.metrics, { status: 200, durationMs: ctx.sinceIntendedStartMs(), tags: { stage: "2x" } });
        },
      },
    },
  });
  const back = fromK6Summary({ metrics: node.metrics, state: { testRunDurationMs: node.durationMs } });
  assert.deepEqual(back.metrics, node.metrics);
  assert.deepEqual(
    back.thresholds.results.map((t) => [t.metric, t.expression, t.ok, t.observed]),
    node.thresholds.results.map((t) => [t.metric, t.expression, t.ok, t.observed]),
  );
});

test("malformed summaries are rejected with a message naming what is missing", () => {
  assert.throws(() => fromK6Summary(null), /expected the object handleSummary\(data\) receives/);
  assert.throws(() => fromK6Summary({ metrics: { x: { type: "histogram", values: {} } } }), /metric "x" needs a type/);
  assert.throws(
    () => fromK6Summary({ metrics: { x: { type: "rate", values: {}, thresholds: { "rate<1": { ok: "yes" } } } } }),
    /threshold "rate<1" on metric "x" needs a boolean "ok"/,
  );
  assert.equal(fromK6Summary({ metrics: {} }, { aborted: true }).abortReason, "signal");
});
