import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import {
  admittedBounds,
  capRealOverload,
  guardRealOverload,
  offersOverload,
  planRateLimit,
  rateLimitScenarios,
  rateLimitThresholds,
  readDocumentedLimit,
  resolveRateLimitOptions,
} from "../../load/scenarios/rate-limit.ts";
import { analyzeRateLimit, slidingWindowFindings } from "../../load/scenarios/rate-limit-report.ts";
import { loadSpecs } from "../../src/openapi/load-specs.ts";

const doc: unknown = JSON.parse(readFileSync("specs/live.openapi.json", "utf8"));
const fromSpec = readDocumentedLimit(doc, "ListEventSubEvent");

test("the limit comes from the spec's x-qps-limit and its window, the values CompiledOperation carries", () => {
  const compiled = loadSpecs().spec("live").operations.get("ListEventSubEvent");
  assert.deepEqual(fromSpec, { limit: compiled?.qpsLimit, windowMs: compiled?.qpsLimitWindowMs });
  assert.equal(fromSpec.windowMs, 1000);
  assert.throws(() => readDocumentedLimit(doc, "NoSuchOperation"), /not in the spec/);
});

test("the default plan: 0.5×–4× stages, recovery, knee staircase, back to back, under 45 s", () => {
  const o = resolveRateLimitOptions(fromSpec);
  const steps = planRateLimit(o);
  const L = o.limit;
  assert.deepEqual(
    steps.filter((s) => s.kind === "stage").map((s) => s.stage),
    ["0.5x", "1x", "1.2x", "2x", "4x"],
  );
  // the 1× stage offers L per (1 s + jitter budget); the others exactly m × L
  assert.equal(steps[1]?.rateRps, (L * 1000) / 1050);
  assert.equal(steps[3]?.rateRps, 2 * L);
  steps.forEach((s, i) => {
    if (i > 0) assert.equal(s.startMs, (steps[i - 1]?.startMs ?? 0) + (steps[i - 1]?.durationMs ?? 0));
    assert.match(s.scenario, /^[A-Za-z0-9_-]+$/);
  });
  const knee = steps.filter((s) => s.kind === "knee");
  assert.equal(knee.length, 12);
  assert.equal(knee[0]?.rateRps, 0.5 * L);
  assert.equal(knee.at(-1)?.rateRps, 2 * L);
  const end = (steps.at(-1)?.startMs ?? 0) + (steps.at(-1)?.durationMs ?? 0);
  assert.ok(end <= 45_000, `plan lasts ${end} ms`);
});

test("thresholds: nothing throttled at ≤ 1×, admitted ±5 % of the limit above, zero dropped", () => {
  const o = resolveRateLimitOptions(fromSpec);
  const steps = planRateLimit(o);
  const t = rateLimitThresholds(o, steps);
  assert.deepEqual(t["throttled_requests{stage:1x}"], ["count==0"]);
  const b = admittedBounds(o, steps[3] as (typeof steps)[number]);
  assert.deepEqual(t["admitted_requests{stage:2x,measured:yes}"], [`count>=${b.min}`, `count<=${b.max}`]);
  assert.deepEqual([b.min, b.max], [Math.floor(o.limit * 0.95 * 3), Math.ceil(o.limit * 1.05 * 3)]);
  // The same in numbers, not the formula again: 50/s over the 2× stage's 3 measured seconds, ±5 %.
  assert.deepEqual([o.limit, b.min, b.max], [50, 142, 158]);
  assert.deepEqual(t.dropped_iterations, ["count==0"]);
  const sc = rateLimitScenarios(steps);
  assert.equal(sc.stage_1x?.timeUnit, "100s"); // fractional rate expressed per 100 s for k6's integer rate
  assert.ok((sc.stage_4x?.preAllocatedVUs ?? 0) >= 4 * o.limit * 0.2);
});

test("bad options are refused naming the option", () => {
  assert.throws(() => resolveRateLimitOptions(fromSpec, { stageMs: 10 }), /option stageMs/);
  assert.throws(() => resolveRateLimitOptions(fromSpec, { multipliers: [] }), /option multipliers/);
  assert.throws(() => resolveRateLimitOptions(fromSpec, { settleMs: 5000 }), /option settleMs/);
});

test("real-account guard (both engines): the knee search counts as overload, and steps above 1× stay ≤ 3 s", () => {
  assert.equal(offersOverload(resolveRateLimitOptions(fromSpec)), true);
  // Only sub-limit stages but the default knee search still climbs to 2×: that is overload too.
  assert.equal(offersOverload(resolveRateLimitOptions(fromSpec, { multipliers: [0.5, 1] })), true);
  assert.equal(offersOverload(resolveRateLimitOptions(fromSpec, { multipliers: [0.5, 1], kneeSteps: 0 })), false);
  // A longer cap asked for is cut to 3 s; a shorter one stays; steps at or below 1× are never cut.
  const capped = capRealOverload(resolveRateLimitOptions(fromSpec, { overloadCapMs: 60_000, kneeSteps: 0 }));
  assert.equal(capped.overloadCapMs, 3000);
  assert.equal(capRealOverload({ ...capped, overloadCapMs: 1000 }).overloadCapMs, 1000);
  // The guard itself: refused naming the engine's own switches unless accepted; accepted means capped.
  const remedy = { accept: "--yes-overload", limit: "--smaller-plan", writes: "--yes-writes" };
  assert.throws(
    () => guardRealOverload(resolveRateLimitOptions(fromSpec), false, remedy),
    (e: unknown) =>
      e instanceof RangeError &&
      /up to 4× the documented 50\/s .*pass --yes-overload to accept .*capped at 3 s each.*limit it with --smaller-plan/.test(
        e.message,
      ),
  );
  assert.equal(guardRealOverload(resolveRateLimitOptions(fromSpec), true, remedy).overloadCapMs, 3000);
  const underLimit = resolveRateLimitOptions(fromSpec, { multipliers: [0.5, 1], kneeSteps: 0 });
  assert.equal(guardRealOverload(underLimit, false, remedy).multipliers.length, 2);
  const steps = planRateLimit(capped);
  assert.deepEqual(
    steps.filter((s) => s.kind === "stage").map((s) => [s.stage, s.durationMs]),
    [
      ["0.5x", 4000],
      ["1x", 4000],
      ["1.2x", 3000],
      ["2x", 3000],
      ["4x", 3000],
    ],
  );
});

