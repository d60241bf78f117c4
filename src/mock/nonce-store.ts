/**
 * Remembers POP signature nonces (RPC v1 `SignatureNonce`, V3 `x-acs-signature-nonce`) so a replayed request is
 * refused with 400 `SignatureNonceUsed` (docs/alibaba/pop-errors.md#gateway-codes). How long the real gateway
 * remembers a nonce is not documented (docs/unconfirmed-behaviour.md#rpc-nonce-replay-window); the mock remembers it
 * for as long as the request's own timestamp is accepted, so a copy replayed at any moment the signature check would
 * pass is refused: a timestamp up to `maxSkew` in the future is accepted until `maxSkew` after it, i.e. up to twice
 * the skew after receipt. `windowMs` (default 15 min) is a floor on top.
 *
 * Bounded (docs/mock-limits.md#nonce-store):
 * - a nonce longer than `maxNonceLength` characters is refused (`too-long`), never stored;
 * - the store holds copies of the id and nonce, never the strings it was given: those are usually slices of the
 *   request's query or form text, and a slice keeps its whole parent alive (a 2 MB body per nonce, for 15 minutes);
 * - its size is estimated in bytes and capped by `maxBytes` (and by `maxEntries`). When full it refuses new nonces
 *   (`full`) rather than forget live ones early: forgetting would let a replay through, which is the one thing the
 *   store exists to prevent; a refusal is visible (503 at the gateway, counted in `refusedFull`) and clears itself as
 *   entries expire.
 *
 * Entries expire in one-second buckets keyed by the second they expire in, so expiry costs O(1) per entry however
 * their deadlines interleave (a request timed in the future outlives a later one timed in the past).
 */
import type { Clock } from "../core/clock.ts";
import { detachedCopy } from "../core/detached-copy.ts";

/** Options of `NonceStore`. */
export interface NonceStoreOptions {
  clock: Clock;
  /** Least time a nonce is remembered after receipt, ms (docs/unconfirmed-behaviour.md#rpc-nonce-replay-window). */
  windowMs?: number;
  /** Longest nonce accepted, characters (default 128: SDKs send 32 hex digits or a 36-character UUID). */
  maxNonceLength?: number;
  /** Memory budget, estimated bytes (default 64 MiB: about 400 000 SDK-sized nonces). */
  maxBytes?: number;
  /** At most this many nonces (default 1 000 000). */
  maxEntries?: number;
}

/** What `remember` decided. */
export type NonceVerdict = "fresh" | "replayed" | "too-long" | "full";

/** A sanity cap on one nonce's lifetime (a day: far beyond any skew tolerance), which bounds a sweep's walk. */
const MAX_LIFETIME_MS = 24 * 3600 * 1000;

/** Estimated bytes of one entry besides its key's characters: a Map entry, a bucket slot, a string header. */
const ENTRY_OVERHEAD_BYTES = 96;

/** Nonces per AccessKeyId, each remembered until its request's timestamp is no longer accepted. */
export class NonceStore {
  readonly windowMs: number;
  readonly maxNonceLength: number;
  readonly maxBytes: number;
  readonly maxEntries: number;
  readonly #clock: Clock;
  /** `accessKeyId \n nonce` → monotonic ms when it expires. */
  readonly #expiry = new Map<string, number>();
  /** Second (monotonic) → keys that expire in it. */
  readonly #buckets = new Map<number, string[]>();
  /** Every bucket up to this second has been emptied. */
  #sweptSecond: number;
  #lastBucket = Number.NEGATIVE_INFINITY;
  #bytes = 0;
  #refusedFull = 0;

  constructor(options: NonceStoreOptions) {
    this.#clock = options.clock;
    this.windowMs = options.windowMs ?? 15 * 60 * 1000;
    this.maxNonceLength = options.maxNonceLength ?? 128;
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.maxEntries = options.maxEntries ?? 1_000_000;
    this.#sweptSecond = Math.floor(this.#clock.monotonicMs() / 1000);
    if (!(this.windowMs > 0)) throw new RangeError(`nonce window must be > 0 ms, got ${this.windowMs}`);
    for (const [what, value] of [
      ["nonce store size", this.maxEntries],
      ["nonce store budget", this.maxBytes],
      ["nonce length limit", this.maxNonceLength],
    ] as const)
      if (!Number.isInteger(value) || value < 1) throw new RangeError(`${what} must be an integer ≥ 1, got ${value}`);
  }

