// Property test of the shard-assignment protocol (docs/alibaba/sls-consumer-groups.md#shard-assignment,
// docs/alibaba/sls-consumer-groups.md#what-the-consumer-libraries-do): clients follow the official libraries'
// protocol (report the union of the last answer and shards not yet released, sometimes releasing late),
// and go silent or come back at random while the clock moves. Checked after every step and at the end.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { ManualClock } from "../../../src/core/clock.ts";
import { ConsumerGroupCoordinator } from "../../../src/mock/domain/consumer-group-coordinator.ts";

type Command =
  | { kind: "heartbeat"; client: number; releaseLate: boolean }
  | { kind: "release"; client: number }
  | { kind: "advance"; ms: number };

interface Client {
  name: string;
  lastAnswer: number[];
  /** Shards dropped from the answer whose worker has not shut down yet: still reported. */
  unreleased: Set<number>;
}

const CLIENTS = 6;

function commandArb(timeoutMs: number): fc.Arbitrary<Command> {
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        kind: fc.constant("heartbeat" as const),
        client: fc.nat(CLIENTS - 1),
        releaseLate: fc.boolean(),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("release" as const), client: fc.nat(CLIENTS - 1) }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant("advance" as const),
        ms: fc.integer({ min: 0, max: Math.round(timeoutMs * 1.5) }),
      }),
    },
  );
}

function report(client: Client): number[] {
  return [...new Set([...client.lastAnswer, ...client.unreleased])].sort((a, b) => a - b);
}

function heartbeat(coordinator: ConsumerGroupCoordinator, client: Client, releaseLate: boolean): void {
  const sent = report(client);
  const answer = coordinator.heartbeat("g", client.name, sent);
  if (!answer.ok) {
    // Evicted while it thought it held shards: the library drops everything and rejoins with []
    // (docs/alibaba/sls-consumer-groups.md#unknown-consumers).
    assert.equal(answer.error.code, "NotExistConsumerWithBody");
    assert.ok(sent.length > 0);
    client.lastAnswer = [];
    client.unreleased.clear();
    return;
  }
  client.lastAnswer = answer.shards;
  for (const shard of sent) if (!answer.shards.includes(shard)) client.unreleased.add(shard);
  for (const shard of answer.shards) client.unreleased.delete(shard);
  if (!releaseLate) client.unreleased.clear();
}

/** No shard is claimed by two clients the server still considers alive; every shard is assigned. */
function checkSafety(coordinator: ConsumerGroupCoordinator, clients: Client[], shardCount: number, now: number): void {
  coordinator.advanceTo(now); // what the deadline timer would have done by now
  const live = new Set(coordinator.consumers("g"));
  const claimedBy = new Map<number, string>();
  for (const client of clients) {
    if (!live.has(client.name)) continue;
    for (const shard of report(client)) {
      assert.ok(shard >= 0 && shard < shardCount, `claimed nonexistent shard ${shard}`);
      const other = claimedBy.get(shard);
      assert.equal(other, undefined, `shard ${shard} claimed by ${other} and ${client.name}`);
      claimedBy.set(shard, client.name);
    }
  }
  const shards = coordinator.describeShards("g") ?? [];
  if (live.size > 0) {
    for (const s of shards) assert.notEqual(s.status, "not_alloc", `shard ${s.shard} unassigned with live consumers`);
  }
}

test("random joins, heartbeats, silences and clock jumps: no double ownership; balanced after convergence", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 9 }),
      fc
        .constantFrom(1, 2, 5)
        .chain((timeoutSec) =>
          fc.tuple(fc.constant(timeoutSec), fc.array(commandArb(timeoutSec * 1000), { maxLength: 80 })),
        ),
      (shardCount, [timeoutSec, commands]) => {
        const clock = new ManualClock();
        const coordinator = new ConsumerGroupCoordinator({ clock, shards: shardCount, logstore: "p/l" });
        coordinator.createGroup("g", timeoutSec);
        const clients: Client[] = Array.from({ length: CLIENTS }, (_, i) => ({
          name: `c${i}`,
          lastAnswer: [],
          unreleased: new Set<number>(),
        }));
        for (const command of commands) {
          if (command.kind === "advance") clock.advance(command.ms);
          else {
            const client = clients[command.client];
            assert.ok(client);
            if (command.kind === "heartbeat") heartbeat(coordinator, client, command.releaseLate);
            else client.unreleased.clear();
          }
          checkSafety(coordinator, clients, shardCount, clock.monotonicMs());
        }
        // Convergence: every live consumer heartbeats a few rounds, releasing promptly, no timeouts.
        const live = () => clients.filter((c) => coordinator.consumers("g").includes(c.name));
        for (let round = 0; round < 4; round++) {
          for (const client of live()) {
            heartbeat(coordinator, client, false);
            clock.advance(1);
            checkSafety(coordinator, clients, shardCount, clock.monotonicMs());
          }
        }
        const survivors = live();
        if (survivors.length === 0) return;
        const counts = survivors.map((c) => c.lastAnswer.length);
        assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, `unbalanced: ${counts.join("/")}`);
        const all = survivors.flatMap((c) => c.lastAnswer).sort((a, b) => a - b);
        assert.deepEqual(
          all,
          Array.from({ length: shardCount }, (_, i) => i),
          "every shard in exactly one answer",
        );
        assert.ok((coordinator.describeShards("g") ?? []).every((s) => s.status === "already_alloc"));
      },
    ),
    { numRuns: 300 },
  );
});