test("recovery is read from the throttled-at trend also when a k6 summary left out its count", () => {
  const o = resolveRateLimitOptions(fromSpec, { multipliers: [2], kneeSteps: 0, recoveryMs: 1000 });
  const steps = planRateLimit(o);
  const trend = (values: Record<string, number>) => ({ "recovery_throttled_at_ms{throttled:yes}": { values } });
  const withCount = analyzeRateLimit(o, steps, trend({ count: 3, max: 1500, avg: 700 }));
  const withoutCount = analyzeRateLimit(o, steps, trend({ max: 1500, avg: 700, "p(95)": 1500 }));
  const none = analyzeRateLimit(o, steps, trend({ max: 0, avg: 0 }));
  assert.equal(withoutCount.recoveryMs, withCount.recoveryMs);
  assert.ok((withCount.recoveryMs ?? 0) > 1500, String(withCount.recoveryMs));
  assert.match(withoutCount.findings.join("\n"), /recovery: after the overload, full admission/);
  assert.equal(none.recoveryMs, 0);
});

test("a per-minute limit: 0.5× and 2× for one whole window each, a quarter window of recovery, under 3 minutes", () => {
  const perMinute = { limit: 10_000, windowMs: 60_000 };
  const o = resolveRateLimitOptions(perMinute);
  const steps = planRateLimit(o);
  assert.deepEqual(
    steps.map((s) => [s.stage, s.durationMs, s.settleMs, Math.round(s.rateRps * 100) / 100]),
    [
      ["0.5x", 60_000, 0, 83.33],
      ["2x", 60_000, 0, 333.33],
      ["recovery", 15_000, 0, 83.33],
    ],
  );
  const end = (steps.at(-1)?.startMs ?? 0) + (steps.at(-1)?.durationMs ?? 0);
  assert.ok(end < 180_000, `plan lasts ${end} ms`);
  // Admitted within ±5 % of the limit per window; recovery within one window.
  const t = rateLimitThresholds(o, steps);
  assert.deepEqual(t["admitted_requests{stage:2x,measured:yes}"], ["count>=9500", "count<=10500"]);
  assert.deepEqual(t["throttled_requests{stage:0.5x}"], ["count==0"]);
  assert.deepEqual(t["recovery_throttled_at_ms{throttled:yes}"], ["max<=60000"]);
  // Shortened: one overloaded minute, no sub-limit stage.
  assert.equal(planRateLimit(resolveRateLimitOptions(perMinute, { multipliers: [2], recoveryMs: 5000 })).length, 2);
  // A real account's overload is capped at one window (3 s of a minute could not show a per-minute limit).
  assert.equal(capRealOverload(o).overloadCapMs, 60_000);
  // Part of a window cannot show a per-minute limit (it may be admitted in one burst).
  assert.throws(() => resolveRateLimitOptions(perMinute, { stageMs: 30_000 }), /option stageMs: 30000 .*whole windows/);
});

test("a per-minute run is judged per minute, and on every 60 s of its per-second admitted series", () => {
  const o = resolveRateLimitOptions({ limit: 10_000, windowMs: 60_000 }, { multipliers: [2], kneeSteps: 0 });
  const steps = planRateLimit(o);
  const metrics = {
    "admitted_requests{stage:2x,measured:yes}": { values: { count: 6000 } },
    "sent_requests{stage:2x}": { values: { count: 20_000 } },
  };
  assert.match(
    analyzeRateLimit(o, steps, metrics).findings.join("\n"),
    /2x: admitted 6000\/min, documented 10000\/min \(allowed 9500\.0–10500\.0\/min at 20000\/min offered\)/,
  );
  // A stage nothing was sent in (a run stopped before it) is not reported as a target admitting nothing.
  const unreached = analyzeRateLimit(o, steps, {}).findings.join("\n");
  assert.match(unreached, /2x: not measured: no request was sent in this stage/);
  assert.doesNotMatch(unreached, /admitted 0/);
  // 60 s of 170/s = 10 200 (within 5 %); a burst of 800 more in one second is not.
  const steady = Array.from({ length: 90 }, () => 170);
  assert.deepEqual(slidingWindowFindings(o, steady), []);
  const burst = [...steady];
  burst[70] = 970;
  assert.deepEqual(slidingWindowFindings(o, burst), [
    "admitted 11000 in the 60 s from second 11 of the run, documented 10000/min",
  ]);
  // A per-second limit is judged by its stages only.
  assert.deepEqual(slidingWindowFindings(resolveRateLimitOptions(fromSpec), [999]), []);
});
