/**
 * The consumer groups of ONE logstore: groups, consumers, heartbeats, shard assignment, eviction and
 * checkpoints, as described in docs/alibaba/sls-consumer-groups.md. Pure: time comes from the injected `Clock`,
 * and the only timer is the server's `DeadlineTimer`, which calls `advanceTo` at `nextDeadlineMs()`.
 *
 * Shard assignment (docs/alibaba/sls-consumer-groups.md#shard-assignment, the Java consumer README's state machine):
 * - Each shard is `not_alloc`, `already_alloc` (held by `owner`) or `transfer` (still held by `owner`, bound to
 *   `next`). `wait` and `over` exist in the state type but are never entered: the mock models every shard as
 *   read-write with no ancestors and no end (no splits or merges), so `order` is stored and reported but
 *   changes nothing. This is a documented simplification.
 * - A consumer's "load" counts the shards it holds in `already_alloc` plus the shards in `transfer` towards it.
 *   Balance: after every change, free shards go to the least-loaded consumer, then while the most- and
 *   least-loaded consumers differ by more than 1, one shard moves from the former to the latter. Nothing
 *   moves otherwise (stickiness, inferred from edge 5).
 * - Moving a held shard puts it in `transfer`: it disappears from the old holder's answer at once, and goes
 *   to `next` only when the old holder's heartbeat no longer reports it, or the old holder is evicted (edge 6).
 *   If `next` is evicted first, the shard stays with the old holder. So no shard is ever in two answers.
 * - Which shard moves and which consumer gets it is not documented
 *   (docs/unconfirmed-behaviour.md#shard-assignment-order): the mock prefers retargeting a shard already in transfer,
 *   then the holder's highest shard ID, and gives it to the consumer that has been least loaded the longest. Answers
 *   are sorted ascending (also docs/unconfirmed-behaviour.md#shard-assignment-order).
 * - Shards a consumer reports but does not hold, and nonexistent shard IDs, are ignored
 *   (docs/unconfirmed-behaviour.md#shards-reported-but-not-held: the README says the ack "only contains shards held by
 *   this consumer in already_alloc"; a documented assumption, not a switch).
 *
 * Eviction: a consumer is removed exactly `timeout` s after its last heartbeat. Within a group every consumer
 * has the same timeout, so the consumers form a list ordered by last heartbeat (moved to the tail on each
 * heartbeat, O(1), no allocation); the head has the group's earliest deadline. `advanceTo(now)` evicts in
 * global deadline order, and every public call first runs `advanceTo(clock.monotonicMs())`, so answers are
 * right even when the timer fires late. Evicted consumers are removed entirely: memory is bounded by the
 * number of live consumers, and that by CONSUMER_GROUP_LIMITS (names and checkpoints are bounded and kept as copies:
 * the strings a request hands in are slices of its text).
 */
import type { Clock } from "../../core/clock.ts";
import { detachedCopy } from "../../core/detached-copy.ts";
import { CONSUMER_GROUP_LIMITS, type ConsumerGroupLimits } from "./consumer-group-limits.ts";
import { type DomainError, failWith, type Outcome } from "./domain-error.ts";
import type { ConsumerGroupEvent, ConsumerGroupEventKind, EventSink } from "./event-log.ts";

/**
 * Behaviour the docs leave open (docs/unconfirmed-behaviour.md: the timeout range, the not-found codes and the
 * undocumented statuses, deleting a missing group, checkpoints), plus the documented group quota.
 */
