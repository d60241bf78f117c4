// Both engines space an arrival-rate scenario's intended starts timeUnit ÷ rate apart (load/scenarios/arrival-spacing.ts),
// for every timeUnit k6 accepts: the k6 script's own reading took "1m" for 1 s.
import assert from "node:assert/strict";
import { test } from "node:test";
import { arrivalSpacingMs } from "../../load/scenarios/arrival-spacing.ts";
import { planRateLimit, rateLimitScenarios, resolveRateLimitOptions } from "../../load/scenarios/rate-limit.ts";

test("spacing is timeUnit ÷ rate in any k6 unit; other executors have none", () => {
  const rate = (r: number, timeUnit?: string) => ({
    executor: "constant-arrival-rate",
    rate: r,
    ...(timeUnit === undefined ? {} : { timeUnit }),
  });
  assert.equal(arrivalSpacingMs(rate(3, "1m")), 20_000);
  assert.equal(arrivalSpacingMs(rate(4, "1m30s")), 22_500);
  assert.equal(arrivalSpacingMs(rate(5, "500ms")), 100);
  assert.equal(arrivalSpacingMs(rate(50)), 20, "k6's default timeUnit is 1s");
  assert.equal(arrivalSpacingMs({ executor: "per-vu-iterations", vus: 1, iterations: 3 }), undefined);
  assert.throws(() => arrivalSpacingMs(rate(1, "1 minute")), /timeUnit: "1 minute" is not a duration/);
});

test("the rate-limit plan's steps are spaced at the rate they offer (the 1× stage's rate is per 100 s)", () => {
  const steps = planRateLimit(resolveRateLimitOptions({ limit: 50, windowMs: 1000 }));
  const scenarios = rateLimitScenarios(steps);
  for (const step of steps) {
    const spacing = arrivalSpacingMs(scenarios[step.scenario] as Parameters<typeof arrivalSpacingMs>[0]);
    assert.ok(Math.abs((spacing ?? 0) - 1000 / step.rateRps) < 0.01, `${step.stage}: ${spacing} ms`);
  }
});
