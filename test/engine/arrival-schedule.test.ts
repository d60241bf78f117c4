import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { type PlannedStart, planConstantArrivals, planRampingArrivals } from "../../src/engine/arrival-schedule.ts";

const offsets = (it: Iterable<PlannedStart>): number[] => [...it].map((s) => s.offsetMs);

test("constant-arrival-rate: 10/s for 1 s starts at 0, 100, …, 900 ms (the start at 1 s is outside)", () => {
  const got = offsets(planConstantArrivals(10, 1000, 1000));
  assert.deepEqual(
    got.map((x) => Math.round(x * 1e6) / 1e6),
    [0, 100, 200, 300, 400, 500, 600, 700, 800, 900],
  );
});

test("constant-arrival-rate honours timeUnit: 30 per minute for 10 s is one start every 2 s", () => {
  assert.deepEqual(offsets(planConstantArrivals(30, 60_000, 10_000)), [0, 2000, 4000, 6000, 8000]);
});

test("constant-arrival-rate with rate 0 plans nothing", () => {
  assert.equal([...planConstantArrivals(0, 1000, 5000)].length, 0);
});

test("ramping 0→10/s over 10 s: start k happens when the area under the rate reaches k", () => {
  const starts = [...planRampingArrivals(0, [{ targetPerMs: 10 / 1000, durationMs: 10_000 }])];
  assert.equal(starts.length, 50); // area = ½ · 10 s · 10/s
  // rate(t) = t/1000 per s (t in s) → area(t) = t²/2 → t_k = √(2k) s
  for (const s of starts) assert.ok(Math.abs(s.offsetMs - Math.sqrt(2 * (s.iteration + 1)) * 1000) < 1e-6);
  assert.ok(Math.abs((starts.at(-1)?.offsetMs ?? 0) - 10_000) < 1e-6);
});

test("ramping with a flat stage spaces starts evenly, one interval after the stage start, and tags the stage", () => {
  const starts = [
    ...planRampingArrivals(10 / 1000, [
      { targetPerMs: 10 / 1000, durationMs: 1000 },
      { targetPerMs: 20 / 1000, durationMs: 1000 },
    ]),
  ];
  // stage 0: 10 starts at 100..1000 ms; stage 1: area 15 → 15 more
  assert.equal(starts.length, 25);
  assert.deepEqual(
    starts.slice(0, 10).map((s) => Math.round(s.offsetMs)),
    [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000],
  );
  assert.ok(starts.slice(0, 10).every((s) => s.stageIndex === 0));
  assert.ok(starts.slice(10).every((s) => s.stageIndex === 1));
  assert.deepEqual(
    starts.map((s) => s.iteration),
    starts.map((_, i) => i),
  );
});

test("ramping down to 0 plans the area of the ramp and nothing in a 0→0 stage", () => {
  const starts = [
    ...planRampingArrivals(100 / 1000, [
      { targetPerMs: 0, durationMs: 2000 },
      { targetPerMs: 0, durationMs: 5000 },
    ]),
  ];
  assert.equal(starts.length, 100);
  assert.ok(starts.every((s) => s.offsetMs <= 2000 && s.stageIndex === 0));
});

test("property: constant schedules give floor(rate×duration) ± 1 starts, non-decreasing, inside the duration", () => {
  fc.assert(
    fc.property(
      fc.double({ min: 0.1, max: 3000, noNaN: true }),
      fc.integer({ min: 0, max: 20_000 }),
      (ratePerS, durationMs) => {
        const got = offsets(planConstantArrivals(ratePerS, 1000, durationMs));
        const expected = Math.floor((ratePerS * durationMs) / 1000);
        assert.ok(Math.abs(got.length - expected) <= 1, `${got.length} vs ${expected}`);
        for (let i = 1; i < got.length; i++) assert.ok((got[i] as number) >= (got[i - 1] as number));
        assert.ok(got.every((x) => x >= 0 && x < durationMs));
      },
    ),
    { numRuns: 200 },
  );
});

test("property: ramping schedules give floor(area) ± 1 starts, non-decreasing, inside the stages", () => {
  const stage = fc.record({
    target: fc.double({ min: 0, max: 500, noNaN: true }),
    durationMs: fc.integer({ min: 0, max: 5000 }),
  });
  fc.assert(
    fc.property(
      fc.double({ min: 0, max: 500, noNaN: true }),
      fc.array(stage, { minLength: 1, maxLength: 5 }),
      (start, stages) => {
        const ramp = stages.map((s) => ({ targetPerMs: s.target / 1000, durationMs: s.durationMs }));
        let from = start / 1000;
        let area = 0;
        for (const s of ramp) {
          area += (s.durationMs * (from + s.targetPerMs)) / 2;
          from = s.targetPerMs;
        }
        const total = ramp.reduce((n, s) => n + s.durationMs, 0);
        const got = offsets(planRampingArrivals(start / 1000, ramp));
        assert.ok(Math.abs(got.length - Math.floor(area)) <= 1, `${got.length} vs ${area}`);
        for (let i = 1; i < got.length; i++) assert.ok((got[i] as number) >= (got[i - 1] as number) - 1e-9);
        assert.ok(got.every((x) => x >= 0 && x <= total + 1e-6));
      },
    ),
    { numRuns: 200 },
  );
});
