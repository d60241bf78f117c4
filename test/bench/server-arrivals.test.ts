import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { quantile, scheduleDeviations } from "../../bench/server-arrivals.ts";

test("property: arrivals on a schedule plus lateness give back that lateness, whatever the network delay", () => {
  fc.assert(
    fc.property(
      fc.constantFrom(50, 500, 2000),
      fc.double({ min: 0, max: 1e6, noNaN: true }),
      // Lateness below one period keeps the arrival order; one request is on time (the least late).
      fc.array(fc.double({ min: 0, max: 0.9, noNaN: true }), { minLength: 1, maxLength: 200 }),
      (rate, delayMs, fractions) => {
        const period = 1000 / rate;
        const lateness = fractions.map((f) => f * period);
        lateness[0] = 0;
        const arrivals = lateness.map((late, i) => delayMs + i * period + late);
        const got = scheduleDeviations([...arrivals].reverse(), rate);
        for (const [i, late] of lateness.entries()) assert.ok(Math.abs((got[i] ?? Number.NaN) - late) < 1e-6);
      },
    ),
  );
});

test("a stalled sender shows as lateness of every request it held back", () => {
  // 10/s: requests 3–5 all left together at 520 ms instead of 300, 400, 500.
  const arrivals = [0, 100, 200, 520, 520.1, 520.2, 600];
  const late = scheduleDeviations(arrivals, 10).map((x) => Math.round(x));
  assert.deepEqual(late, [0, 0, 0, 220, 120, 20, 0]);
  assert.equal(quantile(late, 1), 220);
  assert.equal(quantile(late, 0.5), 0);
  assert.ok(Number.isNaN(quantile([], 0.99)));
});