export interface ConsumerGroupRules {
  /** Groups per logstore: 30 ([DOC] api-createconsumergroup). */
  maxGroups: number;
  /**
   * HTTP status of `ConsumerGroupQuotaExceed` (undocumented,
   * docs/unconfirmed-behaviour.md#undocumented-consumer-group-statuses).
   */
  quotaExceededStatus: number;
  /**
   * Spelling of the consumer-not-found code (docs/unconfirmed-behaviour.md#not-found-code-spellings: Java matches
   * `ConsumerNotExist`, Go `ConsumerNotExsit`).
   */
  consumerNotExistCode: "ConsumerNotExist" | "ConsumerNotExsit";
  /** Spelling of the shard-not-found code (docs/unconfirmed-behaviour.md#not-found-code-spellings). */
  shardNotExistCode: "ShardNotExist" | "ShardNotExsit";
  /**
   * HTTP status of `ConsumerNotMatch` (undocumented,
   * docs/unconfirmed-behaviour.md#undocumented-consumer-group-statuses).
   */
  consumerNotMatchStatus: number;
  /**
   * DeleteConsumerGroup on a missing group: 404 `ConsumerGroupNotExist`, or 200 as if deleted
   * (docs/unconfirmed-behaviour.md#deleting-a-missing-consumer-group).
   */
  deleteMissingGroup: "error" | "succeed";
  /**
   * GetCheckPoint `updateTime`: documented as epoch seconds, sample shows microseconds (a conflict,
   * docs/unconfirmed-behaviour.md#checkpoint-updatetime-unit).
   */
  checkpointUpdateTimeUnit: "seconds" | "microseconds";
  /** GetCheckPoint for shards without a checkpoint: an entry with `checkpoint: ""`, or no entry (undocumented). */
  unsetCheckpoints: "empty-entry" | "omit";
  /**
   * Accepted `timeout` range in seconds (docs/unconfirmed-behaviour.md#consumer-group-timeout-range: undocumented;
   * outside → 400 JsonInfoInvalid).
   */
  minTimeoutSec: number;
  maxTimeoutSec: number;
}

/** Defaults: documented values where there are any, otherwise the choices named in the report. */
export const defaultConsumerGroupRules: Readonly<ConsumerGroupRules> = Object.freeze({
  maxGroups: 30,
  quotaExceededStatus: 400,
  consumerNotExistCode: "ConsumerNotExist",
  shardNotExistCode: "ShardNotExist",
  consumerNotMatchStatus: 400,
  deleteMissingGroup: "error",
  checkpointUpdateTimeUnit: "seconds",
  unsetCheckpoints: "empty-entry",
  minTimeoutSec: 1,
  maxTimeoutSec: 86_400,
});

/** Construction options of `ConsumerGroupCoordinator`. */
export interface ConsumerGroupCoordinatorOptions {
  clock: Clock;
  /** Number of shards; their IDs are 0 … shards−1. */
  shards: number;
  /** Label put on events, e.g. `ali-test-project/ali-test-logstore`. */
  logstore: string;
  events?: EventSink;
  rules?: Partial<ConsumerGroupRules>;
  /** State bounds; default CONSUMER_GROUP_LIMITS. */
  limits?: Partial<ConsumerGroupLimits>;
}

/** A group as ListConsumerGroup returns it (docs/alibaba/sls-consumer-groups.md#operations). */
export interface ConsumerGroupInfo {
  name: string;
  timeout: number;
  order: boolean;
}

/** One GetCheckPoint entry (docs/alibaba/sls-consumer-groups.md#checkpoints). */
export interface CheckpointEntry {
  shard: number;
  checkpoint: string;
  updateTime: number;
  consumer: string;
}

/** Per-shard state names of docs/alibaba/sls-consumer-groups.md#shard-states. */
export type ShardStatus = "not_alloc" | "already_alloc" | "transfer" | "wait" | "over";

/** A shard's state, for admin views and tests. */
export interface ShardView {
  shard: number;
  status: ShardStatus;
  owner?: string;
  next?: string;
}

interface ConsumerState {
  readonly name: string;
  lastHeartbeatMonoMs: number;
  /** Shards held in already_alloc plus shards in transfer towards this consumer. */
  load: number;
  older: ConsumerState | undefined;
  newer: ConsumerState | undefined;
  /** Neighbours in the bucket of consumers with the same load (an intrusive list: O(1), no holes). */
  before: ConsumerState | undefined;
  after: ConsumerState | undefined;
}

/** Consumers with one load, longest-standing first. */
interface Bucket {
  first: ConsumerState | undefined;
  last: ConsumerState | undefined;
}

