import assert from "node:assert/strict";
import { test } from "node:test";
import { ManualClock } from "../../src/core/clock.ts";

test("ManualClock moves both clocks together and refuses to go backwards", () => {
  const clock = new ManualClock(1_000_000, 5);
  clock.advance(250);
  assert.equal(clock.monotonicMs(), 255);
  assert.equal(clock.wallMs(), 1_000_250);
  assert.throws(() => clock.advance(-1), RangeError);
});
