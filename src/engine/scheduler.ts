/**
 * The engine's only door to time: a clock to read and a way to wait until a moment.
 * Production uses {@link createRealScheduler}; tests use `VirtualScheduler`, which runs a
 * ten-second scenario in milliseconds and gives the same answer every time.
 */
import { setImmediate as nextMacrotask, setTimeout as sleepMs } from "node:timers/promises";
import { type Clock, systemClock } from "../core/clock.ts";
import { getTimerThread, type TimerThread } from "./timer-thread.ts";

/** Clock plus timer, injected into the engine (docs/design.md#inject-the-clock). */
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

/** How the real scheduler covers the last stretch before a target. */
export type WakeMode = "thread" | "poll";

/** Tuning for the real scheduler. */
export interface RealSchedulerOptions {
  /** Clock to read; defaults to `performance.now()`/`Date.now()`. */
  clock?: Clock;
  /**
   * `"thread"` (default): a helper thread sleeps with sub-millisecond precision and wakes the event
   * loop (`timer-thread.ts`), so waiting costs no polling. `"poll"`: `setTimeout` for the coarse
   * part, then `setImmediate` polling for the last `spinMs` — the fallback where threads are
   * unavailable. libuv timers have 1 ms granularity, so a pure-timer loop misses a p99 deviation
   * goal of < 1 ms (see `bench/engine.bench.ts`).
   */
  wake?: WakeMode;
  /**
   * Polling window before a target. Thread mode: the thread wakes the loop this much early and
   * `setImmediate` polling covers the rest, hiding the loop's wake-up latency; default: the
   * measured 90th percentile of that latency (0.05–0.5 ms). Poll mode: how long before a target
   * the `setTimeout` ends (default {@link DEFAULT_POLL_SPIN_MS}). 0 disables polling.
   */
  spinMs?: number;
}

/**
 * The default `spinMs` in poll mode. A `setTimeout(n)` wakes 0–~1.1 ms after n ms, so waking 0.5 ms
 * early and polling the rest lands within a few µs of the target; 1 ms would poll whole 2 ms gaps at
 * 500/s (`floor(1.99 − 1) = 0` → no timer at all), burning a core. See `bench/engine.bench.ts`.
 */
export const DEFAULT_POLL_SPIN_MS = 0.5;

/**
 * Waits longer than this start on a plain `setTimeout` and hand over to the thread for the last
 * half of it: the thread then only ever holds waits due soon, and a long idle wait costs nothing.
 */
const THREAD_HANDOFF_MS = 20;

/**
 * A scheduler on real time. Thread mode: `setTimeout` for long waits, the timer thread for the last
 * `THREAD_HANDOFF_MS`, `setImmediate` polling for the last `spinMs`. Poll mode: `setTimeout`, then
 * polling (which still lets sockets be served between polls) for the last `spinMs`.
 */
export function createRealScheduler(options: RealSchedulerOptions = {}): Scheduler {
  const clock = options.clock ?? systemClock;
  const wake = options.wake ?? "thread";
  const thread = wake === "thread" ? getTimerThread() : undefined;
  const fixedSpinMs = options.spinMs;
  return {
    clock,
    async sleepUntil(targetMs, signal) {
      let remaining = targetMs - clock.monotonicMs();
      if (remaining <= 0 || signal?.aborted) return;
      const onThread = thread?.usable === true;
      const spinMs = fixedSpinMs ?? (onThread ? thread.wakeLatencyMs : DEFAULT_POLL_SPIN_MS);
      if (onThread) remaining = await sleepOnThread(thread, clock, targetMs, remaining, spinMs, signal);
      // Poll mode, or the thread died mid-wait: a timer for the coarse part (no-op when < 1 ms is left).
      if (remaining > spinMs && !signal?.aborted)
        remaining = await sleepOnTimer(clock, targetMs, remaining, spinMs, signal);
      if (remaining <= 0 || signal?.aborted) return;
      if (spinMs <= 0) {
        // No polling: finish with one more timer (rounded up, so we never wake early).
        await sleepMs(Math.ceil(remaining), undefined, signal ? { signal } : undefined).catch(() => {});
        return;
      }
      while (clock.monotonicMs() < targetMs && !signal?.aborted) await nextMacrotask();
    },
    yieldToLoop: () => nextMacrotask(),
  };
}

/** Sleeps on a timer until about `spinMs` before the target; returns what remains (ms). */
async function sleepOnTimer(
  clock: Clock,
  targetMs: number,
  remaining: number,
  spinMs: number,
  signal: AbortSignal | undefined,
): Promise<number> {
  const coarse = Math.floor(remaining - spinMs);
  if (coarse < 1) return remaining;
  try {
    await sleepMs(coarse, undefined, signal ? { signal } : undefined);
  } catch {
    return 0; // aborted: wake early, the caller checks the signal
  }
  return targetMs - clock.monotonicMs();
}

/** Sleeps on a timer and then the timer thread until `spinMs` before the target; returns what remains. */
async function sleepOnThread(
  thread: TimerThread,
  clock: Clock,
  targetMs: number,
  remaining: number,
  spinMs: number,
  signal: AbortSignal | undefined,
): Promise<number> {
  // Long waits: a plain timer until half the hand-off window is left (0 when aborted).
  if (remaining > THREAD_HANDOFF_MS)
    remaining = await sleepOnTimer(clock, targetMs, remaining, THREAD_HANDOFF_MS / 2, signal);
  if (remaining <= spinMs || signal?.aborted) return remaining;
  // The thread runs on performance.now(); the injected clock may differ by an offset, not a rate.
  await thread.wakeAt(performance.now() + remaining - spinMs, signal);
  return targetMs - clock.monotonicMs();
}
