/**
 * Deadlines of many in-flight requests, watched by one interval timer instead of one timer each.
 *
 * A request timeout almost never fires; arming and clearing a Node timer for every request is a
 * Timeout object, a libuv clock read and two list operations that are thrown away 99.99 % of the time.
 * Here a request costs an array push and a swap-remove, and one timer runs only while something is in flight.
 * (Not a Set: a Set under constant insert/delete churn reallocates its table, and each table, referenced
 * from the long-lived Set, is promoted to the old generation: at 30k requests/s the heap grew ~1 MB per
 * scavenge and GC time per request tripled.)
 * The price is granularity: an expired request is aborted 0–`granularityMs` after its deadline, never
 * before it (k6's request `timeout` is no more exact: its timers run on Go's scheduler).
 */

/** Something with a deadline that can be told it has passed. */
export interface Expiring {
  /** Set by {@link DeadlineSweep.add}; on the sweep's clock. */
  deadlineMs: number;
  /** Where the sweep keeps the item (its own bookkeeping; start with -1: not watched). */
  sweepIndex: number;
  /** Called once, at the first sweep at or after `deadlineMs`; the item is no longer watched. */
  expire(): void;
}

/** The timer functions the sweep uses (injectable for tests). */
export interface SweepTimers {
  now(): number;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

const REAL_TIMERS: SweepTimers = {
  now: () => performance.now(),
  setInterval(fn, ms) {
    // Unref'd: a request in flight keeps the process alive through its socket, not through this timer.
    return setInterval(fn, ms).unref();
  },
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

/** `sweepIndex` of an item not watched, and of a due item about to be told. */
const NOT_WATCHED = -1;
const EXPIRING = -2;

export class DeadlineSweep {
  readonly #watched: Expiring[] = [];
  #timer: unknown;

  constructor(
    readonly granularityMs: number,
    readonly timers: SweepTimers = REAL_TIMERS,
  ) {
    if (!(granularityMs > 0)) throw new RangeError(`granularityMs must be > 0, got ${granularityMs}`);
  }

  /** Watches `item`, due `timeoutMs` from now. */
  add(item: Expiring, timeoutMs: number): void {
    item.deadlineMs = this.timers.now() + timeoutMs;
    item.sweepIndex = this.#watched.length;
    this.#watched.push(item);
    if (this.#timer === undefined) this.#timer = this.timers.setInterval(() => this.sweep(), this.granularityMs);
  }

  /** Stops watching `item` (it finished); a no-op when it is not watched. */
  delete(item: Expiring): void {
    const i = item.sweepIndex;
    if (i === EXPIRING) item.sweepIndex = NOT_WATCHED; // finished by another item's expiry: not told
    if (i < 0 || this.#watched[i] !== item) return;
    item.sweepIndex = NOT_WATCHED;
    const last = this.#watched.pop() as Expiring;
    if (last !== item) {
      this.#watched[i] = last;
      last.sweepIndex = i;
    }
    if (this.#watched.length === 0) this.#stop();
  }

  /** How many items are watched. */
  get size(): number {
    return this.#watched.length;
  }

  /** Expires every item whose deadline has come (the interval calls this; exposed for tests). */
  sweep(): void {
    const now = this.timers.now();
    const due: Expiring[] = [];
    for (const item of this.#watched) if (item.deadlineMs <= now) due.push(item);
    // Taken out first, then told: an `expire()` may finish other due items (they are then not told) or add new ones.
    for (const item of due) {
      this.delete(item);
      item.sweepIndex = EXPIRING;
    }
    for (const item of due) {
      if (item.sweepIndex !== EXPIRING) continue;
      item.sweepIndex = NOT_WATCHED;
      item.expire();
    }
    if (this.#watched.length === 0) this.#stop();
  }

  #stop(): void {
    if (this.#timer === undefined) return;
    this.timers.clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