interface ShardState {
  readonly id: number;
  status: ShardStatus;
  owner: ConsumerState | undefined;
  next: ConsumerState | undefined;
  checkpoint: string | undefined;
  checkpointWallMs: number;
  checkpointConsumer: string;
}

interface GroupState {
  readonly name: string;
  timeoutSec: number;
  order: boolean;
  /** Deadlines are never earlier than the last timeout change (see `deadlineOf`). */
  timeoutChangedAtMonoMs: number;
  readonly consumers: Map<string, ConsumerState>;
  /** Least recently heartbeating consumer (earliest deadline). */
  oldest: ConsumerState | undefined;
  newest: ConsumerState | undefined;
  /**
   * buckets[n] = consumers whose load is n, longest at that load first. Intrusive lists rather than Sets:
   * V8 Sets keep deleted entries as holes until rehashing, so "first of a Set" after many evictions is O(holes).
   */
  readonly buckets: Bucket[];
  readonly shards: ShardState[];
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Consumer groups of one logstore; see the file comment for the rules it follows. */
export class ConsumerGroupCoordinator {
  readonly rules: Readonly<ConsumerGroupRules>;
  readonly limits: Readonly<ConsumerGroupLimits>;
  readonly shardCount: number;
  readonly #clock: Clock;
  readonly #events: EventSink | undefined;
  readonly #logstore: string;
  readonly #groups = new Map<string, GroupState>();

  constructor(options: ConsumerGroupCoordinatorOptions) {
    if (!Number.isInteger(options.shards) || options.shards < 1) {
      throw new RangeError(`shards must be an integer ≥ 1, got ${options.shards}`);
    }
    this.#clock = options.clock;
    this.shardCount = options.shards;
    this.#logstore = options.logstore;
    this.#events = options.events;
    this.rules = Object.freeze({ ...defaultConsumerGroupRules, ...options.rules });
    this.limits = Object.freeze({ ...CONSUMER_GROUP_LIMITS, ...options.limits });
  }

  // ---- groups -------------------------------------------------------------------------------------------

  /** CreateConsumerGroup. `order` defaults to false (the legacy doc marks it optional). */
  createGroup(name: string, timeoutSec: number, order = false): Outcome {
    this.#processDue();
    if (name.length === 0 || name.length > this.limits.maxNameLength || !this.#validTimeout(timeoutSec)) {
      return failWith(400, "JsonInfoInvalid", "ConsumerGroup or timeout is of error format.");
    }
    if (this.#groups.has(name)) return failWith(400, "ConsumerGroupAlreadyExist", "Consumer group already exist.");
    if (this.#groups.size >= this.rules.maxGroups) {
      return failWith(
        this.rules.quotaExceededStatus,
        "ConsumerGroupQuotaExceed",
        `consumer group quota exceed: a logstore holds at most ${this.rules.maxGroups} consumer groups; delete one first.`,
      );
    }
    const now = this.#clock.monotonicMs();
    const shards: ShardState[] = [];
    for (let id = 0; id < this.shardCount; id++) {
      shards.push({
        id,
        status: "not_alloc",
        owner: undefined,
        next: undefined,
        checkpoint: undefined,
        checkpointWallMs: 0,
        checkpointConsumer: "",
      });
    }
    const buckets: Bucket[] = [];
    for (let n = 0; n <= this.shardCount; n++) buckets.push({ first: undefined, last: undefined });
    const stored = detachedCopy(name);
    this.#groups.set(stored, {
      name: stored,
      timeoutSec,
      order,
      timeoutChangedAtMonoMs: now,
      consumers: new Map(),
      oldest: undefined,
      newest: undefined,
      buckets,
      shards,
    });
    this.#emit("group-created", now, name);
    return { ok: true };
  }