  /**
   * Records `nonce` for `accessKeyId`. `acceptedUntilWallMs` is the last wall-clock millisecond at which the request's
   * timestamp passes the skew check (its time + the tolerance: the check refuses only beyond it, verify-checks.ts);
   * the nonce is kept through that millisecond, so a replay sent at it is refused too.
   */
  remember(accessKeyId: string, nonce: string, acceptedUntilWallMs = Number.NEGATIVE_INFINITY): NonceVerdict {
    if (nonce.length > this.maxNonceLength) return "too-long";
    const now = this.#clock.monotonicMs();
    this.#expire(now);
    const key = `${accessKeyId}\n${nonce}`;
    const known = this.#expiry.get(key);
    if (known !== undefined && known > now) return "replayed";
    const lifetime = Math.min(Math.max(this.windowMs, acceptedUntilWallMs + 1 - this.#clock.wallMs()), MAX_LIFETIME_MS);
    // Expired but not yet swept: it takes the new deadline (its old bucket's entry is skipped on sweep).
    if (known === undefined) {
      const cost = entryBytes(key);
      if (this.#bytes + cost > this.maxBytes || this.#expiry.size >= this.maxEntries) {
        this.#refusedFull += 1;
        return "full";
      }
      this.#bytes += cost;
    }
    this.#add(detachedCopy(key), now + lifetime);
    return "fresh";
  }

  /** Nonces currently remembered. */
  get size(): number {
    return this.#expiry.size;
  }

  /** Estimated bytes the remembered nonces take. */
  get bytes(): number {
    return this.#bytes;
  }

  /** New nonces refused because the store was full. */
  get refusedFull(): number {
    return this.#refusedFull;
  }

  /** Forgets everything (admin reset). */
  clear(): void {
    this.#expiry.clear();
    this.#buckets.clear();
    this.#bytes = 0;
    this.#refusedFull = 0;
    this.#lastBucket = Number.NEGATIVE_INFINITY;
  }

  #add(key: string, expiresAt: number): void {
    this.#expiry.set(key, expiresAt);
    const second = bucketOf(expiresAt);
    const bucket = this.#buckets.get(second);
    if (bucket === undefined) this.#buckets.set(second, [key]);
    else bucket.push(key);
    if (second > this.#lastBucket) this.#lastBucket = second;
  }

  /** Empties every bucket whose second has fully passed (its entries expired at or before `now`). */
  #expire(now: number): void {
    const second = Math.floor(now / 1000);
    if (second <= this.#sweptSecond) return;
    if (second >= this.#lastBucket) {
      // Everything has expired (also after a long idle spell: no walk over the seconds in between).
      this.#expiry.clear();
      this.#buckets.clear();
      this.#bytes = 0;
    } else {
      // Bounded by the longest lifetime: an idle spell longer than that took the branch above.
      for (let s = this.#sweptSecond + 1; s <= second; s++) this.#sweep(s);
    }
    this.#sweptSecond = second;
  }

  #sweep(second: number): void {
    const keys = this.#buckets.get(second);
    if (keys === undefined) return;
    this.#buckets.delete(second);
    for (const key of keys) {
      const expiresAt = this.#expiry.get(key);
      // A key re-added with a later deadline sits in another bucket too: only its current bucket removes it.
      if (expiresAt === undefined || bucketOf(expiresAt) !== second) continue;
      this.#expiry.delete(key);
      this.#bytes -= entryBytes(key);
    }
  }
}

/** The bucket of a deadline: the first whole second at or after it, so an entry is never swept early. */
function bucketOf(expiresAt: number): number {
  return Math.ceil(expiresAt / 1000);
}

function entryBytes(key: string): number {
  return ENTRY_OVERHEAD_BYTES + 2 * key.length;
}
