/** countJsonValues: the number of JSON values, counted only up to the bound (docs/mock-limits.md#request-size). */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { countJsonValues } from "../../src/openapi/json-size.ts";

function fullCount(value: unknown): number {
  if (typeof value !== "object" || value === null) return 1;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + children.reduce((sum: number, child) => sum + fullCount(child), 0);
}

test("property: the count, or bound + 1 once there are more values than the bound", () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 4 }), fc.integer({ min: 0, max: 40 }), (value, bound) => {
      assert.equal(countJsonValues(value, bound), Math.min(fullCount(value), bound + 1));
    }),
  );
});

test("a three-million-item array is judged without walking it", () => {
  const huge = new Array(3_000_000).fill(0);
  const started = performance.now();
  assert.equal(countJsonValues(huge, 20_000), 20_001);
  assert.ok(performance.now() - started < 50);
});
