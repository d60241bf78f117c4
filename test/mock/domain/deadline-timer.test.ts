import assert from "node:assert/strict";
import { test } from "node:test";
import { ManualClock, systemClock } from "../../../src/core/clock.ts";
import { ConsumerGroupCoordinator } from "../../../src/mock/domain/consumer-group-coordinator.ts";
import {
  combineDeadlineSources,
  type DeadlineSource,
  DeadlineTimer,
  type TimerPort,
} from "../../../src/mock/domain/deadline-timer.ts";
import { EventLog } from "../../../src/mock/domain/event-log.ts";

/** A TimerPort driven by a ManualClock: `runDue` fires what setTimeout would have fired by now. */
class FakeTimers implements TimerPort {
  pending = new Map<number, { at: number; callback: () => void }>();
  sets = 0;
  #id = 0;
  constructor(private readonly clock: ManualClock) {}
  set(callback: () => void, delayMs: number): unknown {
    this.sets += 1;
    this.#id += 1;
    this.pending.set(this.#id, { at: this.clock.monotonicMs() + delayMs, callback });
    return this.#id;
  }
  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  runDue(): void {
    for (const [id, timer] of [...this.pending]) {
      if (timer.at <= this.clock.monotonicMs()) {
        this.pending.delete(id);
        timer.callback();
      }
    }
  }
}

/** A coordinator of `shards` shards on a manual clock, with its event log and a DeadlineTimer on fake timers. */
function setUp(shards: number) {
  const clock = new ManualClock(Date.UTC(2026, 0, 1), 0);
  const log = new EventLog();
  const coordinator = new ConsumerGroupCoordinator({ clock, shards, logstore: "p/l", events: log });
  const timers = new FakeTimers(clock);
  return { clock, log, coordinator, timers, timer: new DeadlineTimer(coordinator, clock, timers) };
}

test("one timer evicts at the exact deadline, re-arming only when a deadline gets earlier", () => {
  const { clock, log, coordinator, timers, timer } = setUp(2);
  coordinator.createGroup("g", 2);
  coordinator.createGroup("quick", 1);
  timer.rearm();
  assert.equal(timers.pending.size, 0, "nothing to wait for");

  coordinator.heartbeat("g", "a", []);
  timer.rearm();
  assert.equal(timer.armedForMs, 2000);
  clock.advance(500);
  coordinator.heartbeat("g", "a", [0, 1]); // deadline moves out to 2500: the armed timer is kept
  timer.rearm();
  assert.equal(timer.armedForMs, 2000);
  assert.equal(timers.sets, 1);
  coordinator.heartbeat("quick", "q", []); // earlier deadline (1500): re-armed
  timer.rearm();
  assert.equal(timer.armedForMs, 1500);
  assert.equal(timers.pending.size, 1);

  for (let t = 0; t < 2600; t += 1) {
    clock.advance(1);
    timers.runDue();
  }
  const evictions = log
    .since(0)
    .events.filter((e) => e.kind === "evicted")
    .map((e) => ("consumer" in e ? [e.consumer, e.atMonoMs] : []));
  assert.deepEqual(evictions, [
    ["q", 1500],
    ["a", 2500],
  ]);
  assert.equal(timers.pending.size, 0, "disarmed once nobody is left");
  timer.stop();
  coordinator.heartbeat("g", "b", []);
  timer.rearm();
  assert.equal(timers.pending.size, 0, "a stopped timer stays stopped");
});

test("with real timers: fires no earlier than the deadline on the monotonic clock, and combines sources", async () => {
  const served: number[] = [];
  const make = (offset: number): DeadlineSource => {
    let deadline: number | undefined = systemClock.monotonicMs() + offset;
    return {
      nextDeadlineMs: () => deadline,
      advanceTo(now) {
        if (deadline !== undefined && now >= deadline) {
          served.push(offset);
          deadline = undefined;
        }
      },
    };
  };
  const timer = new DeadlineTimer(combineDeadlineSources([make(30), make(15)]), systemClock);
  timer.rearm();
  assert.ok(timer.armedForMs !== undefined, "armed for the earlier of the two deadlines");
  await new Promise((resolve) => setTimeout(resolve, 120));
  // Node may run a timer up to a loop tick early on the monotonic clock: a fire that finds nothing due must
  // re-arm rather than give up, so both sources are served, in deadline order, and nothing is left armed.
  assert.deepEqual(served, [15, 30]);
  assert.equal(timer.armedForMs, undefined, "disarmed once nothing is pending");
  timer.stop();
});

test("a timer that fires early processes nothing and re-arms for what is left", () => {
  const { clock, log, coordinator, timers, timer } = setUp(1);
  coordinator.createGroup("g", 1);
  coordinator.heartbeat("g", "a", []);
  timer.rearm();
  assert.equal(timer.armedForMs, 1000);
  clock.advance(999);
  for (const [id, pending] of [...timers.pending]) {
    timers.pending.delete(id);
    pending.callback(); // 1 ms early
  }
  assert.equal(coordinator.consumerCount("g"), 1, "not evicted before the deadline");
  assert.equal(timer.armedForMs, 1000, "re-armed for the same deadline");
  clock.advance(1);
  timers.runDue();
  assert.equal(coordinator.consumerCount("g"), 0);
  assert.equal(log.since(0).events.find((e) => e.kind === "evicted")?.atMonoMs, 1000);
});
