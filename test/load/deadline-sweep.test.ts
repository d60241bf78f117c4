import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { DeadlineSweep, type Expiring, type SweepTimers } from "../../src/load-runner/deadline-sweep.ts";

/** Timers on a hand-moved clock: `advance` runs the interval at each multiple of its period. */
function fakeTimers(): SweepTimers & { advance(ms: number): void; running(): boolean } {
  let now = 0;
  let interval: { fn: () => void; ms: number; next: number } | undefined;
  return {
    now: () => now,
    setInterval(fn, ms) {
      interval = { fn, ms, next: now + ms };
      return interval;
    },
    clearInterval(handle) {
      if (handle === interval) interval = undefined;
    },
    advance(ms) {
      const end = now + ms;
      while (interval !== undefined && interval.next <= end) {
        now = interval.next;
        interval.next += interval.ms;
        interval.fn();
      }
      now = end;
    },
    running: () => interval !== undefined,
  };
}

class Item implements Expiring {
  deadlineMs = 0;
  sweepIndex = -1;
  expiredAt: number | undefined;
  constructor(readonly clock: () => number) {}
  expire(): void {
    assert.equal(this.expiredAt, undefined, "expired twice");
    this.expiredAt = this.clock();
  }
}

test("an item expires at the first sweep at or after its deadline, never before, and only once", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 100 }),
      fc.array(
        fc.record({
          at: fc.integer({ min: 0, max: 500 }),
          timeout: fc.integer({ min: 0, max: 400 }),
          finishAfter: fc.option(fc.integer({ min: 0, max: 600 }), { nil: undefined }),
        }),
        { maxLength: 40 },
      ),
      (granularity, plan) => {
        const timers = fakeTimers();
        const sweep = new DeadlineSweep(granularity, timers);
        const events = plan.flatMap((p, i) => [
          { t: p.at, kind: "add" as const, i },
          ...(p.finishAfter === undefined ? [] : [{ t: p.at + p.finishAfter, kind: "finish" as const, i }]),
        ]);
        events.sort((a, b) => a.t - b.t || (a.kind === "add" ? -1 : 1));
        const items = plan.map(() => new Item(timers.now));
        const finishedAt = new Map<number, number>();
        let clock = 0;
        for (const e of events) {
          timers.advance(e.t - clock);
          clock = e.t;
          const item = items[e.i] as Item;
          if (e.kind === "add") sweep.add(item, (plan[e.i] as { timeout: number }).timeout);
          else if (item.expiredAt === undefined) {
            sweep.delete(item);
            finishedAt.set(e.i, clock);
          }
        }
        timers.advance(1000 + granularity);
        plan.forEach((p, i) => {
          const item = items[i] as Item;
          const deadline = p.at + p.timeout;
          if (finishedAt.has(i)) {
            assert.equal(item.expiredAt, undefined, "finished items never expire");
            return;
          }
          assert.ok(item.expiredAt !== undefined, `item ${i} never expired`);
          assert.ok(item.expiredAt >= deadline, `item ${i} expired at ${item.expiredAt}, before ${deadline}`);
          assert.ok(
            item.expiredAt <= deadline + granularity,
            `item ${i} expired at ${item.expiredAt}, due ${deadline}`,
          );
        });
        assert.equal(sweep.size, 0);
        assert.equal(timers.running(), false, "no timer runs while nothing is watched");
      },
    ),
  );
});

test("the timer runs only while something is watched; deleting an unwatched item is a no-op", () => {
  const timers = fakeTimers();
  const sweep = new DeadlineSweep(10, timers);
  const a = new Item(timers.now);
  assert.equal(timers.running(), false);
  sweep.add(a, 100);
  assert.equal(timers.running(), true);
  sweep.delete(a);
  sweep.delete(a);
  assert.equal(sweep.size, 0);
  assert.equal(timers.running(), false);
});

test("an expire() that finishes or adds other items leaves the sweep consistent", () => {
  const timers = fakeTimers();
  const sweep = new DeadlineSweep(10, timers);
  const late = new Item(timers.now);
  const other = new Item(timers.now);
  const first: Expiring = {
    deadlineMs: 0,
    sweepIndex: -1,
    expire() {
      sweep.delete(other); // finished as a consequence
      sweep.add(late, 50);
    },
  };
  sweep.add(first, 5);
  sweep.add(other, 5);
  timers.advance(10);
  assert.equal(other.expiredAt, undefined, "finished by the first expiry, so not told");
  assert.equal(sweep.size, 1);
  timers.advance(60);
  assert.equal(late.expiredAt, 60);
  assert.equal(sweep.size, 0);
});

test("a granularity that is not a positive number is refused", () => {
  assert.throws(() => new DeadlineSweep(0), /granularityMs must be > 0/);
  assert.throws(() => new DeadlineSweep(Number.NaN), /granularityMs must be > 0/);
});
