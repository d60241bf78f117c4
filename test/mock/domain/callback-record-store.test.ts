import assert from "node:assert/strict";
import { test } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import fc from "fast-check";
import { detachedCopy } from "../../../src/core/detached-copy.ts";
import {
  type CallbackLog,
  CallbackRecordStore,
  type NewCallbackRecord,
} from "../../../src/mock/domain/callback-record-store.ts";
import { loadSpecs } from "../../../src/openapi/load-specs.ts";

/** The first schema property named `name` anywhere in `node`. */
function findProperty(node: unknown, name: string): unknown {
  if (typeof node !== "object" || node === null) return undefined;
  const properties = (node as { properties?: Record<string, unknown> }).properties;
  if (properties?.[name] !== undefined) return properties[name];
  for (const child of Object.values(node)) {
    const found = findProperty(child, name);
    if (found !== undefined) return found;
  }
  return undefined;
}

const NOW = Date.UTC(2026, 0, 8, 12, 0, 0);
const WEEK = 7 * 86_400_000;

function seeded(count = 500, seed = 7, options = {}): CallbackRecordStore {
  const store = new CallbackRecordStore(options);
  store.seed("9qb1test", { count, nowMs: NOW, seed });
  return store;
}

function allPages(
  store: CallbackRecordStore,
  query: { subscribeId?: string; startMs: number; endMs: number; pageSize: number },
) {
  const seen: CallbackLog[] = [];
  for (let pageNo = 1; ; pageNo++) {
    const page = store.query({ appId: "9qb1test", ...query, pageNo });
    if (!page.ok) assert.fail(page.error.message);
    assert.ok(page.logs.length <= query.pageSize);
    seen.push(...page.logs);
    if (!page.hasMore) return { seen, pages: pageNo };
    assert.equal(page.logs.length, query.pageSize, "only the last page may be short");
  }
}

test("seeding is deterministic, spread over the last 7 days, and payloads follow the documented shape", () => {
  const a = seeded(300, 42);
  const b = seeded(300, 42);
  const c = seeded(300, 43);
  const everything = { startMs: NOW - WEEK, endMs: NOW, pageSize: 100 };
  const fromA = allPages(a, everything).seen;
  assert.equal(fromA.length, 300);
  assert.deepEqual(fromA, allPages(b, everything).seen);
  assert.notDeepEqual(fromA, allPages(c, everything).seen);
  const subIds = new Set(fromA.map((log) => log.SubId));
  assert.equal(subIds.size, 2);
  for (const log of fromA) {
    assert.match(log.Time, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/);
    const data = JSON.parse(log.Data) as Record<string, unknown>;
    assert.equal(data.MsgId, log.MessageId);
    assert.equal(data.SubscribeId, log.SubId);
    assert.equal(data.AppId, "9qb1test");
    const contents = data.Contents as { Event: string; UserEvent: Record<string, unknown> }[];
    assert.equal(contents[0]?.Event, "UserEvent");
    assert.ok(
      ["Join", "Leave", "Publish", "Unpublish", "Roleupdate"].includes(String(contents[0]?.UserEvent.EventTag)),
    );
    assert.ok([200, 500].includes(log.Code));
    assert.ok(log.Cost >= 5);
  }
});

test("Time is yyyy-MM-dd HH:mm:ss.SSS at UTC+8 by default (the doc example), configurable", () => {
  // Doc example: MsgTimestamp 1697545591 ↔ Time "2023-10-17 20:26:31.988".
  assert.equal(new CallbackRecordStore().formatTime(1_697_545_591_988), "2023-10-17 20:26:31.988");
  assert.equal(
    new CallbackRecordStore({ timeUtcOffsetMinutes: 0 }).formatTime(1_697_545_591_988),
    "2023-10-17 12:26:31.988",
  );
});

test("property: walking every page gives each matching record once, in time order, with no gap", () => {
  const store = seeded(700, 3);
  const subIds = [...new Set(allPages(store, { startMs: 0, endMs: NOW + 1, pageSize: 100 }).seen.map((l) => l.SubId))];
  const everything = allPages(store, { startMs: 0, endMs: NOW + 1, pageSize: 100 }).seen;
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 100 }),
      fc.integer({ min: 0, max: WEEK }),
      fc.integer({ min: 0, max: WEEK }),
      fc.option(fc.constantFrom(...subIds), { nil: undefined }),
      (pageSize, x, y, subscribeId) => {
        const startMs = NOW - WEEK + Math.min(x, y);
        const endMs = NOW - WEEK + Math.max(x, y);
        const { seen } = allPages(store, { startMs, endMs, pageSize, ...(subscribeId ? { subscribeId } : {}) });
        // Brute force over the full, ordered list: same records, same order.
        const brute = everything.filter((log) => {
          const ms = epochOf(store, log);
          return ms >= startMs && ms < endMs && (subscribeId === undefined || log.SubId === subscribeId);
        });
        assert.deepEqual(
          seen.map((l) => l.MessageId),
          brute.map((l) => l.MessageId),
        );
        assert.equal(new Set(seen.map((l) => l.MessageId)).size, seen.length, "no duplicates");
      },
    ),
    { numRuns: 100 },
  );
});

