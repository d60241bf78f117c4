// Every failure reason of the verifiers, the documented error it maps to (docs/alibaba/sls-errors.md,
// docs/alibaba/pop-errors.md#gateway-codes), and the rule that no secret, token or signature ever appears in a detail
// or error message.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { signAcs3 } from "../../src/signing/acs3.ts";
import { nodeCrypto } from "../../src/signing/node-crypto.ts";
import { formatQuery } from "../../src/signing/query-string.ts";
import { signRpcV1 } from "../../src/signing/rpc-v1.ts";
import { signSlsV1 } from "../../src/signing/sls-v1.ts";
import { signSlsV4 } from "../../src/signing/sls-v4.ts";
import type { Credentials, SignableRequest, VerifyFailure, VerifyResult } from "../../src/signing/types.ts";
import { mapRpcAuthError, mapSlsAuthError } from "../../src/signing/verify-errors.ts";
import { verifyRpc } from "../../src/signing/verify-rpc.ts";
import { verifySls } from "../../src/signing/verify-sls.ts";

const c = nodeCrypto;
const SECRET = "specgate-test-secret";
const TOKEN = "sts-token-value/with+chars";
const creds: Credentials = { accessKeyId: "specgate-test-id", accessKeySecret: SECRET };
const stsCreds: Credentials & { securityToken: string } = {
  accessKeyId: "sts-id",
  accessKeySecret: "sts-secret-value",
  securityToken: TOKEN,
};
const lookup = (id: string) =>
  id === creds.accessKeyId
    ? { secret: SECRET }
    : id === stsCreds.accessKeyId
      ? { secret: stsCreds.accessKeySecret, token: TOKEN }
      : undefined;
const NOW = Date.UTC(2026, 0, 5, 10, 0, 0);
const base: SignableRequest = {
  method: "GET",
  path: "/logstores/ali-test-logstore/consumergroups",
  query: {},
  headers: { host: "ali-test-project.sls.localtest" },
};

function failure(r: VerifyResult): VerifyFailure {
  assert.equal(r.ok, false, "expected a failure");
  return r as VerifyFailure;
}

function assertNoSecrets(...values: unknown[]): void {
  const text = JSON.stringify(values);
  for (const s of [SECRET, TOKEN, stsCreds.accessKeySecret, encodeURIComponent(TOKEN)])
    assert.ok(!text.includes(s), `leaked ${s}`);
}

function slsV1(
  overrides: Partial<SignableRequest> = {},
  date: Date | string = new Date(NOW),
  who = creds,
): SignableRequest {
  const added = signSlsV1(c, base, who, { algorithm: "hmac-sha256", date });
  return { ...base, headers: { ...base.headers, ...added }, ...overrides };
}

