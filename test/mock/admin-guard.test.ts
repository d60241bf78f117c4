/**
 * The admin API against what a web page can send (docs/mock-limits.md#admin-api): cross-site simple requests,
 * Origin and Sec-Fetch-Site, rebound Host names, the optional token, and inputs validated whole before any change.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { request } from "undici";
import { isLoopbackHost } from "../../src/mock/admin-guard.ts";
import { startTestMock, type TestMock } from "./mock-fixture.ts";

interface Sent {
  status: number;
  body: Record<string, unknown>;
}

async function send(t: TestMock, method: string, path: string, headers: Record<string, string>, body?: string) {
  const res = await request(`${t.mock.url}/_specgate/${path}`, {
    method: method as "GET",
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> } satisfies Sent;
}

const JSON_HEADERS = { "content-type": "application/json" };

/** What the admin API could change: faults, records, owners, groups, the event log and the nonces. */
function snapshot(t: TestMock) {
  const s = t.mock.state;
  return {
    faults: JSON.stringify(s.faults),
    records: s.callbacks.size(),
    owners: s.ownership.size,
    lastSeq: s.eventLog.lastSeq,
    evilOwner: s.ownership.ownerOf("evil-app"),
  };
}

const ROUTES = [
  ["POST", "faults", JSON.stringify({ faults: ["error-rate=1"] })],
  ["POST", "seed", JSON.stringify({ appId: "evil-app", owner: "specgate-test-id", count: 5 })],
  ["POST", "reset", "{}"],
  ["GET", "events?since=0", undefined],
  ["GET", "faults", undefined],
  ["GET", "health", undefined],
  ["POST", "no-such-route", "{}"],
] as const;

describe("admin API against web pages", () => {
  let t: TestMock;
  before(async () => {
    t = await startTestMock();
    // Something reset would visibly undo.
    await t.sls().createConsumerGroup("ali-test-logstore", { consumerGroup: "keep", timeout: 30, order: false });
  });
  after(() => t.close());

  for (const [method, path, body] of ROUTES) {
    test(`a cross-site ${method} ${path} (text/plain, foreign Origin) is refused and changes nothing`, async () => {
      const before = snapshot(t);
      const headers = { origin: "http://evil.example", "content-type": "text/plain;charset=UTF-8" };
      const res = await send(t, method, path, headers, body);
      assert.equal(res.status, 403, JSON.stringify(res.body));
      assert.match(String(res.body.error), /Origin/);
      assert.deepEqual(snapshot(t), before);
      assert.deepEqual(
        ((await t.sls().listConsumerGroup("ali-test-logstore")).body as { name: string }[]).map((g) => g.name),
        ["keep"],
      );
    });
  }

  test("a POST with text/plain and no Origin (a form, a beacon) is refused with 415 and changes nothing", async () => {
    const before = snapshot(t);
    for (const [path, body] of [
      ["faults", JSON.stringify({ faults: ["error-rate=1"] })],
      ["reset", ""],
      ["seed", JSON.stringify({ appId: "evil-app", owner: "specgate-test-id", count: 5 })],
    ] as const) {
      const res = await send(t, "POST", path, { "content-type": "text/plain" }, body);
      assert.equal(res.status, 415, path);
      assert.match(String(res.body.error), /application\/json/);
    }
    assert.deepEqual(snapshot(t), before);
  });

  test("a page's own Origin is refused too, even with JSON; so is Sec-Fetch-Site other than none", async () => {
    const own = await send(t, "POST", "faults", { ...JSON_HEADERS, origin: t.mock.url }, '{"faults":[]}');
    assert.equal(own.status, 403);
    const img = await send(t, "GET", "events?since=0", { "sec-fetch-site": "cross-site" });
    assert.equal(img.status, 403);
    assert.match(String(img.body.error), /Sec-Fetch-Site/);
    const typed = await send(t, "GET", "health", { "sec-fetch-site": "none" });
    assert.equal(typed.status, 200, "an address typed into the browser is the developer, not a page");
  });

  test("a Host that is a DNS name (a rebound page) is refused; loopback names pass", async () => {
    const rebound = await send(t, "GET", "events?since=0", { host: "evil.example" });
    assert.equal(rebound.status, 403);
    assert.match(String(rebound.body.error), /Host/);
    assert.equal((await send(t, "GET", "health", { host: "localhost" })).status, 200);
    for (const host of ["127.0.0.1:80", "[::1]:8080", "localhost", "api.localhost:1", "10.0.0.1"])
      assert.equal(isLoopbackHost(host), true, host);
    for (const host of [undefined, "evil.example", "localhost.evil.example", "127.0.0.1.nip.io", "", "[::1"])
      assert.equal(isLoopbackHost(host), false, String(host));
  });

  test("fetch from Node (specgate's own tools) passes: it sends no Origin", async () => {
    const res = await fetch(`${t.mock.url}/_specgate/faults`, {
      method: "POST",
      headers: JSON_HEADERS,
      body: JSON.stringify({ faults: [] }),
    });
    assert.equal(res.status, 200);
  });
});