/** Epoch ms of a log from its payload timestamp and its millisecond Time (UTC+8). */
function epochOf(store: CallbackRecordStore, log: CallbackLog): number {
  const [date, time] = log.Time.split(" ");
  return Date.parse(`${date}T${time}Z`) - store.timeUtcOffsetMinutes * 60_000;
}

test("PageNo beyond the last page is an empty page without HasMore; Count is per page or total", () => {
  const store = seeded(25, 9);
  const window = { appId: "9qb1test", startMs: 0, endMs: NOW + 1, pageSize: 10 };
  const third = store.query({ ...window, pageNo: 3 });
  assert.ok(third.ok);
  assert.deepEqual([third.logs.length, third.count, third.hasMore], [5, 5, false]);
  const second = store.query({ ...window, pageNo: 2 });
  assert.ok(second.ok);
  assert.deepEqual([second.logs.length, second.count, second.hasMore], [10, 10, true]);
  assert.deepEqual(store.query({ ...window, pageNo: 4 }), {
    ok: true,
    logs: [],
    logsJson: "[]",
    count: 0,
    hasMore: false,
  });
  const totals = seeded(25, 9, { countMeaning: "total" }).query({ ...window, pageNo: 2 });
  assert.ok(totals.ok);
  assert.equal(totals.count, 25);
  assert.deepEqual(store.query({ ...window, appId: "other", pageNo: 1 }), {
    ok: true,
    logs: [],
    logsJson: "[]",
    count: 0,
    hasMore: false,
  });
});

test("order desc gives newest first; bad PageSize/PageNo are InputInvalid", () => {
  const asc = seeded(50, 5).query({ appId: "9qb1test", startMs: 0, endMs: NOW + 1, pageSize: 100, pageNo: 1 });
  const desc = seeded(50, 5, { order: "desc" }).query({
    appId: "9qb1test",
    startMs: 0,
    endMs: NOW + 1,
    pageSize: 100,
    pageNo: 1,
  });
  assert.ok(asc.ok && desc.ok);
  assert.deepEqual(desc.logs, [...asc.logs].reverse());
  const store = seeded(5);
  for (const [pageSize, pageNo] of [
    [0, 1],
    [101, 1],
    [10, 0],
    [1.5, 1],
  ] as const) {
    const result = store.query({ appId: "9qb1test", startMs: 0, endMs: NOW, pageSize, pageNo });
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(result.error.code, "InputInvalid");
  }
});

test("add() keeps records sorted whatever the insertion order; equal times keep insertion order", () => {
  const store = new CallbackRecordStore();
  const make = (id: string, epochMs: number, SubId = "s1"): NewCallbackRecord => ({
    AppId: "app",
    SubId,
    MessageId: id,
    Data: "{}",
    Cost: 1,
    Url: "http://x",
    Code: 200,
    epochMs,
  });
  store.add([make("c", 3000), make("a", 1000, "s2"), make("b1", 2000)]);
  store.add([make("b2", 2000), make("d", 4000, "s2"), make("z", 500)]);
  const page = store.query({ appId: "app", startMs: 0, endMs: 10_000, pageSize: 100, pageNo: 1 });
  assert.ok(page.ok);
  assert.deepEqual(
    page.logs.map((l) => l.MessageId),
    ["z", "a", "b1", "b2", "c", "d"],
  );
  const s2 = store.query({ appId: "app", subscribeId: "s2", startMs: 1000, endMs: 4000, pageSize: 100, pageNo: 1 });
  assert.ok(s2.ok);
  assert.deepEqual(
    s2.logs.map((l) => l.MessageId),
    ["a"],
    "[startMs, endMs) is half-open",
  );
  assert.equal(store.size("app"), 6);
  assert.equal("epochMs" in (page.logs[0] ?? {}), false, "wire records carry no epochMs");
});

