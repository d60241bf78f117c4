import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { ShardOwnership } from "../../load/scenarios/shard-ownership.ts";

test("a protocol-following hand-off (drop first, pick up later) never counts as double ownership", () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })),
        {
          maxLength: 60,
        },
      ),
      (moves) => {
        // Ground truth: a single owner per shard; a move first removes the shard from the old owner's answer.
        const owner = new Map<number, number>([
          [0, 0],
          [1, 1],
          [2, 2],
          [3, 0],
        ]);
        const t = new ShardOwnership();
        let now = 0;
        const answer = (c: number): void => {
          const shards = [...owner].filter(([, o]) => o === c).map(([s]) => s);
          t.recordAnswer(`c${c}`, ++now, shards);
        };
        for (const c of [0, 1, 2]) answer(c);
        for (const [shard, from, to] of moves) {
          if (owner.get(shard) !== from || from === to) continue;
          owner.set(shard, -1);
          answer(from);
          owner.set(shard, to);
          answer(to);
        }
        return t.doubles.length === 0;
      },
    ),
  );
});

test("a survivor holding a silent consumer's shard before its expiry is double ownership; after it, a gap", () => {
  const early = new ShardOwnership();
  early.recordAnswer("c0", 0, [0, 1]);
  early.recordAnswer("c1", 1, [2]);
  early.markSilent("c0", 2000);
  early.recordAnswer("c1", 1500, [0, 2]);
  assert.deepEqual(early.doubles, [{ shard: 0, owners: ["c0", "c1"], atMs: 1500 }]);
  assert.equal(early.takeovers.length, 0);

  const late = new ShardOwnership();
  late.recordAnswer("c0", 0, [0, 1]);
  late.recordAnswer("c1", 1, [2]);
  late.markSilent("c0", 2000);
  assert.deepEqual(late.recordAnswer("c1", 2040, [0, 2]), [0]);
  late.recordAnswer("c2", 2290, [1]);
  assert.equal(late.doubles.length, 0);
  assert.deepEqual(
    late.takeovers.map((x) => [x.shard, x.to, x.gapMs]),
    [
      [0, "c1", 40],
      [1, "c2", 290],
    ],
  );
});
