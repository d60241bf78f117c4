/**
 * Live callback records, the data ListEventSubEvent pages through
 * (docs/alibaba/live-event-subscriptions.md#callback-records). Records are kept sorted by time per AppId and per
 * (AppId, SubId), so a query is two binary searches and a slice: no full scan.
 *
 * Open points (docs/unconfirmed-behaviour.md#listeventsubevent-paging-details), each an option:
 * - `Count`: "the total number of callback records returned on the current page" → records on this page
 *   (`countMeaning: "page"`, default) or all matching records (`"total"`).
 * - Order of `Logs`: not documented; oldest first by default (`order: "asc"`), or newest first.
 * - Time zone of `Time`: not stated; the doc example pairs MsgTimestamp 1697545591 (12:26:31 UTC) with Time
 *   "2023-10-17 20:26:31.988", i.e. UTC+8, the default (`timeUtcOffsetMinutes: 480`).
 * - PageNo beyond the last page: an empty page with HasMore false.
 *
 * Bounded (docs/mock-limits.md#callback-records): at most `maxRecords` records and `maxBytes` of estimated memory
 * across all AppIds; `checkRoom` answers before a batch is added, and `add` takes a batch whole or not at all.
 */
import { type DomainError, failWith, type Outcome } from "./domain-error.ts";
import { createSeededRandom, drawHex } from "./seeded-random.ts";

/** One `Logs[]` entry as ListEventSubEvent returns it (docs/alibaba/live-event-subscriptions.md#callback-records). */
export interface CallbackLog {
  AppId: string;
  SubId: string;
  /** Equal to `MsgId` inside `Data`. */
  MessageId: string;
  /** JSON-encoded callback payload. */
  Data: string;
  /** Callback duration, ms. */
  Cost: number;
  /** `yyyy-MM-dd HH:mm:ss.SSS` in the store's time zone. */
  Time: string;
  Url: string;
  /** HTTP status the customer's callback URL returned. */
  Code: number;
}

/** A stored record: the wire fields plus its time as epoch ms. */
export interface CallbackRecord extends CallbackLog {
  epochMs: number;
}

/** A record to add; `Time` is derived from `epochMs` when absent. */
export type NewCallbackRecord = Omit<CallbackRecord, "Time"> & { Time?: string };

/** Options of `CallbackRecordStore`. */
export interface CallbackRecordStoreOptions {
  countMeaning?: "page" | "total";
  order?: "asc" | "desc";
  timeUtcOffsetMinutes?: number;
  /** Most records kept, over all AppIds (default `DEFAULT_MAX_RECORDS`). */
  maxRecords?: number;
  /** Most estimated bytes kept, over all AppIds (default 512 MiB: room for the default count of generated records). */
  maxBytes?: number;
}

/** Options of `CallbackRecordStore.seed`. */
export interface SeedOptions {
  count: number;
  /** Records are spread over [nowMs − spanMs, nowMs); default 7 days. */
  spanMs?: number;
  nowMs: number;
  /** PRNG seed; the same seed, count, span and now give the same records. */
  seed?: number;
  /** How many subscriptions the records are spread over; default 2. */
  subscriptions?: number;
}

/** A ListEventSubEvent query. The range is half-open, [startMs, endMs) (see `resolveTimeWindow`). */
export interface CallbackQuery {
  appId: string;
  subscribeId?: string;
  startMs: number;
  endMs: number;
  /** 1 … 100 (docs/alibaba/live-event-subscriptions.md#operations). */
  pageSize: number;
  /** ≥ 1. */
  pageNo: number;
}

/** One page of a query. */
export interface CallbackPage {
  logs: readonly CallbackLog[];
  /** `JSON.stringify(logs)`, assembled from each record's JSON text, serialised once when it is first served. */
  logsJson: string;
  count: number;
  hasMore: boolean;
}

/**
 * A record as stored: its time for the binary searches, and its wire form, frozen and shared by every page that
 * serves it. A seeded record's JSON text is ~700 bytes; serialising a page of them anew on every request was the
 * largest cost of a ListEventSubEvent answer, so each record's text is kept once made (records never change).
 */
