import assert from "node:assert/strict";
import { test } from "node:test";
import { formatThresholdLine } from "../../load/scenarios/threshold-line.ts";

test("a threshold line marks pass/fail, names metric and expression, and rounds what was observed", () => {
  assert.equal(
    formatThresholdLine({ ok: true, metric: "eviction_latency_ms", expression: "min>=2000", observed: 2003.456 }),
    "  ✓ eviction_latency_ms min>=2000 (observed 2003.46)",
  );
  assert.equal(
    formatThresholdLine({ ok: false, metric: "admitted_requests{stage:2x}", expression: "count<=158", observed: 180 }),
    "  ✗ admitted_requests{stage:2x} count<=158 (observed 180)",
  );
  // Nothing to compare (no samples): no "observed" part at all.
  assert.equal(
    formatThresholdLine({ ok: false, metric: "double_ownership", expression: "count==0", observed: null }),
    "  ✗ double_ownership count==0",
  );
});
