/**
 * One timer for many deadlines. The consumer-group coordinator keeps an exact deadline per consumer and
 * says which is earliest (`nextDeadlineMs`); this class arms a single `setTimeout` for it, so eviction
 * happens at the deadline, not at the next tick of a coarse sweep. It is the only timer in the mock's domain.
 *
 * Re-arming policy: `rearm()` is cheap and meant to be called after every call that may change deadlines.
 * It only replaces the armed timer when the new earliest deadline is EARLIER; when it is later (the usual
 * case: a heartbeat pushed the deadline out), the armed timer fires early, finds nothing due, and re-arms.
 * That keeps heartbeats from paying a clearTimeout/setTimeout pair each. Timers are unref'd so a pending
 * eviction never keeps the process alive.
 */
import type { Clock } from "../../core/clock.ts";

/** Something with deadlines on the monotonic clock, e.g. `ConsumerGroupCoordinator`. */
export interface DeadlineSource {
  /** Earliest pending deadline (monotonic ms), or `undefined` when nothing is pending. */
  nextDeadlineMs(): number | undefined;
  /** Processes every deadline ≤ `nowMs`, in deadline order. */
  advanceTo(nowMs: number): void;
}

/** The timer functions `DeadlineTimer` uses; injectable for tests. */
export interface TimerPort {
  set(callback: () => void, delayMs: number): unknown;
  clear(handle: unknown): void;
}

/** Node's timers, unref'd. */
export const nodeTimerPort: TimerPort = {
  set(callback, delayMs) {
    const handle = setTimeout(callback, delayMs);
    handle.unref();
    return handle;
  },
  clear(handle) {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

/** Combines several sources (e.g. one coordinator per logstore) into one. */
export function combineDeadlineSources(sources: readonly DeadlineSource[]): DeadlineSource {
  return {
    nextDeadlineMs() {
      let earliest: number | undefined;
      for (const source of sources) {
        const next = source.nextDeadlineMs();
        if (next !== undefined && (earliest === undefined || next < earliest)) earliest = next;
      }
      return earliest;
    },
    advanceTo(nowMs) {
      for (const source of sources) source.advanceTo(nowMs);
    },
  };
}

/** Arms one timer for the earliest deadline of a `DeadlineSource`. */
export class DeadlineTimer {
  readonly #source: DeadlineSource;
  readonly #clock: Clock;
  readonly #timers: TimerPort;
  #handle: unknown;
  #armedForMs: number | undefined;
  #stopped = false;

  constructor(source: DeadlineSource, clock: Clock, timers: TimerPort = nodeTimerPort) {
    this.#source = source;
    this.#clock = clock;
    this.#timers = timers;
  }

  /** The deadline the timer is armed for (monotonic ms), if any. */
  get armedForMs(): number | undefined {
    return this.#armedForMs;
  }

  /** Call after anything that may have changed the source's deadlines. */
  rearm(): void {
    if (this.#stopped) return;
    const next = this.#source.nextDeadlineMs();
    if (next === undefined) {
      this.#disarm();
      return;
    }
    if (this.#armedForMs !== undefined && this.#armedForMs <= next) return;
    this.#disarm();
    // ceil: never fire before the deadline on the monotonic clock (Node timers have 1 ms resolution).
    const delay = Math.max(0, Math.ceil(next - this.#clock.monotonicMs()));
    this.#armedForMs = next;
    this.#handle = this.#timers.set(() => this.#fire(), delay);
  }

  /** Disarms for good (server shutdown). */
  stop(): void {
    this.#stopped = true;
    this.#disarm();
  }

  #fire(): void {
    this.#handle = undefined;
    this.#armedForMs = undefined;
    if (this.#stopped) return;
    this.#source.advanceTo(this.#clock.monotonicMs());
    this.rearm();
  }

  #disarm(): void {
    if (this.#handle !== undefined) this.#timers.clear(this.#handle);
    this.#handle = undefined;
    this.#armedForMs = undefined;
  }
}