describe("verifySls failures → SLS errors", () => {
  const cases: Array<[string, SignableRequest, string, number, string]> = [
    ["no Authorization", { ...base }, "missing-credentials", 400, "MissAccessKeyId"],
    [
      "a foreign Authorization scheme",
      { ...base, headers: { ...base.headers, Authorization: "Bearer x" } },
      "incomplete-signature",
      400,
      "ParameterInvalid",
    ],
    [
      "LOG without a colon",
      { ...base, headers: { ...base.headers, Authorization: "LOG abc" } },
      "incomplete-signature",
      400,
      "ParameterInvalid",
    ],
  ];
  for (const [name, req, reason, status, code] of cases) {
    it(`${name} → ${reason} → ${status} ${code}`, () => {
      const f = failure(verifySls(c, req, lookup, { now: NOW }));
      assert.equal(f.reason, reason);
      assert.deepEqual([mapSlsAuthError(f).status, mapSlsAuthError(f).code], [status, code]);
    });
  }

  it("no Date → missing-date → 400 MissingDate", () => {
    const req = slsV1();
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== "date"));
    const f = failure(verifySls(c, { ...req, headers }, lookup, { now: NOW }));
    assert.deepEqual([f.reason, mapSlsAuthError(f).code], ["missing-date", "MissingDate"]);
  });

  it("a malformed Date → bad-date → 400 InvalidRequestTime", () => {
    const f = failure(verifySls(c, slsV1({}, "2026-01-05 10:00:00"), lookup, { now: NOW }));
    assert.deepEqual(
      [f.reason, mapSlsAuthError(f).status, mapSlsAuthError(f).code],
      ["bad-date", 400, "InvalidRequestTime"],
    );
  });

  it("a Date 16 minutes off → expired → 400 RequestTimeExpired naming both times", () => {
    const f = failure(verifySls(c, slsV1({}, new Date(NOW - 16 * 60_000)), lookup, { now: NOW }));
    const e = mapSlsAuthError(f);
    assert.deepEqual([f.reason, e.status, e.code], ["expired", 400, "RequestTimeExpired"]);
    assert.equal(
      e.message,
      "Request time Mon, 05 Jan 2026 09:44:00 GMT has been expired while server time is Mon, 05 Jan 2026 10:00:00 GMT.",
    );
  });

  it("14 minutes off is within the default 15-minute window; maxSkewMs narrows it", () => {
    assert.equal(verifySls(c, slsV1({}, new Date(NOW + 14 * 60_000)), lookup, { now: NOW }).ok, true);
    assert.equal(
      verifySls(c, slsV1({}, new Date(NOW + 14 * 60_000)), lookup, { now: NOW, maxSkewMs: 60_000 }).ok,
      false,
    );
  });

  it("no x-log-signaturemethod → MissingSignatureMethod; an unknown one → InvalidSignatureMethod", () => {
    const req = slsV1();
    const without = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== "x-log-signaturemethod"));
    assert.equal(
      mapSlsAuthError(failure(verifySls(c, { ...req, headers: without }, lookup, { now: NOW }))).code,
      "MissingSignatureMethod",
    );
    const md5 = { ...req.headers, "x-log-signaturemethod": "hmac-md5" };
    assert.equal(
      mapSlsAuthError(failure(verifySls(c, { ...req, headers: md5 }, lookup, { now: NOW }))).code,
      "InvalidSignatureMethod",
    );
  });

  it('an unknown key → 401 Unauthorized "AccessKeyId not found: <id>"', () => {
    const f = failure(
      verifySls(c, slsV1({}, new Date(NOW), { accessKeyId: "nobody", accessKeySecret: SECRET }), lookup, { now: NOW }),
    );
    assert.deepEqual(mapSlsAuthError(f), {
      status: 401,
      code: "Unauthorized",
      message: "AccessKeyId not found: nobody",
    });
  });

  it("a wrong secret → 401 SignatureNotMatch, the signature not echoed", () => {
    const req = slsV1({}, new Date(NOW), { accessKeyId: creds.accessKeyId, accessKeySecret: "wrong" });
    const f = failure(verifySls(c, req, lookup, { now: NOW }));
    const e = mapSlsAuthError(f);
    assert.deepEqual([f.reason, e.status, e.code], ["signature-mismatch", 401, "SignatureNotMatch"]);
    const sig = (req.headers.authorization as string).split(":")[1] as string;
    assert.ok(!JSON.stringify([f, e]).includes(sig));
    assert.ok(f.stringToSign?.startsWith("GET\n"));
  });

  it("a body that does not match Content-MD5 → signature-mismatch (unless verifyBodyDigest is off)", () => {
    const post = {
      ...base,
      method: "POST",
      body: "[0]",
      headers: { ...base.headers, "content-type": "application/json" },
    };
    const added = signSlsV1(c, post, creds, { algorithm: "hmac-sha1", date: new Date(NOW) });
    const tampered = { ...post, body: "[1]", headers: { ...post.headers, ...added } };
    assert.equal(failure(verifySls(c, tampered, lookup, { now: NOW })).parameter, "Content-MD5");
    assert.equal(verifySls(c, tampered, lookup, { now: NOW, verifyBodyDigest: false }).ok, true);
  });

  it("STS: token missing, wrong, or sent for a permanent key → 401 Unauthorized (invalid token); right → ok", () => {
    const good = slsV1({}, new Date(NOW), stsCreds);
    const ok = verifySls(c, good, lookup, { now: NOW });
    assert.deepEqual(ok.ok && [ok.accessKeyId, ok.securityToken], ["sts-id", TOKEN]);
    const noToken = slsV1({}, new Date(NOW), { accessKeyId: "sts-id", accessKeySecret: stsCreds.accessKeySecret });
    const wrong = slsV1({}, new Date(NOW), { ...stsCreds, securityToken: "other" });
    const extra = slsV1({}, new Date(NOW), { ...creds, securityToken: TOKEN });
    for (const req of [noToken, wrong, extra]) {
      const f = failure(verifySls(c, req, lookup, { now: NOW }));
      const e = mapSlsAuthError(f);
      assert.deepEqual(
        [f.reason, e.status, e.code, e.message],
        ["bad-security-token", 401, "Unauthorized", "The security token you provided is invalid."],
      );
      assertNoSecrets(f, e);
    }
  });

  it("v4: missing x-log-date, scope date mismatch, unknown key", () => {
    const added = signSlsV4(c, base, creds, { region: "cn-hangzhou", date: new Date(NOW) });
    const headers = { ...base.headers, ...added };
    const reasonOf = (h: Record<string, string>) =>
      failure(verifySls(c, { ...base, headers: h }, lookup, { now: NOW })).reason;
    const withAuthorization = (from: string, to: string) => ({
      ...headers,
      authorization: (headers.authorization as string).replace(from, to),
    });
    const noDate = Object.fromEntries(Object.entries(headers).filter(([k]) => k !== "x-log-date"));
    assert.equal(reasonOf(noDate), "missing-date");
    assert.equal(reasonOf(withAuthorization("/20260105/", "/20260104/")), "incomplete-signature");
    assert.equal(reasonOf(withAuthorization("specgate-test-id", "nobody")), "unknown-access-key");
  });
});

