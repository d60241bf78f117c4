/** Injected faults (each observable over HTTP), the strict fault parser, and the loopback admin API. */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { request } from "undici";
import { UsageError } from "../../src/core/usage-error.ts";
import { createMockServer } from "../../src/mock/create-mock-server.ts";
import { formatFaults, parseFaults } from "../../src/mock/faults.ts";
import { createDefaultMockConfig } from "../../src/mock/mock-config.ts";
import { APP_ID, LOGSTORE, recentWindow, specs, startTestMock, type TestMock } from "./mock-fixture.ts";

async function admin(t: TestMock, method: "GET" | "POST", path: string, body?: unknown) {
  // Admin POSTs must say application/json (admin-guard.ts), also when they carry no body.
  const res = await request(`${t.mock.url}/_specgate/${path}`, {
    method,
    ...(method === "POST" ? { body: JSON.stringify(body ?? {}), headers: { "content-type": "application/json" } } : {}),
  });
  return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
}

describe("fault parser", () => {
  test("parses every fault and formats it back", () => {
    const specs = ["latency=20", "error-rate=0.25", "drop-rate=1", "qps-limit=7", "contract-drift"];
    const faults = parseFaults(specs);
    assert.deepEqual(faults, { latencyMs: 20, errorRate: 0.25, dropRate: 1, qpsLimit: 7, contractDrift: true });
    assert.deepEqual(formatFaults(faults), specs);
  });

  for (const bad of [
    "bogus",
    "latency",
    "latency=-1",
    "latency=1e3",
    "error-rate=1.5",
    "drop-rate=abc",
    "qps-limit=0",
    "contract-drift=yes",
    "qps-limit=2",
  ]) {
    test(`refuses ${JSON.stringify(bad)} with a UsageError naming the valid faults`, () => {
      const input = bad === "qps-limit=2" ? ["qps-limit=2", "qps-limit=3"] : [bad];
      assert.throws(
        () => parseFaults(input),
        (err: unknown) =>
          err instanceof UsageError &&
          /Valid faults: latency=MS/.test(err.message) &&
          err.message.includes(JSON.stringify(input.at(-1))),
      );
    });
  }
});

describe("faults over HTTP", () => {
  let t: TestMock;
  before(async () => {
    t = await startTestMock();
  });
  after(() => t.close());

  test("latency delays every product answer", async () => {
    const live = t.live();
    await admin(t, "POST", "faults", { faults: ["latency=120"] });
    const slow = await live.listEventSubEvent({ AppId: APP_ID, ...recentWindow(1), PageSize: 1, PageNo: 1 });
    await admin(t, "POST", "faults", { faults: [] });
    // Cleared: the quickest of three answers shows no injected delay (one answer alone may meet a busy machine).
    const fast: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await live.listEventSubEvent({ AppId: APP_ID, ...recentWindow(1), PageSize: 1, PageNo: 1 });
      assert.equal(r.status, 200);
      fast.push(r.timings.totalMs);
    }
    assert.equal(slow.status, 200);
    assert.ok(slow.timings.totalMs >= 115, `took ${slow.timings.totalMs} ms`);
    assert.ok(Math.min(...fast) < 100, `took ${fast.join(", ")} ms`);
  });

  test("error-rate=1 answers 500 in each product's error body", async () => {
    await admin(t, "POST", "faults", { faults: ["error-rate=1"] });
    const sls = await t.sls().listConsumerGroup(LOGSTORE);
    const live = await t.live().listEventSubEvent({ AppId: APP_ID, ...recentWindow(1), PageSize: 1, PageNo: 1 });
    await admin(t, "POST", "faults", { faults: [] });
    assert.deepEqual([sls.status, (sls.body as { errorCode: string }).errorCode], [500, "InternalServerError"]);
    assert.deepEqual(specs.spec("sls").operations.get("ListConsumerGroup")?.validateResponse(500, sls.body), []);
    assert.deepEqual([live.status, (live.body as { Code: string }).Code], [500, "ServerError"]);
    assert.deepEqual(specs.spec("live").operations.get("ListEventSubEvent")?.validateResponse(500, live.body), []);
  });

  test("drop-rate=1 destroys the connection without an answer", async () => {
    await admin(t, "POST", "faults", { faults: ["drop-rate=1"] });
    await assert.rejects(t.sls().listConsumerGroup(LOGSTORE), (err: Error) => err.name === "NetworkError");
    await admin(t, "POST", "faults", { faults: [] });
    assert.equal((await t.sls().listConsumerGroup(LOGSTORE)).status, 200);
  });

  test("qps-limit=N overrides the spec's limit at once, and clearing it restores the spec's", async () => {
    await admin(t, "POST", "reset");
    await admin(t, "POST", "faults", { faults: ["qps-limit=3"] });
    const live = t.live();
    const codes: number[] = [];
    for (let i = 0; i < 5; i++)
      codes.push((await live.listEventSubEvent({ AppId: APP_ID, ...recentWindow(1), PageSize: 1, PageNo: 1 })).status);
    assert.deepEqual(codes, [200, 200, 200, 400, 400]);
    await admin(t, "POST", "faults", { faults: [] });
    assert.equal(t.mock.state.limiterOf("live", "ListEventSubEvent")?.limit, 50);
  });

  test("contract-drift answers fail validateResponse, naming operation and JSON pointer", async () => {
    const sls = t.sls();
    await admin(t, "POST", "reset");
    await sls.createConsumerGroup(LOGSTORE, { consumerGroup: "drift", timeout: 30, order: false });
    await admin(t, "POST", "faults", { faults: ["contract-drift"] });
    const cases = [
      [
        "ListEventSubEvent",
        await t.live().listEventSubEvent({ AppId: APP_ID, ...recentWindow(7), PageSize: 5, PageNo: 1 }),
      ],
      ["ConsumerGroupHeartBeat", await sls.consumerGroupHeartBeat(LOGSTORE, "drift", "c1", [])],
      ["ListConsumerGroup", await sls.listConsumerGroup(LOGSTORE)],
      ["GetCheckPoint", await sls.getCheckPoint(LOGSTORE, "drift")],
      ["DeleteConsumerGroup", await sls.deleteConsumerGroup(LOGSTORE, "no-such-group")],
    ] as const;
    await admin(t, "POST", "faults", { faults: [] });
    const pointers: string[] = [];
    for (const [id, ex] of cases) {
      const product = id === "ListEventSubEvent" ? specs.spec("live") : specs.spec("sls");
      const violations = product.operations.get(id)?.validateResponse(ex.status, ex.body) ?? [];
      assert.ok(violations.length > 0, `${id} ${ex.status} ${ex.rawBody} drifted`);
      for (const v of violations) assert.equal(v.operationId, id);
      pointers.push(...violations.map((v) => `${id}${v.jsonPointer}`));
    }
    assert.ok(pointers.includes("ListEventSubEvent/Count"), pointers.join(" "));
    assert.ok(pointers.includes("ConsumerGroupHeartBeat/0"), pointers.join(" "));
    assert.ok(pointers.includes("ListConsumerGroup/0/timeout"), pointers.join(" "));
  });
});

