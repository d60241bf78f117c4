import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ManualClock } from "../../../src/core/clock.ts";
import {
  ConsumerGroupCoordinator,
  type ConsumerGroupRules,
} from "../../../src/mock/domain/consumer-group-coordinator.ts";
import type { ConsumerGroupLimits } from "../../../src/mock/domain/consumer-group-limits.ts";
import type { DomainError, Outcome } from "../../../src/mock/domain/domain-error.ts";
import { type ConsumerGroupEvent, EventLog } from "../../../src/mock/domain/event-log.ts";

function setup(rules: Partial<ConsumerGroupRules> = {}, shards = 4, limits: Partial<ConsumerGroupLimits> = {}) {
  const clock = new ManualClock(Date.UTC(2026, 0, 1), 1000);
  const log = new EventLog(100_000);
  const coordinator = new ConsumerGroupCoordinator({
    clock,
    shards,
    logstore: "p/ls",
    events: log,
    rules,
    limits,
  });
  return { clock, log, coordinator };
}

function errorOf(outcome: Outcome<object>): DomainError {
  assert.equal(outcome.ok, false, "expected an error");
  if (outcome.ok) throw new Error("unreachable");
  return outcome.error;
}

function shardsOf(outcome: Outcome<{ shards: number[] }>): number[] {
  if (!outcome.ok) assert.fail(`heartbeat failed: ${outcome.error.code}`);
  return outcome.shards;
}

function groupEvents(log: EventLog): ConsumerGroupEvent[] {
  return log.since(0).events.filter((e): e is ConsumerGroupEvent & { seq: number } => e.kind !== "throttled");
}

