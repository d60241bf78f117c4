import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { checkPageWalk, checkShardAssignment, compareWalks } from "../../src/contract-cases/flow-checks.ts";

describe("checkShardAssignment", () => {
  it("accepts a balanced, complete, exclusive assignment", () => {
    assert.deepEqual(checkShardAssignment("HB", { a: [0, 1], b: [2], c: [3] }, 4), []);
  });

  it("flags a shard held twice, counts more than 1 apart, and unassigned shards", () => {
    const v = checkShardAssignment("HB", { a: [0, 1], b: [1] }, 4);
    assert.deepEqual(
      v.map((x) => x.check),
      ["flow.shard-ownership", "flow.shard-coverage"],
    );
    assert.equal(v[0]?.jsonPointer, "/1");
    assert.match(v[1]?.actual ?? "", /unassigned: 2, 3/);
    const unbalanced = checkShardAssignment("HB", { a: [0, 1, 2], b: [3], c: [] }, 4);
    assert.deepEqual(
      unbalanced.map((x) => x.check),
      ["flow.shard-balance"],
    );
  });

  it("property: every partition of the shards into near-equal parts passes", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 10 }), (shards, consumers) => {
        const held: Record<string, number[]> = {};
        for (let c = 0; c < consumers; c++) held[`c${c}`] = [];
        for (let s = 0; s < shards; s++) held[`c${s % consumers}`]?.push(s);
        assert.deepEqual(checkShardAssignment("HB", held, shards), []);
      }),
      { seed: 1 },
    );
  });
});

describe("checkPageWalk and compareWalks", () => {
  const walk = (ids: string[], size: number) => {
    const pages = [];
    for (let i = 0; i * size < ids.length || i === 0; i++)
      pages.push({ pageNo: i + 1, ids: ids.slice(i * size, (i + 1) * size), hasMore: (i + 1) * size < ids.length });
    return pages;
  };
  const ids = Array.from({ length: 23 }, (_, i) => `m${i}`);

  it("accepts a complete walk", () => {
    assert.deepEqual(checkPageWalk("L", walk(ids, 5), 5), []);
    assert.deepEqual(compareWalks("L", { pageSize: 5, ids }, { pageSize: 7, ids: [...ids].reverse() }), []);
  });

  it("flags duplicates, short pages, wrong HasMore and a gap between page sizes", () => {
    const pages = walk(ids, 5);
    pages[1] = { ...pages[1], ids: [...(pages[1]?.ids ?? []).slice(0, 4), "m0"] } as (typeof pages)[number];
    assert.deepEqual(
      checkPageWalk("L", pages, 5).map((v) => v.check),
      ["flow.paging.duplicate"],
    );
    const short = walk(ids, 5);
    short[0] = { pageNo: 1, ids: ["m0"], hasMore: true };
    assert.deepEqual(
      checkPageWalk("L", short, 5).map((v) => v.check),
      ["flow.paging.gap"],
    );
    const lastHasMore = walk(ids, 5).map((p) => ({ ...p, hasMore: true }));
    assert.deepEqual(
      checkPageWalk("L", lastHasMore, 5).map((v) => [v.check, v.jsonPointer]),
      [["flow.paging.has-more", "/pages/5/HasMore"]],
    );
    const gap = compareWalks("L", { pageSize: 5, ids }, { pageSize: 7, ids: ids.slice(1) });
    assert.equal(gap[0]?.check, "flow.paging.gap");
    assert.match(gap[0]?.actual ?? "", /m0/);
  });
});
