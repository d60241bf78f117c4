/**
 * Time, injected. Pure code never reads the system clock itself: it receives a `Clock`,
 * so tests can drive it (docs/design.md#inject-the-clock).
 */
export interface Clock {
  /** Monotonic milliseconds (fractional), for durations and deadlines; never jumps with wall-clock changes. */
  monotonicMs(): number;
  /** Wall-clock epoch milliseconds, for timestamps shown to users and signature dates. */
  wallMs(): number;
}

/** The real clock: `performance.now()` for monotonic time, `Date.now()` for wall time. */
export const systemClock: Clock = {
  monotonicMs: () => performance.now(),
  wallMs: () => Date.now(),
};

/** A clock that only moves when told to; for tests and property tests. */
export class ManualClock implements Clock {
  #mono: number;
  #wall: number;
  constructor(startWallMs = Date.UTC(2026, 0, 1), startMonoMs = 0) {
    this.#wall = startWallMs;
    this.#mono = startMonoMs;
  }
  monotonicMs(): number {
    return this.#mono;
  }
  wallMs(): number {
    return this.#wall;
  }
  /** Moves both clocks forward by `ms`. */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError("a clock cannot go backwards");
    this.#mono += ms;
    this.#wall += ms;
  }
}
