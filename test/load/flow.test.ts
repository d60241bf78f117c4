import assert from "node:assert/strict";
import { test } from "node:test";
import { type Flow, runFlowAsync, runFlowSync, settle } from "../../load/scenarios/flow.ts";

function* sumTwice(get: () => number | Promise<number>, log: string[]): Flow<number> {
  try {
    const a = yield* settle(get());
    const b = yield* settle(get());
    return a + b;
  } finally {
    log.push("finally");
  }
}

test("the sync driver passes plain values through, like k6's synchronous http", () => {
  const log: string[] = [];
  let n = 0;
  assert.equal(runFlowSync(sumTwice(() => ++n, log)), 3);
  assert.deepEqual(log, ["finally"]);
});

test("the async driver awaits yielded promises and gives the same answer", async () => {
  const log: string[] = [];
  let n = 0;
  assert.equal(await runFlowAsync(sumTwice(async () => ++n, log)), 3);
  assert.deepEqual(log, ["finally"]);
});

test("a rejected promise is thrown into the flow, so its finally (group deletion) still runs", async () => {
  const log: string[] = [];
  await assert.rejects(
    runFlowAsync(sumTwice(() => Promise.reject(new Error("connection refused")), log)),
    /connection refused/,
  );
  assert.deepEqual(log, ["finally"]);
});

test("the sync driver refuses a promise instead of treating it as a value", () => {
  const log: string[] = [];
  assert.throws(
    () => runFlowSync(sumTwice(async () => 1, log)),
    /yielded a promise under the synchronous \(k6\) driver/,
  );
  assert.deepEqual(log, ["finally"]);
});
