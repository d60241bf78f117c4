import assert from "node:assert/strict";
import { test } from "node:test";
import { EventLog, type MockEvent } from "../../../src/mock/domain/event-log.ts";

const event = (n: number): MockEvent => ({
  kind: "joined",
  atMonoMs: n,
  atWallMs: n,
  logstore: "p/l",
  group: "g",
  consumer: `c${n}`,
});

test("since(seq) returns later events in order, and counts the ones overwritten", () => {
  const log = new EventLog(3);
  assert.deepEqual(log.since(0), { events: [], lastSeq: 0, missed: 0 });
  for (let n = 1; n <= 5; n++) log.append(event(n));
  const page = log.since(0);
  assert.deepEqual(
    page.events.map((e) => e.seq),
    [3, 4, 5],
  );
  assert.equal(page.missed, 2);
  assert.equal(page.lastSeq, 5);
  assert.deepEqual(
    log.since(3).events.map((e) => [e.seq, e.atMonoMs]),
    [
      [4, 4],
      [5, 5],
    ],
  );
  assert.equal(log.since(3).missed, 0);
  assert.deepEqual(log.since(5).events, []);
  assert.throws(() => new EventLog(0), /capacity/);
});
