/**
 * Refusals stay small however large the request (docs/mock-limits.md#error-answers): values a verifier quotes are
 * clipped, and a debug-mode string-to-sign is cut at 4 KB.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { nodeCrypto } from "../../src/signing/node-crypto.ts";
import { formatQuery } from "../../src/signing/query-string.ts";
import { signRpcV1 } from "../../src/signing/rpc-v1.ts";
import { signSlsV1 } from "../../src/signing/sls-v1.ts";
import type { SignableRequest, VerifyFailure } from "../../src/signing/types.ts";
import { MAX_STRING_TO_SIGN_ECHO, mapRpcAuthError, mapSlsAuthError } from "../../src/signing/verify-errors.ts";
import { verifyRpc } from "../../src/signing/verify-rpc.ts";
import { verifySls } from "../../src/signing/verify-sls.ts";

const NOW = Date.UTC(2026, 0, 5, 10, 0, 0);
const creds = { accessKeyId: "specgate-test-id", accessKeySecret: "specgate-test-secret" };
const lookup = (id: string) => (id === creds.accessKeyId ? { secret: creds.accessKeySecret } : undefined);
const HUGE = "x".repeat(1_000_000);
const MAX_MESSAGE = 1024;

function failed(result: ReturnType<typeof verifyRpc>): VerifyFailure {
  assert.equal(result.ok, false);
  return result as VerifyFailure;
}

/** An RPC v1 POST whose form body carries `params` (signed with `secret`). */
function rpcPost(params: Record<string, string>, secret = creds.accessKeySecret): SignableRequest {
  const signed = signRpcV1(
    nodeCrypto,
    { method: "POST", params: { Action: "ListEventSubEvent", Version: "2016-11-01", ...params } },
    { ...creds, accessKeySecret: secret },
    { timestamp: new Date(NOW), nonce: "n-1" },
  );
  return {
    method: "POST",
    path: "/",
    query: {},
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: formatQuery(signed),
  };
}

describe("bounded refusals", () => {
  it("a 1 MB SignatureMethod, Timestamp or AccessKeyId is quoted clipped", () => {
    const cases: Array<[string, Record<string, string>]> = [
      ["SignatureMethod", { SignatureMethod: HUGE }],
      ["SignatureVersion", { SignatureVersion: HUGE }],
      ["Timestamp", { Timestamp: HUGE }],
    ];
    for (const [name, override] of cases) {
      const req = rpcPost({});
      const params = Object.fromEntries(new URLSearchParams(req.body as string));
      const body = formatQuery({ ...params, ...override });
      const f = failed(verifyRpc(nodeCrypto, { ...req, body }, lookup, { now: NOW }));
      const e = mapRpcAuthError(f);
      assert.ok(e.message.length < MAX_MESSAGE, `${name}: ${e.code} message of ${e.message.length} characters`);
      assert.ok(f.detail.length < MAX_MESSAGE, `${name}: detail of ${f.detail.length} characters`);
    }
  });

  it("SLS: an unknown 1 MB AccessKeyId, a 1 MB signature method or date is quoted clipped", () => {
    const base: SignableRequest = { method: "GET", path: "/logstores/ls/consumergroups", query: {}, headers: {} };
    const signed = signSlsV1(nodeCrypto, base, creds, { algorithm: "hmac-sha256", date: new Date(NOW) });
    const variants: Record<string, string>[] = [
      { authorization: `LOG ${HUGE}:sig` },
      { "x-log-signaturemethod": HUGE },
      { date: HUGE },
      { "x-log-date": HUGE },
    ];
    for (const headers of variants) {
      const f = failed(verifySls(nodeCrypto, { ...base, headers: { ...signed, ...headers } }, lookup, { now: NOW }));
      const e = mapSlsAuthError(f);
      assert.ok(e.message.length < MAX_MESSAGE, `${Object.keys(headers)[0]}: ${e.code} ${e.message.length}`);
    }
  });

  it("debug mode: the string-to-sign of a 2 MB form body is cut at 4 KB; without debug mode it is absent", () => {
    const f = failed(verifyRpc(nodeCrypto, rpcPost({ Data: "y".repeat(2_000_000) }, "wrong"), lookup, { now: NOW }));
    assert.equal(f.reason, "signature-mismatch");
    assert.ok((f.stringToSign?.length ?? 0) > 2_000_000, "the whole string-to-sign was computed");
    const plain = mapRpcAuthError(f);
    assert.equal(plain.message, "Specified signature is not matched with our calculation.");
    const debug = mapRpcAuthError(f, { stringToSignInErrors: true }).message;
    assert.match(debug, /server string to sign is:POST&%2F&/);
    assert.ok(debug.length <= MAX_STRING_TO_SIGN_ECHO + 100, `${debug.length} characters`);
  });
});
