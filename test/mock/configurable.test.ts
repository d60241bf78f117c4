/**
 * Behaviour the docs leave open (docs/unconfirmed-behaviour.md) follows the config: throttling wire form, statuses, MD5
 * check, nonces.
 */
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { test } from "node:test";
import { request } from "undici";
import { parseMockConfig } from "../../src/mock/domain/mock-config.ts";
import { nodeCrypto } from "../../src/signing/node-crypto.ts";
import { signSlsV1 } from "../../src/signing/sls-v1.ts";
import { APP_ID, CREDS, LOGSTORE, PROJECT, recentWindow, startTestMock } from "./mock-fixture.ts";

const yaml = `
throttling:
  status: 429
  code: Throttling.Api
  retryAfterHeader: false
wire:
  signatureMismatchStatus: 403
  verifyContentMd5: false
`;

test("throttling status/code/header, SignatureDoesNotMatch status and the MD5 check come from the config", async () => {
  const t = await startTestMock({ config: parseMockConfig(yaml, "test.yaml"), faults: { qpsLimit: 1 } });
  try {
    const live = t.live();
    const params = { AppId: APP_ID, ...recentWindow(1), PageSize: 1, PageNo: 1 };
    assert.equal((await live.listEventSubEvent(params)).status, 200);
    const throttled = await live.listEventSubEvent(params);
    assert.deepEqual([throttled.status, (throttled.body as { Code: string }).Code], [429, "Throttling.Api"]);
    assert.equal(throttled.headers["x-acs-retry-after"], undefined);

    const wrong = await t.live({ credentials: { ...CREDS, accessKeySecret: "bad" } }).listEventSubEvent(params);
    assert.deepEqual([wrong.status, (wrong.body as { Code: string }).Code], [403, "SignatureDoesNotMatch"]);

    // A Content-MD5 that does not match the body, signed as sent: accepted with verifyContentMd5 false.
    const body = JSON.stringify({ consumerGroup: "md5", timeout: 10, order: false });
    const path = `/logstores/${LOGSTORE}/consumergroups`;
    const headers: Record<string, string> = {
      host: `${PROJECT}.sls.localtest`,
      "content-type": "application/json",
      "content-md5": "00000000000000000000000000000000",
    };
    Object.assign(
      headers,
      signSlsV1(nodeCrypto, { method: "POST", path, query: {}, headers, body }, CREDS, {
        algorithm: "hmac-sha1",
        date: new Date(),
      }),
    );
    const res = await request(`${t.mock.url}${path}`, { method: "POST", headers, body });
    assert.equal(res.statusCode, 200, await res.body.text());
  } finally {
    await t.close();
  }
});

test("by default a Content-MD5 that does not match the body is refused (401 SignatureNotMatch)", async () => {
  const t = await startTestMock();
  try {
    const body = "[]";
    const path = `/logstores/${LOGSTORE}/consumergroups/g`;
    const headers: Record<string, string> = {
      host: `${PROJECT}.x`,
      "content-type": "application/json",
      "content-md5": "00000000000000000000000000000000",
    };
    Object.assign(
      headers,
      signSlsV1(
        nodeCrypto,
        { method: "POST", path, query: { type: "heartbeat", consumer: "c" }, headers, body },
        CREDS,
        { algorithm: "hmac-sha256", date: new Date() },
      ),
    );
    const res = await request(`${t.mock.url}${path}?type=heartbeat&consumer=c`, { method: "POST", headers, body });
    assert.equal(res.statusCode, 401);
    assert.equal(((await res.body.json()) as { errorCode: string }).errorCode, "SignatureNotMatch");
  } finally {
    await t.close();
  }
});

test("throttling.dropConnection destroys the connection instead of answering", async () => {
  const t = await startTestMock({
    config: parseMockConfig("throttling:\n  dropConnection: true\n", "drop.yaml"),
    faults: { qpsLimit: 1 },
  });
  try {
    const live = t.live();
    const params = { AppId: APP_ID, ...recentWindow(1), PageSize: 1, PageNo: 1 };
    assert.equal((await live.listEventSubEvent(params)).status, 200);
    await assert.rejects(live.listEventSubEvent(params), (err: Error) => err.name === "NetworkError");
    const throttled = t.mock.eventLog.since(0).events.filter((e) => e.kind === "throttled");
    assert.equal(throttled.length, 1, "the dropped request is in the event log");
  } finally {
    await t.close();
  }
});

test("a bad wire switch in the config is a UsageError naming the key", () => {
  assert.throws(
    () => parseMockConfig("wire:\n  signatureMismatchStatus: 401\n", "bad.yaml"),
    /wire\.signatureMismatchStatus: must be one of 400, 403/,
  );
});

test("wire.maxBodyBytes: a chunked body growing past it is refused with 413 PostBodyTooLarge (SLS) / 400 (Live)", async () => {
  const t = await startTestMock({ wire: { maxBodyBytes: 1000 } });
  try {
    const big = `[${"0,".repeat(2000)}0]`;
    for (const [path, status, field, code] of [
      [`/logstores/${LOGSTORE}/consumergroups/g?type=heartbeat&consumer=c`, 413, "errorCode", "PostBodyTooLarge"],
      ["/", 400, "Code", "InputInvalid"],
    ] as const) {
      // An async iterable body is sent chunked, without content-length: the limit applies while reading.
      const res = await request(`${t.mock.url}${path}`, {
        method: "POST",
        headers: { host: `${PROJECT}.sls.localtest`, "content-type": "application/json" },
        body: Readable.from(
          (function* () {
            for (let i = 0; i < big.length; i += 500) yield Buffer.from(big.slice(i, i + 500));
          })(),
        ),
      });
      assert.equal(res.statusCode, status, path);
      assert.equal(((await res.body.json()) as Record<string, string>)[field], code);
    }
  } finally {
    await t.close();
  }
});
