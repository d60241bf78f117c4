/**
 * A scheduler on virtual time for tests: waits resolve in time order, and the clock jumps straight
 * to the next waiter once all pending promise work has settled. A scenario lasting minutes runs in
 * milliseconds and is deterministic (ties resolve in the order the waits were made).
 */
import { setImmediate as nextMacrotask } from "node:timers/promises";
import { ManualClock } from "../core/clock.ts";
import type { Scheduler } from "./scheduler.ts";

interface Waiter {
  at: number;
  seq: number;
  resolve: () => void;
  done: boolean;
}

/** How far `yieldToLoop` moves virtual time, so a VU loop that never waits still terminates. */
const YIELD_QUANTUM_MS = 0.001;

/** Virtual-time {@link Scheduler}; `clock` is a `ManualClock` tests may also advance by hand. */
export class VirtualScheduler implements Scheduler {
  readonly clock: ManualClock;
  #waiters: Waiter[] = [];
  #seq = 0;
  #driving = false;

  constructor(clock: ManualClock = new ManualClock()) {
    this.clock = clock;
  }

  sleepUntil(targetMs: number, signal?: AbortSignal): Promise<void> {
    if (targetMs <= this.clock.monotonicMs() || signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const waiter: Waiter = { at: targetMs, seq: this.#seq++, resolve, done: false };
      const onAbort = (): void => {
        if (waiter.done) return;
        waiter.done = true;
        resolve();
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      waiter.resolve = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      this.#insert(waiter);
      void this.#drive();
    });
  }

  yieldToLoop(): Promise<void> {
    return this.sleepUntil(this.clock.monotonicMs() + YIELD_QUANTUM_MS);
  }

  /** Number of waits not yet resolved (for tests that check nothing is left behind). */
  get pendingWaits(): number {
    return this.#waiters.filter((w) => !w.done).length;
  }

  #insert(w: Waiter): void {
    // Sorted insert by (at, seq); waits are few at a time, so a binary search over an array is plenty.
    let lo = 0;
    let hi = this.#waiters.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = this.#waiters[mid] as Waiter;
      if (m.at < w.at || (m.at === w.at && m.seq < w.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.#waiters.splice(lo, 0, w);
  }

  async #drive(): Promise<void> {
    if (this.#driving) return;
    this.#driving = true;
    try {
      for (;;) {
        // A macrotask hop drains every queued microtask: all code that can run at this instant has run.
        await nextMacrotask();
        const next = this.#waiters.shift();
        if (!next) return;
        if (next.done) continue;
        next.done = true;
        const now = this.clock.monotonicMs();
        if (next.at > now) this.clock.advance(next.at - now);
        next.resolve();
      }
    } finally {
      this.#driving = false;
    }
  }
}
