/**
 * Per-key request-rate limit, e.g. Live ListEventSubEvent's "50 times per second per account"
 * (docs/alibaba/live-event-subscriptions.md#request-limit, docs/alibaba/pop-errors.md#flow-control; the limit comes
 * from the spec's `x-qps-limit`, the key is the account).
 *
 * Policy: a sliding window over admitted requests. Each key keeps the timestamps of its last `limit`
 * admits in a ring buffer; a request is admitted iff fewer than `limit` requests were admitted, or the
 * oldest of the last `limit` admits is at least `windowMs` (1000 ms) ago. Consequences, by design:
 * - every window [t, t + 1000 ms) contains at most `limit` admits, whatever the arrival pattern;
 * - a full burst of `limit` requests at one instant is admitted, then nothing until the window slides past
 *   the first of them (no token-bucket smoothing; the docs do not describe one);
 * - a client sending at most `limit` requests per second, evenly spaced, is never refused;
 * - rejected requests do not count: they use no capacity (the docs say they are "dropped").
 * Timestamps are fractional ms; a 1 ns tolerance (`TOLERANCE_MS`) keeps float rounding from refusing a client
 * that sends exactly `limit` evenly spaced requests per second (e.g. 3/s at 333.33… ms).
 * Memory: `limit` numbers per key. Keys should be authenticated accounts, so their number is bounded.
 */
import type { Clock } from "../../core/clock.ts";
import type { EventSink } from "./event-log.ts";

/** Result of `RateLimiter.tryAdmit`. */
export type AdmitResult = { admitted: true } | { admitted: false; retryAfterMs: number };

/** Construction options of `RateLimiter`. */
export interface RateLimiterOptions {
  clock: Clock;
  /** Requests per window, ≥ 1 (the spec's `x-qps-limit`). */
  limit: number;
  /** Operation name put on `throttled` events. */
  operation: string;
  /** Window length in ms; 1000 for a per-second limit. */
  windowMs?: number;
  events?: EventSink;
}

/** Float tolerance when comparing an admit's age with the window, ms. */
export const TOLERANCE_MS = 1e-6;

interface KeyWindow {
  /** Monotonic ms of the last `limit` admits, a ring; `next` is where the next admit goes (= the oldest when full). */
  admits: Float64Array;
  next: number;
  size: number;
}

/** Sliding-window limiter over admitted requests, one window per key. */
export class RateLimiter {
  readonly operation: string;
  readonly windowMs: number;
  readonly #clock: Clock;
  readonly #events: EventSink | undefined;
  readonly #keys = new Map<string, KeyWindow>();
  #limit: number;

  constructor(options: RateLimiterOptions) {
    this.#clock = options.clock;
    this.#events = options.events;
    this.operation = options.operation;
    this.windowMs = options.windowMs ?? 1000;
    if (!(this.windowMs > 0)) throw new RangeError(`windowMs must be > 0, got ${this.windowMs}`);
    this.#limit = checkLimit(options.limit);
  }

  /** The current limit per window. */
  get limit(): number {
    return this.#limit;
  }

  /** Changes the limit at run time (the `qps-limit=N` fault); the newest admits are kept. */
  setLimit(limit: number): void {
    this.#limit = checkLimit(limit);
    for (const [key, window] of this.#keys) this.#keys.set(key, resize(window, this.#limit));
  }

  /** Admits or refuses one request of `key` at the clock's current monotonic time. */
  tryAdmit(key: string): AdmitResult {
    const now = this.#clock.monotonicMs();
    let window = this.#keys.get(key);
    if (window === undefined) {
      window = { admits: new Float64Array(this.#limit), next: 0, size: 0 };
      this.#keys.set(key, window);
    }
    if (window.size < this.#limit) {
      window.admits[window.next] = now;
      window.next = (window.next + 1) % this.#limit;
      window.size += 1;
      return { admitted: true };
    }
    const oldest = window.admits[window.next] ?? now;
    const freeAt = oldest + this.windowMs;
    if (now >= freeAt - TOLERANCE_MS) {
      window.admits[window.next] = now;
      window.next = (window.next + 1) % this.#limit;
      return { admitted: true };
    }
    const retryAfterMs = Math.max(1, Math.ceil(freeAt - now));
    this.#events?.append({
      kind: "throttled",
      atMonoMs: now,
      atWallMs: this.#clock.wallMs(),
      key,
      operation: this.operation,
      limit: this.#limit,
      retryAfterMs,
    });
    return { admitted: false, retryAfterMs };
  }

  /** Forgets every key's history (admin reset between test runs). */
  reset(): void {
    this.#keys.clear();
  }
}

function checkLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`a rate limit must be an integer ≥ 1 request per window, got ${limit}`);
  }
  return limit;
}

/** Keeps the newest min(size, limit) admits, oldest first, in a ring of the new size. */
function resize(window: KeyWindow, limit: number): KeyWindow {
  const capacity = window.admits.length;
  const keep = Math.min(window.size, limit);
  const admits = new Float64Array(limit);
  // The newest admit sits just before `next`; copy the last `keep` in chronological order.
  for (let i = 0; i < keep; i++) {
    const from = (window.next - keep + i + capacity * 2) % capacity;
    admits[i] = window.admits[from] ?? 0;
  }
  return { admits, next: keep % limit, size: keep };
}
