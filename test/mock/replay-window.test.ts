/**
 * Replays over HTTP (docs/mock-limits.md#nonce-store): a signed request replayed at any moment its timestamp is
 * still accepted is refused (past and future skew: up to 30 minutes after receipt for a timestamp 15 minutes ahead);
 * an over-long nonce is refused; a full nonce store answers 503 and forgets nothing early.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { request } from "undici";
import { ManualClock } from "../../src/core/clock.ts";
import { createDefaultMockConfig } from "../../src/mock/mock-config.ts";
import { nodeCrypto } from "../../src/signing/node-crypto.ts";
import { formatQuery } from "../../src/signing/query-string.ts";
import { signRpcV1 } from "../../src/signing/rpc-v1.ts";
import { APP_ID, CREDS, startTestMock } from "./mock-fixture.ts";

const MINUTE = 60_000;

/** A signed ListEventSubEvent URL with the given request time and nonce. */
function signedUrl(base: string, clock: ManualClock, timestampMs: number, nonce: string): string {
  const end = Math.floor(clock.wallMs() / MINUTE) * 60;
  const params = signRpcV1(
    nodeCrypto,
    {
      method: "GET",
      params: {
        Action: "ListEventSubEvent",
        Version: "2016-11-01",
        Format: "JSON",
        AppId: APP_ID,
        StartTime: String(end - 86_400),
        EndTime: String(end),
        PageSize: "1",
        PageNo: "1",
      },
    },
    CREDS,
    { timestamp: new Date(timestampMs), nonce },
  );
  return `${base}/?${formatQuery(params)}`;
}

async function answer(url: string): Promise<{ status: number; code: string | undefined }> {
  const res = await request(url);
  const body = (await res.body.json()) as { Code?: string };
  return { status: res.statusCode, code: body.Code };
}

test("a request timed 14 minutes ahead, replayed 28 minutes after receipt, is refused as a replay", async () => {
  const clock = new ManualClock(Date.now(), 0);
  const t = await startTestMock({ clock });
  try {
    const url = signedUrl(t.mock.url, clock, clock.wallMs() + 14 * MINUTE, "future-nonce-1");
    assert.deepEqual(await answer(url), { status: 200, code: undefined });
    for (const minutes of [1, 14, 13]) {
      clock.advance(minutes * MINUTE); // 1, 15, 28 minutes after receipt: the timestamp is accepted at each
      assert.deepEqual(await answer(url), { status: 400, code: "SignatureNonceUsed" }, `after ${minutes} more min`);
    }
    clock.advance(2 * MINUTE); // 30 minutes after receipt: 16 minutes past its timestamp, expired
    assert.deepEqual(await answer(url), { status: 400, code: "InvalidTimeStamp.Expired" });
  } finally {
    await t.close();
  }
});

test("a request timed 15 minutes ahead is refused as a replay through its last accepted millisecond", async () => {
  // Receipt 250 ms into a second; the timestamp (whole seconds) is the furthest ahead the skew check accepts.
  const receipt = Math.floor(Date.now() / 1000) * 1000 + 250;
  const clock = new ManualClock(receipt, 0);
  const t = await startTestMock({ clock });
  try {
    const timestamp = receipt - 250 + 15 * MINUTE;
    const url = signedUrl(t.mock.url, clock, timestamp, "edge-nonce-1");
    assert.deepEqual(await answer(url), { status: 200, code: undefined });
    clock.advance(timestamp + 15 * MINUTE - receipt); // |now − timestamp| = 15 min: still accepted
    assert.deepEqual(await answer(url), { status: 400, code: "SignatureNonceUsed" });
    clock.advance(1);
    assert.deepEqual(await answer(url), { status: 400, code: "InvalidTimeStamp.Expired" });
  } finally {
    await t.close();
  }
});

test("an over-long nonce is refused with 400 InvalidSignatureNonce", async () => {
  const clock = new ManualClock(Date.now(), 0);
  const t = await startTestMock({ clock });
  try {
    const url = signedUrl(t.mock.url, clock, clock.wallMs(), "n".repeat(129));
    assert.deepEqual(await answer(url), { status: 400, code: "InvalidSignatureNonce" });
    const fits = signedUrl(t.mock.url, clock, clock.wallMs(), "n".repeat(128));
    assert.deepEqual(await answer(fits), { status: 200, code: undefined });
  } finally {
    await t.close();
  }
});

test("a full nonce store answers 503 ServiceUnavailable and keeps refusing replays of what it holds", async () => {
  const clock = new ManualClock(Date.now(), 0);
  const config = createDefaultMockConfig();
  config.wire.maxNonceBytes = 1024;
  const t = await startTestMock({ clock, config });
  try {
    const accepted: string[] = [];
    for (let i = 0; i < 50; i++) {
      const url = signedUrl(t.mock.url, clock, clock.wallMs(), `nonce-${i}`);
      const got = await answer(url);
      if (got.status === 503) {
        assert.equal(got.code, "ServiceUnavailable");
        break;
      }
      assert.equal(got.status, 200);
      accepted.push(url);
    }
    assert.ok(accepted.length > 0 && accepted.length < 50, `${accepted.length} accepted before the store filled`);
    for (const url of accepted) assert.deepEqual(await answer(url), { status: 400, code: "SignatureNonceUsed" });
  } finally {
    await t.close();
  }
});
