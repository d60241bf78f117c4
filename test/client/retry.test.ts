// Retry on throttling: the codes that count, x-acs-retry-after, bounds on attempts and total time,
// and a fresh signature per attempt. Time is injected (ManualClock + a recording sleep).
import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import nock from "nock";
import { LiveClient } from "../../src/client/live-client.ts";
import { computeRetryDelayMs, DEFAULT_RETRY_POLICY, isThrottled, sendWithRetry } from "../../src/client/retry.ts";
import { SlsClient } from "../../src/client/sls-client.ts";
import { ManualClock } from "../../src/core/clock.ts";
import { buildExchange } from "./exchange-fixture.ts";
import { closeNetwork } from "./nock-setup.ts";

before(closeNetwork);
afterEach(() => nock.cleanAll());
after(() => nock.enableNetConnect());

describe("isThrottled / computeRetryDelayMs", () => {
  it("recognises the three POP codes and SLS 403 MetaOperationQpsLimitExceeded only", () => {
    for (const code of ["Throttling", "Throttling.User", "Throttling.Api"])
      assert.equal(isThrottled(buildExchange(400, { Code: code })), true);
    assert.equal(
      isThrottled(buildExchange(403, { errorCode: "MetaOperationQpsLimitExceeded", errorMessage: "x" })),
      true,
    );
    assert.equal(isThrottled(buildExchange(400, { errorCode: "MetaOperationQpsLimitExceeded" })), false);
    assert.equal(isThrottled(buildExchange(400, { Code: "SignatureDoesNotMatch" })), false);
    assert.equal(isThrottled(buildExchange(200, { Code: "Throttling" })), false);
    assert.equal(isThrottled(buildExchange(503, "Service Unavailable")), false);
  });
  it("uses x-acs-retry-after (ms, > 0, capped) else doubles from the base", () => {
    const p = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
    assert.equal(computeRetryDelayMs(buildExchange(400, {}, { "x-acs-retry-after": "50" }), 1, p), 50);
    assert.equal(computeRetryDelayMs(buildExchange(400, {}, { "x-acs-retry-after": "99999" }), 1, p), 1000);
    assert.equal(computeRetryDelayMs(buildExchange(400, {}, { "x-acs-retry-after": "0" }), 3, p), 400);
    assert.equal(computeRetryDelayMs(buildExchange(400, {}, { "x-acs-retry-after": "soon" }), 1, p), 100);
    assert.equal(computeRetryDelayMs(buildExchange(400, {}), 5, p), 1000);
  });
});

describe("sendWithRetry bounds", () => {
  it("stops after maxAttempts and returns the last exchange", async () => {
    const clock = new ManualClock();
    const sleeps: number[] = [];
    const ex = await sendWithRetry(
      async () => buildExchange(400, { Code: "Throttling" }),
      { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 },
      {
        clock,
        sleep: async (ms) => {
          sleeps.push(ms);
          clock.advance(ms);
        },
      },
    );
    assert.equal(ex.attempts, 3);
    assert.deepEqual(sleeps, [200, 400]);
  });
  it("does not start a wait that would pass maxTotalMs", async () => {
    const clock = new ManualClock();
    let calls = 0;
    const ex = await sendWithRetry(
      async () => {
        calls++;
        clock.advance(300);
        return buildExchange(400, { Code: "Throttling.Api" }, { "x-acs-retry-after": "400" });
      },
      { maxAttempts: 10, maxTotalMs: 1500, baseDelayMs: 100, maxDelayMs: 5000 },
      { clock, sleep: async (ms) => clock.advance(ms) },
    );
    // Attempt 1 ends at 300 (+400 wait = 700 ≤ 1500), attempt 2 at 1000 (+400 = 1400 ≤ 1500),
    // attempt 3 at 1700: another wait would pass 1500, so it stops there.
    assert.equal(calls, 3);
    assert.equal(ex.attempts, 3);
  });
});

describe("clients retry on throttling", () => {
  it("Live: 400 Throttling.User with x-acs-retry-after: 50 → waits 50 ms → 200, each attempt signed afresh", async () => {
    const nonces: string[] = [];
    nock("https://live.aliyuncs.com")
      .get(/.*/)
      .reply(function () {
        nonces.push(String(this.req.headers["x-acs-signature-nonce"]));
        return [
          400,
          { RequestId: "r1", Code: "Throttling.User", Message: "Request was denied due to user flow control." },
          { "x-acs-retry-after": "50" },
        ];
      })
      .get(/.*/)
      .reply(function () {
        nonces.push(String(this.req.headers["x-acs-signature-nonce"]));
        return [200, { RequestId: "r2", Count: 0, HasMore: false, Logs: [] }];
      });
    const clock = new ManualClock(Date.UTC(2026, 0, 5));
    const sleeps: number[] = [];
    const c = new LiveClient({
      baseUrl: "https://live.aliyuncs.com",
      host: "live.aliyuncs.com",
      credentials: { accessKeyId: "id", accessKeySecret: "secret" },
      clock,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock.advance(ms);
      },
    });
    const ex = await c.listEventSubEvent({ AppId: "9qb1test", StartTime: 1, EndTime: 2, PageSize: 10, PageNo: 1 });
    assert.equal(ex.status, 200);
    assert.equal(ex.attempts, 2);
    assert.deepEqual(sleeps, [50]);
    assert.equal(nonces.length, 2);
    assert.notEqual(nonces[0], nonces[1]);
  });

  it("SLS: 403 MetaOperationQpsLimitExceeded is retried; retry: false sends once", async () => {
    const origin = "https://p.cn-hangzhou.log.aliyuncs.com";
    const throttled = {
      errorCode: "MetaOperationQpsLimitExceeded",
      errorMessage: "Qps limit for the meta operation is exceeded.",
    };
    nock(origin)
      .get("/logstores/ls/consumergroups")
      .reply(403, throttled)
      .get("/logstores/ls/consumergroups")
      .reply(200, []);
    const sleeps: number[] = [];
    const c = new SlsClient({
      baseUrl: origin,
      host: "p.cn-hangzhou.log.aliyuncs.com",
      credentials: { accessKeyId: "id", accessKeySecret: "secret" },
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    const ex = await c.listConsumerGroup("ls");
    assert.deepEqual([ex.status, ex.attempts, sleeps], [200, 2, [200]]);
    nock(origin).get("/logstores/ls/consumergroups").reply(403, throttled);
    const once = await c.listConsumerGroup("ls", { retry: false });
    assert.deepEqual([once.status, once.attempts], [403, 1]);
    assert.equal(nock.isDone(), true);
  });
});