describe("verifyRpc failures → POP gateway errors", () => {
  const params = { Action: "ListEventSubEvent", Version: "2016-11-01", AppId: "9qb1test" };
  const signV1 = (who = creds, at = new Date(NOW)) =>
    signRpcV1(c, { method: "GET", params }, who, { timestamp: at, nonce: "n-42" });
  const rpc = (query: Record<string, string>): SignableRequest => ({
    method: "GET",
    path: "/",
    query,
    headers: { host: "live.aliyuncs.com" },
  });
  const without = (q: Record<string, string>, k: string) =>
    Object.fromEntries(Object.entries(q).filter(([x]) => x !== k));

  const cases: Array<[string, () => Record<string, string>, string, string]> = [
    ["no AccessKeyId", () => without(signV1(), "AccessKeyId"), "missing-credentials", "MissingAccessKeyId"],
    ["no Signature", () => without(signV1(), "Signature"), "incomplete-signature", "IncompleteSignature"],
    [
      "no SignatureMethod",
      () => without(signV1(), "SignatureMethod"),
      "missing-signature-method",
      "MissingSignatureMethod",
    ],
    [
      "SignatureMethod HMAC-SHA256",
      () => ({ ...signV1(), SignatureMethod: "HMAC-SHA256" }),
      "bad-signature-method",
      "InvalidSignatureMethod",
    ],
    [
      "SignatureVersion 2.0",
      () => ({ ...signV1(), SignatureVersion: "2.0" }),
      "bad-signature-method",
      "InvalidSignatureVersion",
    ],
    ["no Timestamp", () => without(signV1(), "Timestamp"), "missing-date", "MissingTimestamp"],
    [
      "a Timestamp in the wrong format",
      () => ({ ...signV1(), Timestamp: "2026/01/05 10:00" }),
      "bad-date",
      "InvalidTimeStamp.Format",
    ],
    [
      "a Timestamp 20 minutes old",
      () => signV1(creds, new Date(NOW - 20 * 60_000)),
      "expired",
      "InvalidTimeStamp.Expired",
    ],
    ["no SignatureNonce", () => without(signV1(), "SignatureNonce"), "missing-parameter", "MissingSignatureNonce"],
    [
      "an unknown key",
      () => signV1({ accessKeyId: "nobody", accessKeySecret: SECRET }),
      "unknown-access-key",
      "InvalidAccessKeyId.NotFound",
    ],
    [
      "a wrong token",
      () => signV1({ ...stsCreds, securityToken: "other" }),
      "bad-security-token",
      "InvalidSecurityToken.MismatchWithAccessKey",
    ],
  ];
  for (const [name, build, reason, code] of cases) {
    it(`${name} → ${reason} → ${code}`, () => {
      const f = failure(verifyRpc(c, rpc(build()), lookup, { now: NOW }));
      assert.equal(f.reason, reason);
      const e = mapRpcAuthError(f);
      assert.deepEqual([e.status, e.code], [400, code]);
      assertNoSecrets(f, e);
    });
  }

  it("a wrong secret → SignatureDoesNotMatch, without the string to sign unless in debug mode", () => {
    const q = signV1({ ...stsCreds, accessKeySecret: "not-the-secret" });
    const f = failure(verifyRpc(c, rpc(q), lookup, { now: NOW }));
    assert.equal(mapRpcAuthError(f).message, "Specified signature is not matched with our calculation.");
  });

  it("debug mode: a wrong secret → SignatureDoesNotMatch ending with the server string to sign (token redacted)", () => {
    const q = signV1({ ...stsCreds, accessKeySecret: "not-the-secret" });
    const f = failure(verifyRpc(c, rpc(q), lookup, { now: NOW }));
    const e = mapRpcAuthError(f, { stringToSignInErrors: true });
    assert.equal(e.code, "SignatureDoesNotMatch");
    assert.match(
      e.message,
      /^Specified signature is not matched with our calculation\. server string to sign is:GET&%2F&AccessKeyId%3Dsts-id%26/,
    );
    assert.ok(e.message.includes("SecurityToken%3D<redacted>"));
    assertNoSecrets(f, e);
    assert.equal(mapRpcAuthError(f, { signatureMismatchStatus: 403 }).status, 403);
  });

  it("a form-encoded POST body is part of the signed parameters", () => {
    const signed = signRpcV1(c, { method: "POST", params }, creds, { timestamp: new Date(NOW), nonce: "n-1" });
    const req: SignableRequest = {
      method: "POST",
      path: "/",
      query: {},
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: formatQuery(signed),
    };
    assert.equal(verifyRpc(c, req, lookup, { now: NOW }).ok, true);
    const tampered = { ...req, body: formatQuery({ ...signed, AppId: "other" }) };
    assert.equal(failure(verifyRpc(c, tampered, lookup, { now: NOW })).reason, "signature-mismatch");
  });

  describe("V3", () => {
    const v3 = (who = creds, at = new Date(NOW)): SignableRequest => {
      const req: SignableRequest = {
        method: "GET",
        path: "/",
        query: { AppId: "9qb1test" },
        headers: { host: "live.aliyuncs.com" },
      };
      return {
        ...req,
        headers: {
          ...req.headers,
          ...signAcs3(c, req, who, { action: "ListEventSubEvent", version: "2016-11-01", date: at, nonce: "n-7" }),
        },
      };
    };
    it("STS V3 verifies and returns the token and nonce", () => {
      const r = verifyRpc(c, v3(stsCreds), lookup, { now: NOW });
      assert.deepEqual(r.ok && [r.securityToken, r.nonce, r.scheme], [TOKEN, "n-7", "acs3-hmac-sha256"]);
    });
    it("an unsigned x-acs-action → incomplete-signature", () => {
      const req = v3();
      const auth = (req.headers.authorization as string).replace("x-acs-action;", "");
      assert.equal(
        failure(verifyRpc(c, { ...req, headers: { ...req.headers, authorization: auth } }, lookup, { now: NOW }))
          .reason,
        "incomplete-signature",
      );
    });
    it("an expired x-acs-date → InvalidTimeStamp.Expired; a missing nonce → MissingSignatureNonce", () => {
      assert.equal(
        mapRpcAuthError(failure(verifyRpc(c, v3(creds, new Date(NOW + 30 * 60_000)), lookup, { now: NOW }))).code,
        "InvalidTimeStamp.Expired",
      );
      const req = v3();
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== "x-acs-signature-nonce"));
      assert.equal(
        mapRpcAuthError(failure(verifyRpc(c, { ...req, headers }, lookup, { now: NOW }))).code,
        "MissingSignatureNonce",
      );
    });
    it("a wrong secret → SignatureDoesNotMatch with the ACS3 string to sign", () => {
      const f = failure(
        verifyRpc(c, v3({ accessKeyId: creds.accessKeyId, accessKeySecret: "nope" }), lookup, { now: NOW }),
      );
      const debug = { stringToSignInErrors: true };
      assert.match(mapRpcAuthError(f, debug).message, /server string to sign is:ACS3-HMAC-SHA256\n[0-9a-f]{64}$/);
    });
  });
});