describe("admin API", () => {
  let t: TestMock;
  before(async () => {
    t = await startTestMock();
  });
  after(() => t.close());

  test("health, faults, events since a sequence number, reset and seed", async () => {
    assert.deepEqual((await admin(t, "GET", "health")).body.status, "ok");
    const bad = await admin(t, "POST", "faults", { faults: ["nope"] });
    assert.equal(bad.status, 400);
    assert.match(String(bad.body.error), /Valid faults/);
    assert.deepEqual((await admin(t, "POST", "faults", { faults: ["latency=1"] })).body.faults, ["latency=1"]);
    assert.deepEqual((await admin(t, "GET", "faults")).body.faults, ["latency=1"]);
    await admin(t, "POST", "faults", { faults: [] });

    const sls = t.sls();
    await sls.createConsumerGroup(LOGSTORE, { consumerGroup: "adm", timeout: 30, order: false });
    const all = await admin(t, "GET", "events?since=0");
    const events = all.body.events as { kind: string; seq: number }[];
    assert.ok(events.some((e) => e.kind === "group-created"));
    const lastSeq = all.body.lastSeq as number;
    await sls.consumerGroupHeartBeat(LOGSTORE, "adm", "c1", []);
    const later = (await admin(t, "GET", `events?since=${lastSeq}`)).body.events as { kind: string; seq: number }[];
    assert.ok(later.length > 0 && later.every((e) => e.seq > lastSeq));
    assert.ok(later.some((e) => e.kind === "joined"));
    assert.equal((await admin(t, "GET", "events?since=-1")).status, 400);

    assert.equal((await admin(t, "POST", "reset")).status, 200);
    assert.deepEqual((await sls.listConsumerGroup(LOGSTORE)).body, [], "reset forgets the groups");

    const before = t.mock.state.callbacks.size("fresh-app");
    const seeded = await admin(t, "POST", "seed", { appId: "fresh-app", owner: "specgate-test-id", count: 30 });
    assert.equal(seeded.status, 200);
    assert.equal(seeded.body.records, before + 30);
    const page = await t.live().listEventSubEvent({ AppId: "fresh-app", ...recentWindow(7), PageSize: 100, PageNo: 1 });
    assert.equal((page.body as { Logs: unknown[] }).Logs.length, 30);
    assert.equal((await admin(t, "POST", "seed", { appId: "x", records: [{ AppId: "x" }] })).status, 400);
    assert.equal((await admin(t, "GET", "nothing")).status, 404);
  });

  test("the admin API refuses clients that are not on loopback", async () => {
    const server = createMockServer({ specs, config: createDefaultMockConfig() });
    try {
      const res = await server.app.inject({ method: "GET", url: "/_specgate/health", remoteAddress: "10.1.2.3" });
      assert.equal(res.statusCode, 403);
      assert.match(res.json().error, /loopback/);
      const ok = await server.app.inject({ method: "GET", url: "/_specgate/health", remoteAddress: "127.0.0.1" });
      assert.equal(ok.statusCode, 200);
    } finally {
      await server.close();
    }
  });
});
