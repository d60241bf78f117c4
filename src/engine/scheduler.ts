/**
 * The engine's only door to time: a clock to read and a way to wait until a moment.
 * Production uses {@link createRealScheduler}; tests use `VirtualScheduler`, which runs a
 * ten-second scenario in milliseconds and gives the same answer every time.
 */
import { setImmediate as nextMacrotask, setTimeout as sleepMs } from "node:timers/promises";
import { type Clock, systemClock } from "../core/clock.ts";

/** Clock plus timer, injected into the engine (DESIGN.md "inject the clock"). */
export interface Scheduler {
  /** The clock all intended and actual start times are read from (`monotonicMs`). */
  readonly clock: Clock;
  /**
   * Resolves once `clock.monotonicMs() >= targetMs`, or early (without rejecting) when `signal` aborts.
   * Callers re-check the signal after waking.
   */
  sleepUntil(targetMs: number, signal?: AbortSignal): Promise<void>;
  /**
   * Lets other work run before continuing (a closed-model VU whose iteration never waited must not
   * starve the event loop). The virtual scheduler also advances its clock by a tiny quantum here.
   */
  yieldToLoop(): Promise<void>;
}

/** Tuning for the real scheduler. */
export interface RealSchedulerOptions {
  /** Clock to read; defaults to `performance.now()`/`Date.now()`. */
  clock?: Clock;
  /**
   * How long before a target the scheduler stops sleeping on `setTimeout` and polls with
   * `setImmediate` instead. libuv timers have 1 ms granularity and fire up to ~1 ms late, so a
   * pure-timer loop misses a p99 deviation goal of < 1 ms; polling the last stretch fixes that
   * at a measured CPU cost (see `bench/engine.bench.ts`). 0 disables polling.
   */
  spinMs?: number;
}

/**
 * The default `spinMs`. A `setTimeout(n)` wakes 0–~1.1 ms after n ms, so waking 0.5 ms early and
 * polling the rest lands within a few µs of the target; 1 ms would poll whole 2 ms gaps at 500/s
 * (`floor(1.99 − 1) = 0` → no timer at all), burning a core. See `bench/engine.bench.ts`.
 */
export const DEFAULT_SPIN_MS = 0.5;

/**
 * A scheduler on real time: `setTimeout` for the coarse part of a wait, then `setImmediate`
 * polling (which still lets sockets be served between polls) for the last `spinMs`.
 */
export function createRealScheduler(options: RealSchedulerOptions = {}): Scheduler {
  const clock = options.clock ?? systemClock;
  const spinMs = options.spinMs ?? DEFAULT_SPIN_MS;
  return {
    clock,
    async sleepUntil(targetMs, signal) {
      let remaining = targetMs - clock.monotonicMs();
      if (remaining <= 0 || signal?.aborted) return;
      const coarse = Math.floor(remaining - spinMs);
      if (coarse >= 1) {
        try {
          await sleepMs(coarse, undefined, signal ? { signal } : undefined);
        } catch {
          return; // aborted: wake early, the caller checks the signal
        }
        remaining = targetMs - clock.monotonicMs();
      }
      if (spinMs <= 0) {
        // No polling: finish with one more timer (rounded up, so we never wake early).
        if (remaining > 0) await sleepMs(Math.ceil(remaining));
        return;
      }
      while (clock.monotonicMs() < targetMs && !signal?.aborted) await nextMacrotask();
    },
    yieldToLoop: () => nextMacrotask(),
  };
}
