/**
 * The `contract-drift` fault's success bodies (src/mock/contract-drift.ts): a behaviour's own drift applies to its
 * product's operation only; an operation of another product that happens to share its operationId (a generic
 * product's `GetCheckPoint`, `ListConsumerGroup`…) gets the generic drift, whatever its body's shape.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { BEHAVIOURS } from "../../src/mock/behaviours/index.ts";
import { driftSuccessBody } from "../../src/mock/contract-drift.ts";

test("SLS GetCheckPoint drifts with its own rule: shard as a string", () => {
  const body = [{ shard: 0, checkpoint: "MTUx", updateTime: 1, consumer: "c1" }];
  assert.deepEqual(driftSuccessBody({ product: "sls", id: "GetCheckPoint" }, body), [
    { shard: "0", checkpoint: "MTUx", updateTime: 1, consumer: "c1" },
  ]);
});

test("Live ListEventSubEvent drifts with its own rule: Count as a string", () => {
  const drifted = driftSuccessBody({ product: "live", id: "ListEventSubEvent" }, { Count: 0, HasMore: false });
  assert.equal((drifted as { Count: unknown }).Count, "0");
});

for (const behaviour of BEHAVIOURS)
  test(`another product's ${behaviour.operation} with an object body gets the generic drift (an array)`, () => {
    const other = { product: `not-${behaviour.product}`, id: behaviour.operation };
    assert.deepEqual(driftSuccessBody(other, { RequestId: "R", Total: 1 }), []);
    assert.deepEqual(driftSuccessBody(other, [1, 2]), { items: [1, 2] });
  });