describe("admin API with a token", () => {
  let t: TestMock;
  const token = "0123456789abcdef0123456789abcdef";
  before(async () => {
    t = await startTestMock({ adminToken: token });
  });
  after(() => t.close());

  test("every route but health needs the bearer token", async () => {
    assert.equal((await send(t, "GET", "health", {})).status, 200);
    for (const [method, path, body] of ROUTES.filter(([, p]) => p !== "health")) {
      const before = snapshot(t);
      const missing = await send(t, method, path, JSON_HEADERS, body);
      assert.equal(missing.status, 401, `${method} ${path}`);
      assert.match(String(missing.body.error), /Bearer/);
      const wrong = await send(t, method, path, { ...JSON_HEADERS, authorization: `Bearer ${token}x` }, body);
      assert.equal(wrong.status, 401);
      assert.deepEqual(snapshot(t), before);
    }
    const ok = await send(t, "GET", "faults", { authorization: `Bearer ${token}` });
    assert.equal(ok.status, 200);
  });
});

describe("admin inputs are bounded and validated whole", () => {
  let t: TestMock;
  before(async () => {
    t = await startTestMock();
  });
  after(() => t.close());

  const post = (path: string, body: unknown) => send(t, "POST", path, JSON_HEADERS, JSON.stringify(body));
  const record = (i: number) => ({
    SubId: "sub",
    MessageId: `m${i}`,
    Data: "{}",
    Cost: 1,
    Url: "http://cb.invalid/",
    Code: 200,
    epochMs: Date.now() - 60_000 - i,
  });

  for (const [label, bad, pattern] of [
    ["Time as an object", { ...record(9), Time: { toString: "x" } }, /Time must be a time/],
    ["Time in another form", { ...record(9), Time: "2026-01-01T00:00:00Z" }, /Time must be a time/],
    ["epochMs beyond year 9999", { ...record(9), epochMs: 1e300 }, /epochMs must be an integer/],
    ["epochMs fractional", { ...record(9), epochMs: 1.5 }, /epochMs must be an integer/],
    ["Code out of range", { ...record(9), Code: 99_999 }, /Code must be an integer from 100 to 599/],
    ["Data of 100 000 characters", { ...record(9), Data: "x".repeat(100_000) }, /Data must be a string of at most/],
    ["an unknown field", { ...record(9), __proto__x: 1 }, /unknown field/],
    ["another AppId", { ...record(9), AppId: "other" }, /AppId must be the call's appId/],
  ] as const) {
    test(`a batch whose last record has ${label} is refused with 400 and adds nothing`, async () => {
      const before = snapshot(t);
      const records = [record(1), record(2), record(3), bad];
      const res = await post("seed", { appId: "batch-app", owner: "specgate-test-id", records });
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.match(String(res.body.error), /^records\[3\]/);
      assert.match(String(res.body.error), pattern);
      assert.deepEqual(snapshot(t), before);
      assert.equal(t.mock.state.ownership.ownerOf("batch-app"), undefined, "not even the owner was registered");
    });
  }

  test("records given out of order are stored sorted", async () => {
    const res = await post("seed", { appId: "sorted-app", records: [record(5), record(1), record(3)] });
    assert.equal(res.status, 200);
    const page = t.mock.state.callbacks.query({
      appId: "sorted-app",
      startMs: 0,
      endMs: Date.now(),
      pageSize: 10,
      pageNo: 1,
    });
    assert.ok(page.ok);
    assert.deepEqual(
      page.logs.map((l) => l.MessageId),
      ["m5", "m3", "m1"],
    );
  });

  for (const [label, body, pattern] of [
    ["count above the per-call cap", { appId: "a", count: 1_000_000 }, /count must be an integer from 0 to 300000/],
    ["an unknown key", { appId: "a", cuont: 5 }, /unknown key "cuont"/],
    ["a fractional seed", { appId: "a", count: 1, seed: 0.5 }, /seed must be an integer/],
    ["a negative span", { appId: "a", count: 1, spanMs: -1 }, /spanMs must be an integer/],
    ["an AppId of 65 characters", { appId: "a".repeat(65) }, /appId must be 1–64/],
    ["an owner that is no account", { appId: "a", owner: "ghost" }, /owner must be the AccessKeyId/],
  ] as const) {
    test(`seed with ${label} is refused with 400`, async () => {
      const before = snapshot(t);
      const res = await post("seed", body);
      assert.equal(res.status, 400);
      assert.match(String(res.body.error), pattern);
      assert.deepEqual(snapshot(t), before);
    });
  }

  test("seeding past the total cap is refused whole with 507, naming the cap and the way out", async () => {
    const before = snapshot(t);
    const room = t.mock.state.callbacks.maxRecords - t.mock.state.callbacks.size();
    const res = await post("seed", { appId: "big-app", count: room, records: [record(1)] });
    assert.equal(res.status, 507);
    assert.match(String(res.body.error), /record cap.*reset/);
    assert.deepEqual(snapshot(t), before);
  });

  test("faults and events take bounded input", async () => {
    const many = await post("faults", { faults: Array.from({ length: 17 }, () => "latency=1") });
    assert.equal(many.status, 400);
    const long = await post("faults", { faults: [`latency=${"1".repeat(100)}`] });
    assert.equal(long.status, 400);
    const since = await send(t, "GET", `events?since=${"9".repeat(16)}`, {});
    assert.equal(since.status, 400);
  });
});
