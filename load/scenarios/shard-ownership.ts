/**
 * Who owned which shard when, reconstructed from heartbeat answers only (what a client can observe),
 * to check the hand-off guarantees of docs/alibaba/sls-consumer-groups.md#heartbeat-answer-contents from the
 * outside:
 * - a consumer owns the shards of its latest answer, from the moment that answer arrived until its
 *   next answer; a consumer that went silent owns its last answer's shards until its documented
 *   expiry (last heartbeat + timeout), after which the server may hand them on;
 * - double ownership: a shard appearing in an answer while another consumer still owns it (must never
 *   happen: "no shard is ever in two consumers' answers");
 * - hand-off gap: for a shard whose owner expired, the time from the expiry to the answer in which a
 *   survivor first holds it (the time the shard was owned by nobody).
 * Pure: times are whatever clock the caller uses (ms).
 */

/** A shard taken over from an expired (silent) consumer. */
export interface Takeover {
  shard: number;
  from: string;
  to: string;
  atMs: number;
  /** `atMs` − the previous owner's expiry. */
  gapMs: number;
}

/** A shard seen in two consumers' ownership at once. */
export interface DoubleOwnership {
  shard: number;
  owners: [string, string];
  atMs: number;
}

interface Owner {
  shards: Set<number>;
  sinceMs: number;
  /** Set when the consumer went silent: it owns its shards until then. */
  expiresAtMs?: number;
}

/** Tracks shard ownership across consumers' heartbeat answers. */
export class ShardOwnership {
  readonly #owners = new Map<string, Owner>();
  readonly takeovers: Takeover[] = [];
  readonly doubles: DoubleOwnership[] = [];

  /** The shards `consumer` owns according to its latest answer (empty if none). */
  shardsOf(consumer: string): number[] {
    return [...(this.#owners.get(consumer)?.shards ?? [])].sort((a, b) => a - b);
  }

  /** Records `consumer`'s answer `shards`, received at `atMs`. Returns the shards new in this answer. */
  recordAnswer(consumer: string, atMs: number, shards: readonly number[]): number[] {
    const previous = this.#owners.get(consumer);
    const next = new Set(shards);
    const added: number[] = [];
    for (const shard of next) {
      if (previous?.shards.has(shard)) continue;
      added.push(shard);
      for (const [other, owner] of this.#owners) {
        if (other === consumer || !owner.shards.has(shard)) continue;
        if (owner.expiresAtMs !== undefined && owner.expiresAtMs <= atMs) {
          this.takeovers.push({ shard, from: other, to: consumer, atMs, gapMs: atMs - owner.expiresAtMs });
          owner.shards.delete(shard);
        } else {
          this.doubles.push({ shard, owners: [other, consumer], atMs });
        }
      }
    }
    this.#owners.set(consumer, { shards: next, sinceMs: atMs });
    return added.sort((a, b) => a - b);
  }

  /** `consumer` stopped heartbeating; it owns its shards until `expiresAtMs` (last heartbeat + timeout). */
  markSilent(consumer: string, expiresAtMs: number): void {
    const owner = this.#owners.get(consumer);
    if (owner) owner.expiresAtMs = expiresAtMs;
    else this.#owners.set(consumer, { shards: new Set(), sinceMs: expiresAtMs, expiresAtMs });
  }
}
