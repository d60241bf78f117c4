/** detachedCopy: equal to its input for every string, lone surrogates included, and not holding its parent. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import fc from "fast-check";
import { detachedCopy } from "../../src/core/detached-copy.ts";

test("property: the copy equals the original, for any UTF-16 string", () => {
  fc.assert(fc.property(fc.string({ unit: "binary" }), (text) => assert.equal(detachedCopy(text), text)));
});

test("copies of slices of 2 MB strings do not keep those strings alive", () => {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept: string[] = [];
  for (let i = 0; i < 40; i++) kept.push(detachedCopy(`${String(i).padEnd(2_000_000, "x")}name-${i}`.slice(2_000_000)));
  gc();
  const grownMb = (process.memoryUsage().heapUsed - before) / 1e6;
  assert.equal(kept.length, 40);
  assert.ok(grownMb < 5, `heap grew ${grownMb.toFixed(1)} MB`);
});