describe("consumer groups: create, update, delete, list", () => {
  test("create, list and get report the settings; a duplicate is ConsumerGroupAlreadyExist", () => {
    const { coordinator } = setup();
    assert.deepEqual(coordinator.createGroup("g1", 60, true), { ok: true });
    assert.deepEqual(coordinator.createGroup("g2", 20), { ok: true });
    assert.deepEqual(coordinator.listGroups(), [
      { name: "g1", timeout: 60, order: true },
      { name: "g2", timeout: 20, order: false },
    ]);
    assert.deepEqual(coordinator.getGroup("g2"), { ok: true, group: { name: "g2", timeout: 20, order: false } });
    assert.deepEqual(errorOf(coordinator.createGroup("g1", 30)), {
      status: 400,
      code: "ConsumerGroupAlreadyExist",
      message: "Consumer group already exist.",
    });
    assert.equal(errorOf(coordinator.getGroup("nope")).code, "ConsumerGroupNotExist");
  });

  test("bad name or timeout is 400 JsonInfoInvalid, with the configured timeout range", () => {
    const { coordinator } = setup({ minTimeoutSec: 2, maxTimeoutSec: 100 });
    for (const [name, timeout] of [
      ["", 10],
      ["g", 0],
      ["g", 1],
      ["g", 1.5],
      ["g", 101],
      ["g", Number.NaN],
    ] as const) {
      const error = errorOf(coordinator.createGroup(name, timeout));
      assert.equal(error.status, 400);
      assert.equal(error.code, "JsonInfoInvalid");
      assert.equal(error.message, "ConsumerGroup or timeout is of error format.");
    }
    assert.equal(coordinator.createGroup("g", 100).ok, true);
    assert.equal(coordinator.createGroup("h", 2).ok, true);
  });

  test("the group quota is 30 by default and configurable, with a configurable status", () => {
    const { coordinator } = setup();
    for (let i = 0; i < 30; i++) assert.equal(coordinator.createGroup(`g${i}`, 10).ok, true);
    const error = errorOf(coordinator.createGroup("g30", 10));
    assert.equal(error.code, "ConsumerGroupQuotaExceed");
    assert.equal(error.status, 400);
    assert.match(error.message, /30/);
    assert.equal(coordinator.deleteGroup("g0").ok, true);
    assert.equal(coordinator.createGroup("g30", 10).ok, true);

    const small = setup({ maxGroups: 1, quotaExceededStatus: 403 }).coordinator;
    assert.equal(small.createGroup("a", 10).ok, true);
    assert.deepEqual(
      [errorOf(small.createGroup("b", 10)).status, errorOf(small.createGroup("b", 10)).code],
      [403, "ConsumerGroupQuotaExceed"],
    );
  });

  test("update changes order and timeout; missing group, empty change and bad timeout are errors", () => {
    const { coordinator } = setup();
    coordinator.createGroup("g", 10, false);
    assert.equal(coordinator.updateGroup("g", { order: true }).ok, true);
    assert.equal(coordinator.updateGroup("g", { timeoutSec: 30 }).ok, true);
    assert.deepEqual(coordinator.listGroups(), [{ name: "g", timeout: 30, order: true }]);
    assert.deepEqual(errorOf(coordinator.updateGroup("x", { order: true })), {
      status: 404,
      code: "ConsumerGroupNotExist",
      message: "Consumer group not exist: x",
    });
    assert.equal(errorOf(coordinator.updateGroup("g", {})).code, "JsonInfoInvalid");
    assert.deepEqual(errorOf(coordinator.updateGroup("g", { timeoutSec: -5 })), {
      status: 400,
      code: "JsonInfoInvalid",
      message: "Timeout is of error value type.",
    });
  });

  test("deleting a missing group is 404 by default, or succeeds when configured (docs/unconfirmed-behaviour.md#deleting-a-missing-consumer-group)", () => {
    const strict = setup().coordinator;
    assert.equal(errorOf(strict.deleteGroup("x")).code, "ConsumerGroupNotExist");
    assert.equal(errorOf(strict.deleteGroup("x")).status, 404);
    const lenient = setup({ deleteMissingGroup: "succeed" }).coordinator;
    assert.deepEqual(lenient.deleteGroup("x"), { ok: true });
  });

  test("after deletion, heartbeats and checkpoints fail with ConsumerGroupNotExist and consumers are gone", () => {
    const { coordinator, log } = setup();
    coordinator.createGroup("g", 10);
    coordinator.heartbeat("g", "c1", []);
    assert.equal(coordinator.deleteGroup("g").ok, true);
    assert.equal(coordinator.consumerCount(), 0);
    assert.equal(coordinator.nextDeadlineMs(), undefined);
    assert.equal(errorOf(coordinator.heartbeat("g", "c1", [])).code, "ConsumerGroupNotExist");
    assert.equal(errorOf(coordinator.updateCheckpoint("g", "c1", 0, "AAAA", true)).code, "ConsumerGroupNotExist");
    assert.equal(errorOf(coordinator.getCheckpoints("g")).code, "ConsumerGroupNotExist");
    assert.deepEqual(
      groupEvents(log).map((e) => e.kind),
      [
        "group-created",
        "joined",
        "shard-assigned",
        "shard-assigned",
        "shard-assigned",
        "shard-assigned",
        "group-deleted",
      ],
    );
  });
});

