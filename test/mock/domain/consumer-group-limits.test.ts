/**
 * The consumer-group state bounds (docs/mock-limits.md#sls-consumer-groups): names, checkpoints and consumers per
 * group, each refused with a documented code and changing nothing; what is kept holds copies, not request text.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { ManualClock } from "../../../src/core/clock.ts";
import { ConsumerGroupCoordinator } from "../../../src/mock/domain/consumer-group-coordinator.ts";
import { CONSUMER_GROUP_LIMITS } from "../../../src/mock/domain/consumer-group-limits.ts";
import type { Outcome } from "../../../src/mock/domain/domain-error.ts";

const { maxNameLength, maxCheckpointLength, maxConsumersPerGroup } = CONSUMER_GROUP_LIMITS;

function setup() {
  const clock = new ManualClock(Date.UTC(2026, 0, 1), 1000);
  const coordinator = new ConsumerGroupCoordinator({ clock, shards: 4, logstore: "p/ls" });
  assert.ok(coordinator.createGroup("g", 60).ok);
  return { clock, coordinator };
}

function codeOf(outcome: Outcome<object>): string {
  assert.equal(outcome.ok, false, "expected a refusal");
  return outcome.ok ? "" : outcome.error.code;
}

describe("consumer-group bounds", () => {
  test(`a group name of ${maxNameLength} characters is accepted, one more is JsonInfoInvalid`, () => {
    const { coordinator } = setup();
    assert.ok(coordinator.createGroup("a".repeat(maxNameLength), 60).ok);
    assert.equal(codeOf(coordinator.createGroup("b".repeat(maxNameLength + 1), 60)), "JsonInfoInvalid");
    assert.equal(coordinator.listGroups().length, 2);
  });

  test("a consumer name past the bound is ParameterInvalid on heartbeat and checkpoint, and joins nothing", () => {
    const { coordinator } = setup();
    const long = "c".repeat(maxNameLength + 1);
    assert.equal(codeOf(coordinator.heartbeat("g", long, [])), "ParameterInvalid");
    assert.equal(codeOf(coordinator.updateCheckpoint("g", long, 0, "MTIz", true)), "ParameterInvalid");
    assert.deepEqual(coordinator.consumers("g"), []);
    assert.ok(coordinator.heartbeat("g", "c".repeat(maxNameLength), []).ok);
  });

  test(`a checkpoint longer than ${maxCheckpointLength} characters is InvalidShardCheckPoint and not stored`, () => {
    const { coordinator } = setup();
    const fits = "QUJD".repeat(maxCheckpointLength / 4);
    assert.ok(coordinator.updateCheckpoint("g", undefined, 0, fits, true).ok);
    const eightMb = "QUJD".repeat(2 * 1024 * 1024);
    assert.equal(codeOf(coordinator.updateCheckpoint("g", undefined, 1, eightMb, true)), "InvalidShardCheckPoint");
    const stored = coordinator.getCheckpoints("g");
    assert.ok(stored.ok);
    assert.deepEqual(
      stored.checkpoints.map((c) => c.checkpoint.length),
      [maxCheckpointLength, 0, 0, 0],
    );
  });

  test(`a group holds at most ${maxConsumersPerGroup} consumers; room comes back when one times out`, () => {
    const { clock, coordinator } = setup();
    for (let i = 0; i < maxConsumersPerGroup; i++) assert.ok(coordinator.heartbeat("g", `c${i}`, []).ok, `c${i}`);
    assert.equal(codeOf(coordinator.heartbeat("g", "one-too-many", [])), "ParameterInvalid");
    assert.ok(coordinator.heartbeat("g", "c0", []).ok, "known consumers still heartbeat");
    clock.advance(60_000); // every consumer times out (all heartbeat at the same instant)
    assert.ok(coordinator.heartbeat("g", "one-too-many", []).ok);
  });

  test("group message echoes are clipped: a 100 000-character group name does not come back whole", () => {
    const { coordinator } = setup();
    const outcome = coordinator.heartbeat("x".repeat(100_000), "c", []);
    assert.equal(outcome.ok, false);
    if (!outcome.ok) assert.ok(outcome.error.message.length < 300, `${outcome.error.message.length} characters`);
  });

  test("names and checkpoints are kept as copies, not as slices of the request text", () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const { coordinator } = setup();
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 40; i++) {
      // As JSON.parse and the query parser hand them over: slices of a large request text.
      const text = `${"x".repeat(2_000_000)}consumer-${i}|Q0hFQ0tQT0lOVA==|group-with-a-long-name-${i}`;
      const [consumer, checkpoint, group] = text.slice(2_000_000).split("|") as [string, string, string];
      const slice = (s: string) => text.slice(text.indexOf(s), text.indexOf(s) + s.length);
      assert.ok(coordinator.createGroup(slice(group), 60).ok || i >= 29);
      assert.ok(coordinator.heartbeat("g", slice(consumer), []).ok);
      assert.ok(coordinator.updateCheckpoint("g", undefined, i % 4, slice(checkpoint), true).ok);
    }
    gc();
    const grownMb = (process.memoryUsage().heapUsed - before) / 1e6;
    assert.ok(grownMb < 10, `heap grew ${grownMb.toFixed(1)} MB`);
  });
});