  /** UpdateConsumerGroup: at least one of `order` and `timeoutSec`. A shorter timeout applies from now on. */
  updateGroup(name: string, changes: { order?: boolean; timeoutSec?: number }): Outcome {
    this.#processDue();
    const group = this.#groups.get(name);
    if (group === undefined) return groupNotExist(name);
    if (changes.order === undefined && changes.timeoutSec === undefined) {
      return failWith(400, "JsonInfoInvalid", "Body must carry at least one of order and timeout.");
    }
    if (changes.timeoutSec !== undefined && !this.#validTimeout(changes.timeoutSec)) {
      return failWith(400, "JsonInfoInvalid", "Timeout is of error value type.");
    }
    if (changes.order !== undefined) group.order = changes.order;
    if (changes.timeoutSec !== undefined) {
      group.timeoutSec = changes.timeoutSec;
      group.timeoutChangedAtMonoMs = this.#clock.monotonicMs();
    }
    return { ok: true };
  }

  /**
   * DeleteConsumerGroup; a missing group follows `rules.deleteMissingGroup`
   * (docs/unconfirmed-behaviour.md#deleting-a-missing-consumer-group).
   */
  deleteGroup(name: string): Outcome {
    this.#processDue();
    if (!this.#groups.delete(name)) {
      return this.rules.deleteMissingGroup === "succeed" ? { ok: true } : groupNotExist(name);
    }
    this.#emit("group-deleted", this.#clock.monotonicMs(), name);
    return { ok: true };
  }

  /** ListConsumerGroup, in creation order. */
  listGroups(): ConsumerGroupInfo[] {
    this.#processDue();
    return [...this.#groups.values()].map(infoOf);
  }

  /** One group's settings. */
  getGroup(name: string): Outcome<{ group: ConsumerGroupInfo }> {
    this.#processDue();
    const group = this.#groups.get(name);
    return group === undefined ? groupNotExist(name) : { ok: true, group: infoOf(group) };
  }

  // ---- heartbeat ----------------------------------------------------------------------------------------

  /**
   * ConsumerGroupHeartBeat. `reportedShards` is the body: the shards the consumer still holds.
   * Answer: the consumer's shards in `already_alloc`, ascending.
   */
  heartbeat(groupName: string, consumerName: string, reportedShards: readonly number[]): Outcome<{ shards: number[] }> {
    const now = this.#clock.monotonicMs();
    this.#processDue();
    const group = this.#groups.get(groupName);
    if (group === undefined) return groupNotExist(groupName);
    const badName = checkConsumerName(consumerName, this.limits.maxNameLength);
    if (badName !== undefined) return badName;
    let consumer = group.consumers.get(consumerName);
    if (consumer === undefined) {
      const refused = this.#refuseJoin(group, reportedShards);
      if (refused !== undefined) return refused;
      consumer = this.#join(group, consumerName, now);
      this.#rebalance(group, now);
    } else {
      this.#beat(group, consumer, reportedShards, now);
    }
    const shards: number[] = [];
    for (const shard of group.shards) {
      if (shard.owner === consumer && shard.status === "already_alloc") shards.push(shard.id);
    }
    return { ok: true, shards };
  }

  /** Why a new consumer may not join: it must hold nothing yet (docs/alibaba/sls-consumer-groups.md#unknown-consumers), and the group must have room. */
  #refuseJoin(group: GroupState, reportedShards: readonly number[]): { ok: false; error: DomainError } | undefined {
    if (reportedShards.length > 0) {
      return failWith(400, "NotExistConsumerWithBody", "non-exist consumer with non-empty body of heartbeat message");
    }
    const max = this.limits.maxConsumersPerGroup;
    if (group.consumers.size < max) return undefined;
    return failWith(
      400,
      "ParameterInvalid",
      `consumer group ${clipName(group.name)} has ${max} consumers, the mock's limit; let idle ones time out.`,
    );
  }

