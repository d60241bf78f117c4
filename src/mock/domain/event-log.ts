/**
 * The mock's ground-truth event log: what the mock's domain classes decided and when, so load scenarios
 * can compare what clients observed with what really happened (e.g. eviction at last heartbeat + timeout).
 * A bounded ring buffer: memory stays constant however long the mock runs; a slow reader learns how many
 * events it missed instead of the log growing.
 */

/** What a consumer-group coordinator reports (docs/alibaba/sls-consumer-groups.md#shard-assignment). */
export type ConsumerGroupEventKind =
  | "joined"
  | "evicted"
  | "shard-assigned"
  | "shard-revoked"
  | "shard-moved"
  | "group-created"
  | "group-deleted";

/**
 * One consumer-group decision.
 * - `joined`: a consumer's first heartbeat (`[]`) was accepted.
 * - `evicted`: no heartbeat for `timeout` seconds; `atMonoMs` is the exact deadline, not when it was noticed.
 * - `shard-assigned`: a free shard was given to `consumer`, or a pending move was cancelled and the shard
 *   went back to its holder `consumer` (edge 6 of docs/alibaba/sls-consumer-groups.md#shard-states).
 * - `shard-revoked`: `consumer` lost the shard from its answer: it was put in `transfer` towards
 *   `toConsumer`, or freed because `consumer` was evicted; also emitted when a pending transfer is
 *   retargeted to a new `toConsumer`.
 * - `shard-moved`: the hand-off completed; `consumer` holds the shard now, `fromConsumer` held it before.
 */
export interface ConsumerGroupEvent {
  kind: ConsumerGroupEventKind;
  atMonoMs: number;
  atWallMs: number;
  /** Which logstore's coordinator emitted it (`project/logstore`). */
  logstore: string;
  group: string;
  consumer?: string;
  shard?: number;
  fromConsumer?: string;
  toConsumer?: string;
  /** On `evicted`: the consumer's last heartbeat, monotonic ms. */
  lastHeartbeatMonoMs?: number;
}

/** A request the rate limiter refused (docs/alibaba/pop-errors.md#flow-control). */
export interface ThrottledEvent {
  kind: "throttled";
  atMonoMs: number;
  atWallMs: number;
  /** Who shares the limit, e.g. the AccessKeyId of the account. */
  key: string;
  operation: string;
  limit: number;
  retryAfterMs: number;
}

/** Every event kind the mock's domain emits. */
export type MockEvent = ConsumerGroupEvent | ThrottledEvent;

/** An event with its position in the log (1, 2, 3, …; never reused). */
export type LoggedEvent = MockEvent & { seq: number };

/** What `EventLog.since` returns. */
export interface EventLogPage {
  events: LoggedEvent[];
  /** The seq of the newest event in the log (0 when empty); pass it to the next `since` call. */
  lastSeq: number;
  /** How many events after the requested seq were overwritten before this read. */
  missed: number;
}

/** Where domain classes write events; `EventLog` implements it. */
export interface EventSink {
  append(event: MockEvent): void;
}

/** Bounded ring buffer of `MockEvent`s with monotonically increasing sequence numbers. */
export class EventLog implements EventSink {
  readonly capacity: number;
  readonly #ring: (LoggedEvent | undefined)[];
  #lastSeq = 0;

  constructor(capacity = 10_000) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`event log capacity must be an integer ≥ 1, got ${capacity}`);
    }
    this.capacity = capacity;
    this.#ring = new Array<LoggedEvent | undefined>(capacity).fill(undefined);
  }

  /** Appends an event, overwriting the oldest one when full. */
  append(event: MockEvent): void {
    this.#lastSeq += 1;
    this.#ring[this.#lastSeq % this.capacity] = { ...event, seq: this.#lastSeq };
  }

  /** The seq of the newest event (0 when nothing was appended yet). */
  get lastSeq(): number {
    return this.#lastSeq;
  }

  /** Events with `seq > afterSeq`, oldest first (at most `capacity`). `since(0)` reads everything still kept. */
  since(afterSeq = 0): EventLogPage {
    const oldestKept = Math.max(1, this.#lastSeq - this.capacity + 1);
    const from = Math.max(afterSeq + 1, oldestKept);
    const missed = Math.max(0, oldestKept - (afterSeq + 1));
    const events: LoggedEvent[] = [];
    for (let seq = from; seq <= this.#lastSeq; seq++) {
      const event = this.#ring[seq % this.capacity];
      if (event !== undefined) events.push(event);
    }
    return { events, lastSeq: this.#lastSeq, missed };
  }
}