interface StoredRecord {
  readonly epochMs: number;
  readonly log: Readonly<CallbackLog>;
  json: string | undefined;
}

interface AppRecords {
  all: StoredRecord[];
  bySubscription: Map<string, StoredRecord[]>;
}

const SEVEN_DAYS_MS = 7 * 24 * 3600 * 1000;
/**
 * Default cap on records over all AppIds: 300 000 generated records take about 280 MB of heap, 480 MB once each has
 * been served (its JSON text is kept), well under the 1 GB the mock may grow by (docs/mock-limits.md).
 */
export const DEFAULT_MAX_RECORDS = 300_000;
/** The latest record time: 9999-12-31T23:59:59.999Z, the last a `yyyy-MM-dd` year can show. */
export const MAX_EPOCH_MS = 253_402_300_799_999;
/**
 * Estimated bytes of a record besides its strings' characters: the record and log objects, six string headers, two
 * list slots, and the JSON text kept once it is served (about the characters again, counted by the factor 2 below).
 */
const RECORD_OVERHEAD_BYTES = 360;
/**
 * The estimate for one generated record, to refuse a seed before generating it: with an 8-character AppId its
 * strings hold about 580 characters (ids, Data, Url, Time) and Data's quotes count once more; `add` then counts
 * each record exactly.
 */
const GENERATED_RECORD_BYTES = RECORD_OVERHEAD_BYTES + 2 * 600;
const USER_EVENT_TAGS = ["Join", "Leave", "Publish", "Unpublish", "Roleupdate"] as const;

/** Callback records per AppId, sorted by time. */
export class CallbackRecordStore {
  readonly countMeaning: "page" | "total";
  readonly order: "asc" | "desc";
  readonly timeUtcOffsetMinutes: number;
  readonly maxRecords: number;
  readonly maxBytes: number;
  readonly #apps = new Map<string, AppRecords>();
  #records = 0;
  #bytes = 0;

  constructor(options: CallbackRecordStoreOptions = {}) {
    this.countMeaning = options.countMeaning ?? "page";
    this.order = options.order ?? "asc";
    this.timeUtcOffsetMinutes = options.timeUtcOffsetMinutes ?? 480;
    this.maxRecords = options.maxRecords ?? DEFAULT_MAX_RECORDS;
    this.maxBytes = options.maxBytes ?? 512 * 1024 * 1024;
  }

  /** Estimated bytes the records take. */
  get bytes(): number {
    return this.#bytes;
  }

  /** 507 `RecordStoreFull` when `generated` new records plus `records` would not fit; `undefined` when they do. */
  checkRoom(generated: number, records: readonly NewCallbackRecord[] = []): DomainError | undefined {
    let bytes = generated * GENERATED_RECORD_BYTES;
    for (const record of records) bytes += estimateBytes(record);
    return this.#roomFor(generated + records.length, bytes);
  }

  #roomFor(count: number, bytes: number): DomainError | undefined {
    if (this.#records + count <= this.maxRecords && this.#bytes + bytes <= this.maxBytes) return undefined;
    return failWith(
      507,
      "RecordStoreFull",
      `${count} more records would pass the mock's record cap (${this.#records} of ${this.maxRecords} records, ` +
        `${Math.round(this.#bytes / 1048576)} of ${Math.round(this.maxBytes / 1048576)} MiB estimated); ` +
        "POST /_specgate/reset or seed fewer (docs/mock-limits.md).",
    ).error;
  }