test("property: a page's JSON text is JSON.stringify of its logs, whether its records were served before or not", () => {
  const store = seeded(400, 11, { order: "desc" });
  store.add([
    {
      AppId: "9qb1test",
      SubId: "s-quote",
      MessageId: 'm"1\u2028',
      Data: '{"a":"\\u0000"}',
      Cost: 1,
      Url: "http://x.invalid/ü",
      Code: 200,
      epochMs: NOW - 1000,
    },
  ]);
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 100 }),
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 0, max: WEEK }),
      (pageSize, pageNo, start) => {
        const page = store.query({ appId: "9qb1test", startMs: NOW - start, endMs: NOW, pageSize, pageNo });
        if (!page.ok) return assert.fail(page.error.message);
        assert.equal(page.logsJson, JSON.stringify(page.logs));
        assert.ok(
          page.logs.every((log) => Object.isFrozen(log) && !("epochMs" in log)),
          "served records are frozen wire forms",
        );
      },
    ),
    { numRuns: 200 },
  );
  const missing = store.query({ appId: "nope", startMs: 0, endMs: NOW, pageSize: 10, pageNo: 1 });
  assert.ok(missing.ok && missing.logsJson === "[]");
});

test("wire records keep the documented field order and drop fields the doc does not list", () => {
  const store = new CallbackRecordStore();
  const extra = { Secret: "x" } as Record<string, unknown>;
  store.add([
    {
      Code: 200,
      Url: "u",
      epochMs: NOW,
      Cost: 3,
      Data: "{}",
      MessageId: "m",
      SubId: "s",
      AppId: "a",
      ...extra,
    } as NewCallbackRecord,
  ]);
  const page = store.query({ appId: "a", startMs: 0, endMs: NOW + 1, pageSize: 1, pageNo: 1 });
  assert.ok(page.ok);
  // The order of the Logs item's properties in the spec docgen made from the page (specs/live.openapi.json).
  const documented = Object.keys(
    (findProperty(loadSpecs().spec("live").document, "Logs") as { items: { properties: object } }).items.properties,
  );
  assert.equal(documented.length, 8);
  assert.deepEqual(Object.keys(page.logs[0] ?? {}), documented);
});

/** Heap the store holds once `records` are added and every page of them served (their JSON text is then kept). */
function heldHeap(store: CallbackRecordStore, makeRecords: () => NewCallbackRecord[]): number {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  gc();
  const before = process.memoryUsage().heapUsed;
  const refused = store.add(makeRecords());
  assert.equal(refused, undefined, refused?.message);
  for (let pageNo = 1; ; pageNo++) {
    const page = store.query({ appId: "9qb1test", startMs: 0, endMs: NOW, pageSize: 100, pageNo });
    if (!page.ok || !page.hasMore) break;
  }
  gc();
  return process.memoryUsage().heapUsed - before;
}

for (const [label, char] of [
  ["Latin-1 letters", "é"],
  ["two-byte characters", "中"],
  ["control characters (six in JSON)", "\u0001"],
  ["quotes (two in JSON)", '"'],
] as const) {
  test(`the byte estimate covers the heap of records of ${label}, served (docs/mock-limits.md#callback-records)`, () => {
    const store = new CallbackRecordStore();
    const held = heldHeap(store, () =>
      Array.from({ length: 200 }, (_, i) => ({
        AppId: "9qb1test",
        SubId: "s",
        MessageId: `m${i}`,
        // A flat string of its own per record, as JSON.parse hands a request's strings over.
        Data: detachedCopy(`${i}`.padEnd(20_000, char)),
        Cost: 1,
        Url: "http://x.invalid",
        Code: 200,
        epochMs: NOW - 1000 + i,
      })),
    );
    // The cap is on the estimate: the heap the records really take must not be above it (10% for heap noise).
    assert.ok(
      held <= store.bytes * 1.1,
      `held ${(held / 1e6).toFixed(1)} MB, estimated ${(store.bytes / 1e6).toFixed(1)} MB`,
    );
  });
}

test("property: seeded records are counted at least as add() counts the same records given by a client", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 300 }),
      fc.integer(),
      fc.constantFrom(0, 480, -720),
      (count, seed, offset) => {
        const store = seeded(count, seed, { timeUtcOffsetMinutes: offset });
        const logs = allPages(store, { startMs: 0, endMs: NOW + 1, pageSize: 100 }).seen;
        // The same records again, as a client would add them (Time given, so epochMs is only their order).
        const copy = new CallbackRecordStore();
        const refused = copy.add(logs.map((log, i) => ({ ...log, epochMs: i })));
        assert.equal(refused, undefined, refused?.message);
        assert.ok(store.bytes >= copy.bytes, `seeded ${store.bytes} B, add() counts ${copy.bytes} B`);
      },
    ),
    { numRuns: 30 },
  );
});