  /** A new consumer: least loaded (no shards yet) and newest; its name kept as a copy. */
  #join(group: GroupState, consumerName: string, now: number): ConsumerState {
    const name = detachedCopy(consumerName);
    const consumer: ConsumerState = {
      name,
      lastHeartbeatMonoMs: now,
      load: 0,
      older: undefined,
      newer: undefined,
      before: undefined,
      after: undefined,
    };
    group.consumers.set(name, consumer);
    bucketAdd(group, consumer);
    appendNewest(group, consumer);
    this.#emit("joined", now, group.name, name);
    return consumer;
  }

  /** A known consumer's heartbeat: it becomes the newest, and shards it no longer reports finish their transfer. */
  #beat(group: GroupState, consumer: ConsumerState, reportedShards: readonly number[], now: number): void {
    consumer.lastHeartbeatMonoMs = now;
    unlink(group, consumer);
    appendNewest(group, consumer);
    // Edge 6: a shard in transfer goes to `next` once its holder stops reporting it.
    for (const shard of group.shards) {
      if (shard.status === "transfer" && shard.owner === consumer && !reportedShards.includes(shard.id)) {
        this.#completeTransfer(group, shard, now);
      }
    }
  }

  // ---- checkpoints --------------------------------------------------------------------------------------

  /**
   * ConsumerGroupUpdateCheckPoint (docs/alibaba/sls-consumer-groups.md#checkpoints). Without a consumer, `forceSuccess`
   * must be true; without force, only the shard's holder (also while the shard is in transfer, so it can flush before
   * the hand-off) may write.
   */
  updateCheckpoint(
    groupName: string,
    consumerName: string | undefined,
    shardId: number,
    checkpoint: string,
    forceSuccess: boolean,
  ): Outcome {
    this.#processDue();
    const group = this.#groups.get(groupName);
    if (group === undefined) return groupNotExist(groupName);
    const shard = Number.isInteger(shardId) ? group.shards[shardId] : undefined;
    if (shard === undefined) return failWith(404, this.rules.shardNotExistCode, `Shard ${shardId} not exist`);
    const refused =
      checkCheckpoint(checkpoint, this.limits.maxCheckpointLength) ??
      (consumerName === undefined ? undefined : checkConsumerName(consumerName, this.limits.maxNameLength)) ??
      (forceSuccess ? undefined : this.#checkHolder(group, shard, consumerName));
    if (refused !== undefined) return refused;
    shard.checkpoint = detachedCopy(checkpoint);
    shard.checkpointWallMs = this.#clock.wallMs();
    shard.checkpointConsumer = consumerName === undefined ? "" : detachedCopy(consumerName);
    return { ok: true };
  }

  /** Without force, only the shard's holder may write its checkpoint; `undefined` when `consumerName` may. */
  #checkHolder(
    group: GroupState,
    shard: ShardState,
    consumerName: string | undefined,
  ): { ok: false; error: DomainError } | undefined {
    if (consumerName === undefined) {
      // [DOC] 455899 says forceSuccess "must be true" here but names no error code: ParameterInvalid is assumed.
      return failWith(400, "ParameterInvalid", "forceSuccess must be true when no consumer is given");
    }
    const consumer = group.consumers.get(consumerName);
    if (consumer === undefined) {
      return failWith(404, this.rules.consumerNotExistCode, "Consumer not exist in the consumer group");
    }
    if (shard.owner === consumer) return undefined;
    return failWith(
      this.rules.consumerNotMatchStatus,
      "ConsumerNotMatch",
      `consumer ${consumerName} does not hold shard ${shard.id}`,
    );
  }

  /**
   * GetCheckPoint: every shard, or only `shardId` (an unknown shard gives `[]`,
   * docs/alibaba/sls-consumer-groups.md#checkpoints).
   */
  getCheckpoints(groupName: string, shardId?: number): Outcome<{ checkpoints: CheckpointEntry[] }> {
    this.#processDue();
    const group = this.#groups.get(groupName);
    if (group === undefined) return groupNotExist(groupName);
    const selected = shardId === undefined ? group.shards : group.shards.filter((s) => s.id === shardId);
    const checkpoints: CheckpointEntry[] = [];
    for (const shard of selected) {
      if (shard.checkpoint === undefined) {
        if (this.rules.unsetCheckpoints === "empty-entry") {
          checkpoints.push({ shard: shard.id, checkpoint: "", updateTime: 0, consumer: "" });
        }
        continue;
      }
      const updateTime =
        this.rules.checkpointUpdateTimeUnit === "seconds"
          ? Math.floor(shard.checkpointWallMs / 1000)
          : Math.floor(shard.checkpointWallMs * 1000);
      checkpoints.push({
        shard: shard.id,
        checkpoint: shard.checkpoint,
        updateTime,
        consumer: shard.checkpointConsumer,
      });
    }
    return { ok: true, checkpoints };
  }

  // ---- deadlines ----------------------------------------------------------------------------------------

  /** Earliest eviction deadline (monotonic ms), or `undefined` when no consumer is live. */
  nextDeadlineMs(): number | undefined {
    let earliest: number | undefined;
    for (const group of this.#groups.values()) {
      if (group.oldest === undefined) continue;
      const deadline = deadlineOf(group, group.oldest);
      if (earliest === undefined || deadline < earliest) earliest = deadline;
    }
    return earliest;
  }

  /** Evicts every consumer whose deadline is ≤ `nowMs`, in deadline order across all groups. */
  advanceTo(nowMs: number): void {
    for (;;) {
      let due: GroupState | undefined;
      let dueAt = Number.POSITIVE_INFINITY;
      for (const group of this.#groups.values()) {
        if (group.oldest === undefined) continue;
        const deadline = deadlineOf(group, group.oldest);
        if (deadline < dueAt) {
          dueAt = deadline;
          due = group;
        }
      }
      if (due === undefined || due.oldest === undefined || dueAt > nowMs) return;
      this.#evict(due, due.oldest, dueAt);
    }
  }

  // ---- views for the admin API and tests -----------------------------------------------------------------

  /** Live consumers of a group (or of all groups). */
  consumerCount(groupName?: string): number {
    if (groupName !== undefined) return this.#groups.get(groupName)?.consumers.size ?? 0;
    let total = 0;
    for (const group of this.#groups.values()) total += group.consumers.size;
    return total;
  }

  /** Live consumer names of a group, least recently heartbeating first. */
  consumers(groupName: string): string[] {
    const names: string[] = [];
    for (let c = this.#groups.get(groupName)?.oldest; c !== undefined; c = c.newer) names.push(c.name);
    return names;
  }

  /** Every shard's state in a group; `undefined` when the group does not exist. */
  describeShards(groupName: string): ShardView[] | undefined {
    const group = this.#groups.get(groupName);
    if (group === undefined) return undefined;
    return group.shards.map((s) => ({
      shard: s.id,
      status: s.status,
      ...(s.owner !== undefined ? { owner: s.owner.name } : {}),
      ...(s.next !== undefined ? { next: s.next.name } : {}),
    }));
  }

  // ---- internals ----------------------------------------------------------------------------------------

  #processDue(): void {
    this.advanceTo(this.#clock.monotonicMs());
  }

  #validTimeout(timeoutSec: number): boolean {
    return (
      Number.isInteger(timeoutSec) && timeoutSec >= this.rules.minTimeoutSec && timeoutSec <= this.rules.maxTimeoutSec
    );
  }

  #evict(group: GroupState, consumer: ConsumerState, atMonoMs: number): void {
    unlink(group, consumer);
    group.consumers.delete(consumer.name);
    bucketRemove(group, consumer);
    let changed = false;
    for (const shard of group.shards) {
      if (shard.owner === consumer || shard.next === consumer) changed = true;
      if (shard.owner === consumer) {
        if (shard.status === "transfer") {
          this.#completeTransfer(group, shard, atMonoMs);
        } else {
          shard.status = "not_alloc";
          shard.owner = undefined;
          this.#emit("shard-revoked", atMonoMs, group.name, consumer.name, shard.id);
        }
      } else if (shard.next === consumer && shard.owner !== undefined) {
        // Edge 6: the next consumer timed out first, so the shard stays with its holder.
        const owner = shard.owner;
        shard.status = "already_alloc";
        shard.next = undefined;
        setLoad(group, owner, owner.load + 1);
        this.#emit("shard-assigned", atMonoMs, group.name, owner.name, shard.id);
      }
    }
    this.#emit("evicted", atMonoMs, group.name, consumer.name, undefined, {
      lastHeartbeatMonoMs: consumer.lastHeartbeatMonoMs,
    });
    // An evicted consumer that held nothing leaves every load unchanged: the balance still holds.
    if (changed) this.#rebalance(group, atMonoMs);
  }

  /** Hands a shard in transfer to its `next` consumer (whose load already counts it). */
  #completeTransfer(group: GroupState, shard: ShardState, atMonoMs: number): void {
    const from = shard.owner;
    const to = shard.next;
    shard.status = "already_alloc";
    shard.owner = to;
    shard.next = undefined;
    if (to === undefined) shard.status = "not_alloc";
    this.#emit("shard-moved", atMonoMs, group.name, to?.name, shard.id, { fromConsumer: from?.name });
  }

  #rebalance(group: GroupState, atMonoMs: number): void {
    // 1. Free shards go to the least-loaded consumer.
    for (const shard of group.shards) {
      if (shard.status !== "not_alloc") continue;
      const taker = leastLoaded(group);
      if (taker === undefined) return;
      shard.status = "already_alloc";
      shard.owner = taker;
      setLoad(group, taker, taker.load + 1);
      this.#emit("shard-assigned", atMonoMs, group.name, taker.name, shard.id);
    }
    // 2. Move one shard at a time from the most to the least loaded until loads differ by at most 1.
    for (;;) {
      const taker = leastLoaded(group);
      const giver = mostLoaded(group);
      if (taker === undefined || giver === undefined || giver.load - taker.load <= 1) return;
      const shard = pickShardToGive(group, giver);
      if (shard === undefined) return; // cannot happen: load > 0 means the giver has a shard
      this.#redirect(group, shard, giver, taker, atMonoMs);
      setLoad(group, giver, giver.load - 1);
      setLoad(group, taker, taker.load + 1);
    }
  }

  /** Starts handing `shard` from `giver` to `taker`, or retargets a hand-off already under way. */
  #redirect(group: GroupState, shard: ShardState, giver: ConsumerState, taker: ConsumerState, atMonoMs: number): void {
    if (shard.status !== "transfer") {
      shard.status = "transfer";
      shard.next = taker;
      this.#emit("shard-revoked", atMonoMs, group.name, giver.name, shard.id, { toConsumer: taker.name });
    } else if (shard.owner === taker) {
      // Moving back to the holder cancels the transfer; it never stopped holding the shard.
      shard.status = "already_alloc";
      shard.next = undefined;
      this.#emit("shard-assigned", atMonoMs, group.name, taker.name, shard.id);
    } else {
      shard.next = taker;
      this.#emit("shard-revoked", atMonoMs, group.name, shard.owner?.name, shard.id, { toConsumer: taker.name });
    }
  }

  #emit(
    kind: ConsumerGroupEventKind,
    atMonoMs: number,
    group: string,
    consumer?: string,
    shard?: number,
    extra?: Pick<ConsumerGroupEvent, "fromConsumer" | "toConsumer" | "lastHeartbeatMonoMs">,
  ): void {
    if (this.#events === undefined) return;
    // Evictions are processed lazily, possibly after their deadline: date the event at the deadline.
    const atWallMs = this.#clock.wallMs() - (this.#clock.monotonicMs() - atMonoMs);
    const event: ConsumerGroupEvent = { kind, atMonoMs, atWallMs, logstore: this.#logstore, group };
    if (consumer !== undefined) event.consumer = consumer;
    if (shard !== undefined) event.shard = shard;
    if (extra?.fromConsumer !== undefined) event.fromConsumer = extra.fromConsumer;
    if (extra?.toConsumer !== undefined) event.toConsumer = extra.toConsumer;
    if (extra?.lastHeartbeatMonoMs !== undefined) event.lastHeartbeatMonoMs = extra.lastHeartbeatMonoMs;
    this.#events.append(event);
  }
}

function groupNotExist(name: string): { ok: false; error: DomainError } {
  return failWith(404, "ConsumerGroupNotExist", `Consumer group not exist: ${clipName(name)}`);
}

/** 400 InvalidShardCheckPoint for a checkpoint that is too long or not base64; `undefined` when it is fine. */
function checkCheckpoint(checkpoint: string, maxLength: number): { ok: false; error: DomainError } | undefined {
  if (checkpoint.length > maxLength)
    return failWith(400, "InvalidShardCheckPoint", `shard checkpoint is longer than ${maxLength} characters`);
  if (checkpoint.length === 0 || !BASE64.test(checkpoint))
    return failWith(400, "InvalidShardCheckPoint", "shard checkpoint not encoded by base64");
  return undefined;
}

/** 400 ParameterInvalid for a consumer name past the length bound; `undefined` when it is within. */
function checkConsumerName(name: string, maxLength: number): { ok: false; error: DomainError } | undefined {
  if (name.length <= maxLength) return undefined;
  return failWith(400, "ParameterInvalid", `consumer name is longer than ${maxLength} characters; use a shorter one.`);
}

/** A client-given name as an error message shows it: at most the length a valid name may have by default. */
function clipName(name: string): string {
  const max = CONSUMER_GROUP_LIMITS.maxNameLength;
  return name.length > max ? `${name.slice(0, max)}…` : name;
}

function infoOf(group: GroupState): ConsumerGroupInfo {
  return { name: group.name, timeout: group.timeoutSec, order: group.order };
}

/** Exactly `timeout` after the last heartbeat, but never before the timeout was last changed. */
function deadlineOf(group: GroupState, consumer: ConsumerState): number {
  return Math.max(consumer.lastHeartbeatMonoMs + group.timeoutSec * 1000, group.timeoutChangedAtMonoMs);
}

function appendNewest(group: GroupState, consumer: ConsumerState): void {
  consumer.older = group.newest;
  consumer.newer = undefined;
  if (group.newest !== undefined) group.newest.newer = consumer;
  else group.oldest = consumer;
  group.newest = consumer;
}

function unlink(group: GroupState, consumer: ConsumerState): void {
  if (consumer.older !== undefined) consumer.older.newer = consumer.newer;
  else group.oldest = consumer.newer;
  if (consumer.newer !== undefined) consumer.newer.older = consumer.older;
  else group.newest = consumer.older;
  consumer.older = undefined;
  consumer.newer = undefined;
}

function setLoad(group: GroupState, consumer: ConsumerState, load: number): void {
  bucketRemove(group, consumer);
  consumer.load = load;
  bucketAdd(group, consumer);
}

function bucketAdd(group: GroupState, consumer: ConsumerState): void {
  const bucket = group.buckets[consumer.load];
  if (bucket === undefined) throw new RangeError(`load ${consumer.load} out of range`);
  consumer.before = bucket.last;
  consumer.after = undefined;
  if (bucket.last !== undefined) bucket.last.after = consumer;
  else bucket.first = consumer;
  bucket.last = consumer;
}

function bucketRemove(group: GroupState, consumer: ConsumerState): void {
  const bucket = group.buckets[consumer.load];
  if (bucket === undefined) return;
  if (consumer.before !== undefined) consumer.before.after = consumer.after;
  else bucket.first = consumer.after;
  if (consumer.after !== undefined) consumer.after.before = consumer.before;
  else bucket.last = consumer.before;
  consumer.before = undefined;
  consumer.after = undefined;
}

function leastLoaded(group: GroupState): ConsumerState | undefined {
  for (const bucket of group.buckets) if (bucket.first !== undefined) return bucket.first;
  return undefined;
}

function mostLoaded(group: GroupState): ConsumerState | undefined {
  for (let n = group.buckets.length - 1; n >= 0; n--) {
    const first = group.buckets[n]?.first;
    if (first !== undefined) return first;
  }
  return undefined;
}

/** Prefer retargeting a shard already in transfer towards `giver` (no extra churn), then its highest shard. */
function pickShardToGive(group: GroupState, giver: ConsumerState): ShardState | undefined {
  let held: ShardState | undefined;
  for (const shard of group.shards) {
    if (shard.status === "transfer" && shard.next === giver) return shard;
    if (shard.status === "already_alloc" && shard.owner === giver) held = shard;
  }
  return held;
}