describe("heartbeat and shard assignment", () => {
  test("an unknown consumer must first send []: otherwise 400 NotExistConsumerWithBody", () => {
    const { coordinator } = setup();
    coordinator.createGroup("g", 10);
    assert.deepEqual(errorOf(coordinator.heartbeat("g", "c1", [0])), {
      status: 400,
      code: "NotExistConsumerWithBody",
      message: "non-exist consumer with non-empty body of heartbeat message",
    });
    assert.equal(coordinator.consumerCount("g"), 0);
    assert.deepEqual(shardsOf(coordinator.heartbeat("g", "c1", [])), [0, 1, 2, 3]);
    assert.equal(errorOf(coordinator.heartbeat("missing", "c1", [])).code, "ConsumerGroupNotExist");
  });

  test("a joining consumer gets shards only after the holder stops reporting them (no double ownership)", () => {
    const { coordinator, log } = setup();
    coordinator.createGroup("g", 10);
    assert.deepEqual(shardsOf(coordinator.heartbeat("g", "a", [])), [0, 1, 2, 3]);
    assert.deepEqual(shardsOf(coordinator.heartbeat("g", "b", [])), []);
    // Two shards are in transfer: gone from a's answer at once, not yet b's.
    assert.deepEqual(shardsOf(coordinator.heartbeat("g", "a", [0, 1, 2, 3])), [0, 1]);
    assert.deepEqual(shardsOf(coordinator.heartbeat("g", "b", [])), []);
    // a still reports 2 (not yet flushed) but released 3.
    assert.deepEqual(shardsOf(coordinator.heartbeat("g", "a", [0, 1, 2])), [0, 1]);
    assert.deepEqual(shardsOf(coordinator.heartbeat("g", "b", [])), [3]);
    assert.deepEqual(shardsOf(coordinator.heartbeat("g", "a", [0, 1])), [0, 1]);
    assert.deepEqual(shardsOf(coordinator.heartbeat("g", "b", [3])), [2, 3]);
    const moved = groupEvents(log).filter((e) => e.kind === "shard-moved");
    assert.deepEqual(
      moved.map((e) => [e.shard, e.fromConsumer, e.consumer]),
      [
        [3, "a", "b"],
        [2, "a", "b"],
      ],
    );
  });

  test("reported shards the consumer does not hold, and nonexistent IDs, are ignored (docs/unconfirmed-behaviour.md#shards-reported-but-not-held)", () => {
    const { coordinator } = setup();
    coordinator.createGroup("g", 10);
    coordinator.heartbeat("g", "a", []);
    coordinator.heartbeat("g", "b", []);
    coordinator.heartbeat("g", "a", []); // a released everything in transfer: 2 and 3 go to b
    assert.deepEqual(shardsOf(coordinator.heartbeat("g", "b", [])), [2, 3]);
    assert.deepEqual(shardsOf(coordinator.heartbeat("g", "a", [0, 1, 2, 3, 99, -1])), [0, 1]);
    assert.deepEqual(shardsOf(coordinator.heartbeat("g", "b", [2, 3])), [2, 3]);
  });

  test("10 shards over 3 consumers is 4/3/3; sticky while balanced; 5 consumers get 2 each (README example)", () => {
    const { coordinator } = setup({}, 10);
    coordinator.createGroup("g", 60);
    const held = new Map<string, number[]>();
    const round = (names: string[]) => {
      for (const name of names) {
        const report = held.get(name) ?? [];
        held.set(name, shardsOf(coordinator.heartbeat("g", name, report)));
      }
    };
    for (let i = 0; i < 4; i++) round(["a", "b", "c"]);
    // Which consumer gets the 4th is undocumented (docs/unconfirmed-behaviour.md#shard-assignment-order): only the
    // counts are checked.
    assert.deepEqual(["a", "b", "c"].map((n) => held.get(n)?.length).sort(), [3, 3, 4]);
    const before = JSON.stringify([...held]);
    for (let i = 0; i < 3; i++) round(["a", "b", "c"]);
    assert.equal(JSON.stringify([...held]), before, "nothing moves while balanced");
    for (let i = 0; i < 4; i++) round(["a", "b", "c", "d", "e"]);
    assert.deepEqual(
      ["a", "b", "c", "d", "e"].map((n) => held.get(n)?.length),
      [2, 2, 2, 2, 2],
    );
    assert.deepEqual(
      [...new Set([...held.values()].flat())].sort((x, y) => x - y),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
  });

  test("edge 6: if the next consumer times out during the transfer, the shard stays with its holder", () => {
    const { coordinator, clock, log } = setup();
    coordinator.createGroup("g", 2);
    coordinator.heartbeat("g", "a", []);
    clock.advance(500);
    coordinator.heartbeat("g", "b", []); // 2 and 3 in transfer a → b
    assert.deepEqual(
      coordinator.describeShards("g")?.filter((s) => s.status === "transfer"),
      [
        { shard: 2, status: "transfer", owner: "a", next: "b" },
        { shard: 3, status: "transfer", owner: "a", next: "b" },
      ],
    );
    // a keeps reporting all four (it is slow to flush); b goes silent and times out 2 s after its heartbeat.
    for (let t = 0; t < 2500; t += 250) {
      clock.advance(250);
      const answer = shardsOf(coordinator.heartbeat("g", "a", [0, 1, 2, 3]));
      const bAlive = coordinator.consumers("g").includes("b");
      assert.deepEqual(answer, bAlive ? [0, 1] : [0, 1, 2, 3]);
    }
    const evicted = groupEvents(log).find((e) => e.kind === "evicted");
    assert.equal(evicted?.consumer, "b");
    assert.equal(evicted?.atMonoMs, 1500 + 2000);
    assert.equal(evicted?.lastHeartbeatMonoMs, 1500);
  });

  test("the holder's eviction completes its pending transfers and frees its other shards", () => {
    const { coordinator, clock } = setup();
    coordinator.createGroup("g", 1);
    coordinator.heartbeat("g", "a", []);
    clock.advance(600);
    coordinator.heartbeat("g", "b", []); // 2 and 3 in transfer a → b; a never heartbeats again
    clock.advance(400); // a's deadline: 1000 + 1000
    assert.deepEqual(shardsOf(coordinator.heartbeat("g", "b", [])), [0, 1, 2, 3]);
    assert.deepEqual(coordinator.consumers("g"), ["b"]);
  });
});

describe("eviction timing", () => {
  test("evicted exactly at last heartbeat + timeout, to the millisecond, and dated at the deadline", () => {
    const { coordinator, clock, log } = setup();
    coordinator.createGroup("g", 3);
    coordinator.heartbeat("g", "a", []);
    clock.advance(1234.5);
    coordinator.heartbeat("g", "a", [0, 1, 2, 3]);
    const last = clock.monotonicMs();
    assert.equal(coordinator.nextDeadlineMs(), last + 3000);
    coordinator.advanceTo(last + 2999.999);
    assert.equal(coordinator.consumerCount("g"), 1);
    clock.advance(10_000); // the timer fired late: lazy processing still dates the eviction at the deadline
    assert.deepEqual(coordinator.listGroups().length, 1);
    assert.equal(coordinator.consumerCount("g"), 0);
    const evicted = groupEvents(log).find((e) => e.kind === "evicted");
    assert.equal(evicted?.atMonoMs, last + 3000);
    assert.equal(evicted?.atWallMs, clock.wallMs() - clock.monotonicMs() + last + 3000);
    assert.equal(coordinator.nextDeadlineMs(), undefined);
    assert.equal(errorOf(coordinator.heartbeat("g", "a", [0])).code, "NotExistConsumerWithBody");
  });

  test("deadlines across groups are processed in deadline order", () => {
    const { coordinator, clock, log } = setup();
    coordinator.createGroup("slow", 5);
    coordinator.createGroup("fast", 1);
    coordinator.heartbeat("slow", "s1", []);
    clock.advance(100);
    coordinator.heartbeat("fast", "f1", []);
    clock.advance(100);
    coordinator.heartbeat("slow", "s2", []);
    coordinator.advanceTo(clock.monotonicMs() + 10_000);
    const evictions = groupEvents(log)
      .filter((e) => e.kind === "evicted")
      .map((e) => [e.consumer, e.atMonoMs]);
    assert.deepEqual(evictions, [
      ["f1", 1100 + 1000],
      ["s1", 1000 + 5000],
      ["s2", 1200 + 5000],
    ]);
  });

  test("a shorter timeout applies from the update: nobody is evicted before it", () => {
    const { coordinator, clock, log } = setup();
    coordinator.createGroup("g", 60);
    coordinator.heartbeat("g", "a", []);
    clock.advance(10_000);
    coordinator.updateGroup("g", { timeoutSec: 2 });
    assert.equal(coordinator.consumerCount("g"), 1);
    assert.equal(coordinator.nextDeadlineMs(), clock.monotonicMs());
    coordinator.advanceTo(clock.monotonicMs());
    assert.equal(groupEvents(log).find((e) => e.kind === "evicted")?.atMonoMs, 11_000);
  });

  test("timeout 2 s, heartbeats every 250 ms: the survivor gets the silent consumer's shards within [2 s, 2 s + 250 ms]", () => {
    for (let phase = 0; phase < 250; phase += 31) {
      for (const silentAfterBeats of [1, 5, 8]) {
        const { coordinator, clock } = setup();
        coordinator.createGroup("g", 2);
        const held = new Map<string, number[]>([
          ["a", []],
          ["b", []],
        ]);
        const beat = (name: string) => {
          const shards = shardsOf(coordinator.heartbeat("g", name, held.get(name) ?? []));
          held.set(name, shards); // releases promptly
          return shards;
        };
        // a beats at 0, 250, …; b at phase, phase + 250, …; both step on one ManualClock.
        const schedule: { at: number; name: string }[] = [];
        for (let k = 0; k < 40; k++) {
          if (k < silentAfterBeats) schedule.push({ at: k * 250, name: "a" });
          schedule.push({ at: k * 250 + phase, name: "b" });
        }
        schedule.sort((x, y) => x.at - y.at || (x.name < y.name ? -1 : 1));
        const start = clock.monotonicMs();
        const lastOfA = start + (silentAfterBeats - 1) * 250;
        let gotAllAt: number | undefined;
        for (const { at, name } of schedule) {
          clock.advance(start + at - clock.monotonicMs());
          const shards = beat(name);
          if (name === "b" && shards.length === 4 && gotAllAt === undefined) gotAllAt = clock.monotonicMs();
          if (name === "b" && clock.monotonicMs() < lastOfA + 2000) {
            assert.ok(shards.length <= 2, `b got a's shards before the timeout (phase ${phase})`);
          }
        }
        assert.ok(gotAllAt !== undefined, "b never received all shards");
        assert.ok(gotAllAt >= lastOfA + 2000, `too early: ${gotAllAt - lastOfA} ms`);
        assert.ok(gotAllAt <= lastOfA + 2000 + 250, `too late: ${gotAllAt - lastOfA} ms`);
        // On the manual clock it is exact: b's first heartbeat at or after the deadline carries every shard.
        const firstBeatAfter = schedule.find((s) => s.name === "b" && start + s.at >= lastOfA + 2000);
        assert.equal(gotAllAt, start + (firstBeatAfter?.at ?? Number.NaN));
      }
    }
  });
});

describe("checkpoints", () => {
  function withHolders(rules: Partial<ConsumerGroupRules> = {}) {
    const env = setup(rules);
    env.coordinator.createGroup("g", 10);
    env.coordinator.heartbeat("g", "a", []);
    env.coordinator.heartbeat("g", "b", []); // 2 and 3 in transfer a → b
    return env;
  }

  test("the holder writes without force, also while its shard is in transfer; others get ConsumerNotMatch", () => {
    const { coordinator } = withHolders();
    assert.deepEqual(coordinator.updateCheckpoint("g", "a", 0, "MTIz", false), { ok: true });
    assert.deepEqual(coordinator.updateCheckpoint("g", "a", 3, "MTIzNA==", false), { ok: true });
    const error = errorOf(coordinator.updateCheckpoint("g", "b", 3, "MTIz", false));
    assert.equal(error.code, "ConsumerNotMatch");
    assert.equal(error.status, 400);
    assert.equal(
      errorOf(withHolders({ consumerNotMatchStatus: 409 }).coordinator.updateCheckpoint("g", "b", 0, "MTIz", false))
        .status,
      409,
    );
  });

  test("force writes for anyone, with or without a consumer; without a consumer force is required", () => {
    const { coordinator } = withHolders();
    assert.deepEqual(coordinator.updateCheckpoint("g", "b", 0, "QUJD", true), { ok: true });
    assert.deepEqual(coordinator.updateCheckpoint("g", undefined, 1, "QUJD", true), { ok: true });
    assert.deepEqual(coordinator.updateCheckpoint("g", "stranger", 1, "QUJD", true), { ok: true });
    assert.equal(errorOf(coordinator.updateCheckpoint("g", undefined, 1, "QUJD", false)).code, "ParameterInvalid");
  });

  test("unknown consumer, unknown shard and non-base64 checkpoints, with configurable spellings", () => {
    const { coordinator } = withHolders();
    assert.deepEqual(errorOf(coordinator.updateCheckpoint("g", "zed", 0, "QUJD", false)), {
      status: 404,
      code: "ConsumerNotExist",
      message: "Consumer not exist in the consumer group",
    });
    assert.deepEqual(
      [404, "ShardNotExist"],
      [
        errorOf(coordinator.updateCheckpoint("g", "a", 4, "QUJD", true)).status,
        errorOf(coordinator.updateCheckpoint("g", "a", 4, "QUJD", true)).code,
      ],
    );
    assert.equal(errorOf(coordinator.updateCheckpoint("g", "a", 0.5, "QUJD", true)).code, "ShardNotExist");
    for (const bad of ["", "abc", "QUJD!", "QU=D", "QUJDR"]) {
      assert.deepEqual(errorOf(coordinator.updateCheckpoint("g", "a", 0, bad, true)), {
        status: 400,
        code: "InvalidShardCheckPoint",
        message: "shard checkpoint not encoded by base64",
      });
    }
    const typo = withHolders({ consumerNotExistCode: "ConsumerNotExsit", shardNotExistCode: "ShardNotExsit" });
    assert.equal(errorOf(typo.coordinator.updateCheckpoint("g", "zed", 0, "QUJD", false)).code, "ConsumerNotExsit");
    assert.equal(errorOf(typo.coordinator.updateCheckpoint("g", "a", 9, "QUJD", true)).code, "ShardNotExsit");
  });

  test("getCheckpoints: all shards or one; updateTime in seconds or microseconds; unset shards configurable", () => {
    const { coordinator, clock } = withHolders();
    clock.advance(1500);
    coordinator.updateCheckpoint("g", "a", 1, "MTIz", false);
    const wall = clock.wallMs();
    assert.deepEqual(coordinator.getCheckpoints("g", 1), {
      ok: true,
      checkpoints: [{ shard: 1, checkpoint: "MTIz", updateTime: Math.floor(wall / 1000), consumer: "a" }],
    });
    const all = coordinator.getCheckpoints("g");
    assert.ok(all.ok);
    assert.deepEqual(
      all.checkpoints.map((c) => [c.shard, c.checkpoint]),
      [
        [0, ""],
        [1, "MTIz"],
        [2, ""],
        [3, ""],
      ],
    );
    assert.deepEqual(coordinator.getCheckpoints("g", 7), { ok: true, checkpoints: [] });

    const micro = withHolders({ checkpointUpdateTimeUnit: "microseconds", unsetCheckpoints: "omit" });
    micro.coordinator.updateCheckpoint("g", undefined, 2, "MTIz", true);
    assert.deepEqual(micro.coordinator.getCheckpoints("g"), {
      ok: true,
      checkpoints: [{ shard: 2, checkpoint: "MTIz", updateTime: micro.clock.wallMs() * 1000, consumer: "" }],
    });
  });
});

describe("memory stays bounded", () => {
  test("100 000 consumers join, heartbeat and are evicted: nothing is left behind", () => {
    // Above the mock's default bound (consumer-group-limits.ts), to show the structures scale.
    const { coordinator, clock } = setup({}, 4, { maxConsumersPerGroup: 100_000 });
    coordinator.createGroup("g", 5);
    const held = new Map<number, number[]>();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 100_000; i++) {
        const answer = coordinator.heartbeat("g", `c${i}`, held.get(i) ?? []);
        if (!answer.ok) assert.fail(answer.error.code);
        if (answer.shards.length > 0) held.set(i, answer.shards);
        else held.delete(i);
      }
      clock.advance(1000);
    }
    assert.equal(coordinator.consumerCount("g"), 100_000);
    const owners = coordinator.describeShards("g")?.map((s) => s.owner);
    assert.equal(new Set(owners).size, 4, "4 shards over 4 distinct consumers");
    clock.advance(5000);
    assert.equal(coordinator.listGroups().length, 1); // any call processes due deadlines
    assert.equal(coordinator.consumerCount(), 0);
    assert.equal(coordinator.nextDeadlineMs(), undefined);
    assert.deepEqual(
      coordinator.describeShards("g")?.map((s) => s.status),
      ["not_alloc", "not_alloc", "not_alloc", "not_alloc"],
    );
  });
});
