/**
 * Remembers POP signature nonces (RPC v1 `SignatureNonce`, V3 `x-acs-signature-nonce`) so a replayed
 * request is refused with 400 `SignatureNonceUsed` (docs/alibaba/pop-errors.md#gateway-codes). How long the real
 * gateway remembers a nonce is not documented (docs/unconfirmed-behaviour.md#rpc-nonce-replay-window), so the window is
 * an option; the default, 15 minutes, equals the timestamp tolerance: a request older than that is refused as expired
 * anyway, so a longer memory adds nothing.
 *
 * Bounded both ways: entries expire by time (oldest first: a Map iterates in insertion order, and the
 * monotonic clock makes that the expiry order) and the count is capped; past the cap the oldest entry is
 * forgotten early (counted in `evictedEarly`, so a bench or test can tell the cap was too small).
 */
import type { Clock } from "../core/clock.ts";

/** Options of `NonceStore`. */
export interface NonceStoreOptions {
  clock: Clock;
  /**
   * How long a nonce is remembered, ms (docs/unconfirmed-behaviour.md#rpc-nonce-replay-window: unconfirmed; default 15
   * min).
   */
  windowMs?: number;
  /** At most this many nonces are kept (default 1 000 000). */
  maxEntries?: number;
}

/** Nonces seen in the last `windowMs`, per AccessKeyId. */
export class NonceStore {
  readonly windowMs: number;
  readonly maxEntries: number;
  readonly #clock: Clock;
  /** `accessKeyId \n nonce` → monotonic ms when it expires. */
  readonly #seen = new Map<string, number>();
  #evictedEarly = 0;

  constructor(options: NonceStoreOptions) {
    this.#clock = options.clock;
    this.windowMs = options.windowMs ?? 15 * 60 * 1000;
    this.maxEntries = options.maxEntries ?? 1_000_000;
    if (!(this.windowMs > 0)) throw new RangeError(`nonce window must be > 0 ms, got ${this.windowMs}`);
    if (!Number.isInteger(this.maxEntries) || this.maxEntries < 1)
      throw new RangeError(`nonce store size must be an integer ≥ 1, got ${this.maxEntries}`);
  }

  /** Records `nonce` for `accessKeyId`; false when it was already used within the window (a replay). */
  remember(accessKeyId: string, nonce: string): boolean {
    const now = this.#clock.monotonicMs();
    this.#expire(now);
    const key = `${accessKeyId}\n${nonce}`;
    if (this.#seen.has(key)) return false;
    this.#seen.set(key, now + this.windowMs);
    if (this.#seen.size > this.maxEntries) {
      const oldest = this.#seen.keys().next();
      if (oldest.done !== true) this.#seen.delete(oldest.value);
      this.#evictedEarly += 1;
    }
    return true;
  }

  /** Nonces currently remembered. */
  get size(): number {
    return this.#seen.size;
  }

  /** Nonces forgotten before their window ended because the store was full. */
  get evictedEarly(): number {
    return this.#evictedEarly;
  }

  /** Forgets everything (admin reset). */
  clear(): void {
    this.#seen.clear();
    this.#evictedEarly = 0;
  }

  #expire(now: number): void {
    for (const [key, expiresAt] of this.#seen) {
      if (expiresAt > now) return;
      this.#seen.delete(key);
    }
  }
}
