import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { ManualClock } from "../../../src/core/clock.ts";
import { EventLog, type ThrottledEvent } from "../../../src/mock/domain/event-log.ts";
import { RateLimiter, TOLERANCE_MS } from "../../../src/mock/domain/rate-limiter.ts";

/** Drives a limiter over absolute offsets (ms from the start) and returns the admitted offsets. */
function run(limiter: RateLimiter, clock: ManualClock, offsets: readonly number[], key = "acct"): number[] {
  const start = clock.monotonicMs();
  const admitted: number[] = [];
  for (const offset of offsets) {
    clock.advance(Math.max(0, start + offset - clock.monotonicMs()));
    if (limiter.tryAdmit(key).admitted) admitted.push(offset);
  }
  return admitted;
}

test("property: whatever the arrival times, no 1000 ms window holds more than `limit` admits", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 60 }),
      fc.array(fc.double({ min: 0, max: 5000, noNaN: true }), { maxLength: 400 }),
      (limit, times) => {
        const clock = new ManualClock();
        const limiter = new RateLimiter({ clock, limit, operation: "Op" });
        const admitted = run(
          limiter,
          clock,
          [...times].sort((a, b) => a - b),
        );
        // The (i + limit)-th admit is at least a window after the i-th: so [t, t + 1000) holds ≤ limit.
        for (let i = 0; i + limit < admitted.length; i++) {
          const a = admitted[i] ?? 0;
          const b = admitted[i + limit] ?? 0;
          assert.ok(b - a >= 1000 - 2 * TOLERANCE_MS, `admits ${i} and ${i + limit} only ${b - a} ms apart`);
        }
      },
    ),
    { numRuns: 300 },
  );
});

test("property: an evenly spaced rate at or below the limit is never refused", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 100 }), fc.double({ min: 0.05, max: 1, noNaN: true }), (limit, fraction) => {
      const rate = Math.max(limit * fraction, 0.5);
      const clock = new ManualClock();
      const limiter = new RateLimiter({ clock, limit, operation: "Op" });
      const offsets = Array.from({ length: Math.min(300, Math.ceil(rate * 4)) }, (_, i) => (i * 1000) / rate);
      assert.equal(run(limiter, clock, offsets).length, offsets.length);
    }),
    { numRuns: 200 },
  );
});

test("100 req/s offered for 5 s against a limit of 50 → exactly 50 admitted in every second", () => {
  const clock = new ManualClock();
  const log = new EventLog(1000);
  const limiter = new RateLimiter({ clock, limit: 50, operation: "ListEventSubEvent", events: log });
  const offsets = Array.from({ length: 500 }, (_, i) => i * 10); // open model: intended send times
  const admitted = run(limiter, clock, offsets);
  const perSecond = [0, 0, 0, 0, 0];
  for (const t of admitted) perSecond[Math.floor(t / 1000)] = (perSecond[Math.floor(t / 1000)] ?? 0) + 1;
  assert.deepEqual(perSecond, [50, 50, 50, 50, 50]);
  const throttled = log.since(0).events as ThrottledEvent[];
  assert.equal(throttled.length, 250);
  assert.deepEqual(
    {
      kind: throttled[0]?.kind,
      key: throttled[0]?.key,
      operation: throttled[0]?.operation,
      limit: throttled[0]?.limit,
    },
    { kind: "throttled", key: "acct", operation: "ListEventSubEvent", limit: 50 },
  );
  // The first refusal is at 500 ms; the oldest admit (0 ms) leaves the window at 1000 ms.
  assert.equal(throttled[0]?.retryAfterMs, 500);
});

test("45 req/s against a limit of 50: nothing is throttled", () => {
  const clock = new ManualClock();
  const limiter = new RateLimiter({ clock, limit: 50, operation: "Op" });
  const offsets = Array.from({ length: 45 * 5 }, (_, i) => (i * 1000) / 45);
  assert.equal(run(limiter, clock, offsets).length, offsets.length);
});

test("a full burst of `limit` is admitted at once, then nothing until the window slides; keys are independent", () => {
  const clock = new ManualClock();
  const limiter = new RateLimiter({ clock, limit: 3, operation: "Op" });
  assert.deepEqual(
    [1, 2, 3, 4].map(() => limiter.tryAdmit("a").admitted),
    [true, true, true, false],
  );
  assert.equal(limiter.tryAdmit("b").admitted, true);
  clock.advance(999);
  assert.deepEqual(limiter.tryAdmit("a"), { admitted: false, retryAfterMs: 1 });
  clock.advance(1);
  assert.deepEqual(limiter.tryAdmit("a"), { admitted: true });
});

test("setLimit (the qps-limit fault) takes effect at once, keeping the newest admits", () => {
  const clock = new ManualClock();
  const limiter = new RateLimiter({ clock, limit: 5, operation: "Op" });
  for (let i = 0; i < 4; i++) {
    assert.equal(limiter.tryAdmit("a").admitted, true);
    clock.advance(100);
  }
  limiter.setLimit(2); // admits at 0, 100, 200, 300; now 400: the newest two (200, 300) are kept
  assert.equal(limiter.limit, 2);
  assert.deepEqual(limiter.tryAdmit("a"), { admitted: false, retryAfterMs: 800 });
  clock.advance(800);
  assert.equal(limiter.tryAdmit("a").admitted, true);
  assert.equal(limiter.tryAdmit("a").admitted, false);
  limiter.setLimit(10);
  assert.equal(limiter.tryAdmit("a").admitted, true);
  assert.throws(() => limiter.setLimit(0), /integer ≥ 1/);
  assert.throws(() => new RateLimiter({ clock, limit: 2.5, operation: "Op" }), /integer ≥ 1/);
});