  /** Adds deterministic pseudo-random records for `appId` (see `SeedOptions`); refused whole when they do not fit. */
  seed(appId: string, options: SeedOptions): DomainError | undefined {
    const full = this.checkRoom(options.count);
    if (full !== undefined) return full;
    const random = createSeededRandom(options.seed ?? 1);
    const spanMs = options.spanMs ?? SEVEN_DAYS_MS;
    const subscriptions = Array.from({ length: options.subscriptions ?? 2 }, () => drawHex(random, 32));
    const records: NewCallbackRecord[] = [];
    for (let i = 0; i < options.count; i++) {
      const epochMs = Math.floor(options.nowMs - 1 - random() * spanMs);
      const subIndex = Math.floor(random() * subscriptions.length);
      const subId = subscriptions[subIndex] ?? "";
      const msgId = drawHex(random, 32);
      const tag = USER_EVENT_TAGS[Math.floor(random() * USER_EVENT_TAGS.length)] ?? "Join";
      const seconds = Math.floor(epochMs / 1000);
      const userEvent: Record<string, unknown> = {
        UserId: `user-${Math.floor(random() * 1000)}`,
        EventTag: tag,
        SessionId: drawHex(random, 32),
        Timestamp: seconds,
        ChannelProfile: "interactive_live",
        US: Math.floor(random() * 2 ** 52),
        ...(tag === "Join" || tag === "Leave" ? { Reason: 1 + Math.floor(random() * 3) } : {}),
        Role: 1 + Math.floor(random() * 2),
        TerminalType: 1 + Math.floor(random() * 6),
        UserType: 1 + Math.floor(random() * 2),
      };
      const data = {
        MsgId: msgId,
        MsgTimestamp: seconds,
        SubscribeId: subId,
        AppId: appId,
        ChannelId: String(1000 + Math.floor(random() * 9000)),
        Contents: [{ Event: "UserEvent", UserEvent: userEvent }],
      };
      records.push({
        AppId: appId,
        SubId: subId,
        MessageId: msgId,
        Data: JSON.stringify(data),
        Cost: 5 + Math.floor(random() * 200),
        Url: `http://callback.specgate.invalid/live/${subIndex + 1}`,
        Code: random() < 0.05 ? 500 : 200,
        epochMs,
      });
    }
    return this.add(records);
  }

  /**
   * Adds records (admin seeding); they may come in any order. All or nothing: a batch that does not fit, or whose
   * `epochMs` cannot be formatted as a time, changes nothing.
   */
  add(records: readonly NewCallbackRecord[]): DomainError | undefined {
    // Each record is estimated once: that reads every character, and the mock seeds its records at start-up.
    let bytes = 0;
    for (const input of records) bytes += estimateBytes(input);
    const full = this.#roomFor(records.length, bytes);
    if (full !== undefined) return full;
    const stored: StoredRecord[] = [];
    for (const input of records) {
      const time = input.Time ?? this.#formatStoredTime(input.epochMs);
      if (time === undefined)
        return failWith(400, "InputInvalid", `epochMs ${input.epochMs} is not a time the mock can format.`).error;
      stored.push(toStored(input, time));
    }
    this.#bytes += bytes;
    this.#records += records.length;
    this.#insert(stored);
    return undefined;
  }

  #formatStoredTime(epochMs: number): string | undefined {
    return Number.isInteger(epochMs) && epochMs >= 0 && epochMs <= MAX_EPOCH_MS ? this.formatTime(epochMs) : undefined;
  }

  #insert(records: readonly StoredRecord[]): void {
    const touched = new Set<StoredRecord[]>();
    for (const record of records) {
      let app = this.#apps.get(record.log.AppId);
      if (app === undefined) {
        app = { all: [], bySubscription: new Map() };
        this.#apps.set(record.log.AppId, app);
      }
      let bySub = app.bySubscription.get(record.log.SubId);
      if (bySub === undefined) {
        bySub = [];
        app.bySubscription.set(record.log.SubId, bySub);
      }
      for (const list of [app.all, bySub]) {
        const last = list.at(-1);
        if (last !== undefined && last.epochMs > record.epochMs) touched.add(list);
        list.push(record);
      }
    }
    // Array.prototype.sort is stable: equal times keep insertion order.
    for (const list of touched) list.sort((a, b) => a.epochMs - b.epochMs);
  }

  /** Number of records of `appId` (or of all apps). */
  size(appId?: string): number {
    if (appId !== undefined) return this.#apps.get(appId)?.all.length ?? 0;
    let total = 0;
    for (const app of this.#apps.values()) total += app.all.length;
    return total;
  }

  /** One page of the records of `appId` (and `subscribeId`) timed in [startMs, endMs). */
  query(query: CallbackQuery): Outcome<CallbackPage> {
    if (!Number.isInteger(query.pageSize) || query.pageSize < 1 || query.pageSize > 100) {
      return failWith(400, "InputInvalid", `PageSize must be an integer from 1 to 100, got ${query.pageSize}.`);
    }
    if (!Number.isInteger(query.pageNo) || query.pageNo < 1) {
      return failWith(400, "InputInvalid", `PageNo must be an integer ≥ 1, got ${query.pageNo}.`);
    }
    const app = this.#apps.get(query.appId);
    const list = query.subscribeId === undefined ? app?.all : app?.bySubscription.get(query.subscribeId);
    if (list === undefined) return { ok: true, logs: [], logsJson: "[]", count: 0, hasMore: false };
    const lo = lowerBound(list, query.startMs);
    const hi = Math.max(lo, lowerBound(list, query.endMs));
    const total = hi - lo;
    const skip = (query.pageNo - 1) * query.pageSize;
    const take = Math.max(0, Math.min(query.pageSize, total - skip));
    const logs: CallbackLog[] = [];
    let logsJson = "[";
    for (let i = 0; i < take; i++) {
      const index = this.order === "asc" ? lo + skip + i : hi - 1 - skip - i;
      const record = list[index];
      if (record === undefined) continue;
      record.json ??= JSON.stringify(record.log);
      logsJson += logs.length === 0 ? record.json : `,${record.json}`;
      logs.push(record.log);
    }
    return {
      ok: true,
      logs,
      logsJson: `${logsJson}]`,
      count: this.countMeaning === "page" ? logs.length : total,
      hasMore: skip + take < total,
    };
  }

  /** `yyyy-MM-dd HH:mm:ss.SSS` of `epochMs` at the store's UTC offset. */
  formatTime(epochMs: number): string {
    const iso = new Date(epochMs + this.timeUtcOffsetMinutes * 60_000).toISOString();
    return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
  }
}

/** A record's estimated bytes: the overhead, and each string with the JSON text it becomes once served. */
function estimateBytes(record: NewCallbackRecord): number {
  return (
    RECORD_OVERHEAD_BYTES +
    heldBytes(record.AppId) +
    heldBytes(record.SubId) +
    heldBytes(record.MessageId) +
    heldBytes(record.Data) +
    heldBytes(record.Url) +
    (record.Time === undefined ? 2 * 23 : heldBytes(record.Time))
  );
}

/**
 * Bytes `text` takes, twice: as stored and as the JSON text a served record keeps. V8 stores a string of Latin-1
 * characters in one byte each and any other string in two; JSON.stringify writes a control character as six
 * (`\u0001`), a lone surrogate as six (every surrogate is counted so), a quote or backslash as two. So the estimate
 * is never below the heap (a hostile seed of two-byte or control characters would otherwise hold two to four times
 * its estimate once served).
 */
function heldBytes(text: string): number {
  let width = 1;
  let extra = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) width = 2;
    if (c < 0x20 || (c >= 0xd800 && c <= 0xdfff)) extra += 5;
    else if (c === 0x22 || c === 0x5c) extra += 1;
  }
  return width * (2 * text.length + extra);
}

/** First index whose record is at or after `epochMs`. */
function lowerBound(list: readonly StoredRecord[], epochMs: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid]?.epochMs ?? Number.POSITIVE_INFINITY) < epochMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The stored form of a new record: the wire fields in the documented order
 * (docs/alibaba/live-event-subscriptions.md#callback-records), without `epochMs`.
 */
function toStored(input: NewCallbackRecord, time: string): StoredRecord {
  const log: CallbackLog = {
    AppId: input.AppId,
    SubId: input.SubId,
    MessageId: input.MessageId,
    Data: input.Data,
    Cost: input.Cost,
    Time: time,
    Url: input.Url,
    Code: input.Code,
  };
  return { epochMs: input.epochMs, log: Object.freeze(log), json: undefined };
}
