// The SDK divergences a verifier must tolerate (docs/alibaba/sls-signature-v1.md#sdk-divergences-a-verifier-tolerates,
// docs/alibaba/sls-signature-v4.md#sdk-differences), each reproduced the way the SDK in question signs, then
// verified.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { lowercaseHeaders } from "../../src/signing/header-map.ts";
import { nodeCrypto } from "../../src/signing/node-crypto.ts";
import { computeSlsV1Signature, signSlsV1, stringToSignSlsV1 } from "../../src/signing/sls-v1.ts";
import {
  buildSlsV4CanonicalRequest,
  buildSlsV4StringToSign,
  computeSlsV4Signature,
  EMPTY_SHA256,
  signSlsV4,
} from "../../src/signing/sls-v4.ts";
import type { SignableRequest } from "../../src/signing/types.ts";
import { verifySls } from "../../src/signing/verify-sls.ts";

const c = nodeCrypto;
const creds = { accessKeyId: "specgate-test-id", accessKeySecret: "specgate-test-secret" };
const lookup = (id: string) => (id === creds.accessKeyId ? { secret: creds.accessKeySecret } : undefined);
const NOW = Date.UTC(2026, 0, 5, 10, 0, 0); // a Monday
const DATE = "Mon, 05 Jan 2026 09:59:00 GMT";
const heartbeat: SignableRequest = {
  method: "POST",
  path: "/logstores/ali-test-logstore/consumergroups/cg",
  query: { type: "heartbeat", consumer: "c1" },
  headers: { "x-log-apiversion": "0.6.0", "Content-Type": "application/json" },
  body: "[0]",
};

/** Signs like an SDK whose v1 signer we do not ship: string-to-sign of `headers` as they are. */
function signV1Manually(
  req: SignableRequest,
  headers: Record<string, string>,
  excludeMetaHeaders = false,
): SignableRequest {
  const withMethod = { ...req, headers: { ...headers, "x-log-signaturemethod": "hmac-sha1" } };
  const sig = computeSlsV1Signature(
    c,
    stringToSignSlsV1(withMethod, { excludeMetaHeaders }),
    creds.accessKeySecret,
    "hmac-sha1",
  );
  return { ...withMethod, headers: { ...withMethod.headers, Authorization: `LOG ${creds.accessKeyId}:${sig}` } };
}

describe("SLS v1 tolerance", () => {
  it("Python adds x-log-date (= Date) after signing: not signed, still verifies", () => {
    const added = signSlsV1(c, heartbeat, creds, { algorithm: "hmac-sha1", date: DATE });
    const req = { ...heartbeat, headers: { ...heartbeat.headers, ...added, "x-log-date": DATE } };
    assert.equal(verifySls(c, req, lookup, { now: NOW }).ok, true);
  });

  it("x-log-date replaces DATE in the string-to-sign and is the time checked", () => {
    const staleDate = "Mon, 05 Jan 2026 07:00:00 GMT";
    const req = signV1Manually(heartbeat, {
      ...heartbeat.headers,
      "Content-MD5": c.md5Hex("[0]").toUpperCase(),
      Date: staleDate,
      "x-log-date": DATE,
    });
    assert.ok(stringToSignSlsV1(req).includes(`\n${DATE}\n`));
    assert.ok(!stringToSignSlsV1(req).includes("x-log-date:"));
    assert.equal(
      verifySls(c, req, lookup, { now: NOW }).ok,
      true,
      "a stale Date is ignored when x-log-date is current",
    );
    const r = verifySls(c, { ...req, headers: { ...req.headers, "x-log-date": staleDate } }, lookup, { now: NOW });
    assert.equal(!r.ok && r.reason, "expired");
  });

  it("an empty Content-MD5 line with a body (Python compute_content_hash=False) verifies", () => {
    const req = signV1Manually(heartbeat, { ...heartbeat.headers, Date: DATE, "x-log-bodyrawsize": "3" });
    assert.ok(stringToSignSlsV1(req).startsWith("POST\n\napplication/json\n"));
    assert.equal(verifySls(c, req, lookup, { now: NOW }).ok, true);
  });

  for (const exclude of [false, true]) {
    it(`x-log-meta-* ${exclude ? "left out (Python)" : "signed (Go, Java)"} verifies`, () => {
      const req = signV1Manually(
        heartbeat,
        {
          ...heartbeat.headers,
          "Content-MD5": c.md5Hex("[0]").toUpperCase(),
          Date: DATE,
          "x-log-meta-owner": "team-a",
        },
        exclude,
      );
      assert.equal(verifySls(c, req, lookup, { now: NOW }).ok, true);
    });
  }

  it("Python's forceSuccess=True is canonicalised exactly as received", () => {
    const checkpoint = {
      ...heartbeat,
      query: { type: "checkpoint", consumer: "c1", forceSuccess: "True" },
      body: '{"shard":0,"checkpoint":"MTUyNDE1NTM3OTM3MzkwODQ5Ng=="}',
    };
    const added = signSlsV1(c, checkpoint, creds, { algorithm: "hmac-sha256", date: DATE });
    const req = { ...checkpoint, headers: { ...checkpoint.headers, ...added } };
    assert.equal(verifySls(c, req, lookup, { now: NOW }).ok, true);
    const lowered = verifySls(c, { ...req, query: { ...req.query, forceSuccess: "true" } }, lookup, { now: NOW });
    assert.equal(!lowered.ok && lowered.reason, "signature-mismatch");
  });

  for (const date of ["Mon, 5 Jan 2026 09:59:00 GMT", "Mon, 05 Jan 2026 09:59:00 GMT", "5 Jan 2026 09:59:00 GMT"]) {
    it(`RFC 1123 date "${date}" (1- or 2-digit day, weekday optional) verifies`, () => {
      const added = signSlsV1(c, heartbeat, creds, { algorithm: "hmac-sha1", date });
      assert.equal(
        verifySls(c, { ...heartbeat, headers: { ...heartbeat.headers, ...added } }, lookup, { now: NOW }).ok,
        true,
      );
    });
  }

  for (const size of ["0", "3", undefined]) {
    it(`x-log-bodyrawsize ${size ?? "absent"} with a 3-byte body verifies`, () => {
      const headers: Record<string, string> = {
        ...heartbeat.headers,
        Date: DATE,
        "Content-MD5": c.md5Hex("[0]").toUpperCase(),
      };
      if (size !== undefined) headers["x-log-bodyrawsize"] = size;
      assert.equal(verifySls(c, signV1Manually(heartbeat, headers), lookup, { now: NOW }).ok, true);
    });
  }

  it("header names in any case", () => {
    const added = signSlsV1(c, heartbeat, creds, { algorithm: "hmac-sha1", date: DATE });
    const upper = Object.fromEntries(
      Object.entries({ ...heartbeat.headers, ...added }).map(([k, v]) => [k.toUpperCase(), v]),
    );
    assert.equal(verifySls(c, { ...heartbeat, headers: upper }, lookup, { now: NOW }).ok, true);
  });
});

describe("SLS v4 tolerance", () => {
  const xLogDate = "20260105T095900Z";
  const base: SignableRequest = {
    ...heartbeat,
    headers: { ...heartbeat.headers, host: "ali-test-project.sls.localtest" },
  };

  function signV4Manually(
    req: SignableRequest,
    payloadHash: string,
    options: { excludeMetaHeaders?: boolean; trimValues?: boolean },
  ): SignableRequest {
    const headers = { ...req.headers, "x-log-date": xLogDate, "x-log-content-sha256": payloadHash };
    const cr = buildSlsV4CanonicalRequest(
      req.method,
      req.path,
      req.query,
      lowercaseHeaders(headers),
      payloadHash,
      options,
    );
    const sig = computeSlsV4Signature(
      c,
      buildSlsV4StringToSign(c, cr, xLogDate, "cn-hangzhou"),
      creds.accessKeySecret,
      "20260105",
      "cn-hangzhou",
    );
    return {
      ...req,
      headers: {
        ...headers,
        Authorization: `SLS4-HMAC-SHA256 Credential=${creds.accessKeyId}/20260105/cn-hangzhou/sls/aliyun_v4_request,Signature=${sig}`,
      },
    };
  }

  it("no x-log-signaturemethod and no Date (Go, Python) verifies", () => {
    const added = signSlsV4(c, base, creds, { region: "cn-hangzhou", date: new Date(NOW - 60_000) });
    const req = { ...base, headers: { ...base.headers, ...added } };
    assert.equal(
      Object.keys(req.headers).some((h) => h.toLowerCase() === "date" || h === "x-log-signaturemethod"),
      false,
    );
    assert.equal(verifySls(c, req, lookup, { now: NOW }).ok, true);
  });

  it("x-log-meta-* signed (Java) or not (Go, Python) both verify", () => {
    const meta = { ...base, headers: { ...base.headers, "x-log-meta-owner": "team-a" } };
    const hash = c.sha256Hex("[0]");
    assert.equal(
      verifySls(c, signV4Manually(meta, hash, { excludeMetaHeaders: false }), lookup, { now: NOW }).ok,
      true,
    );
    assert.equal(verifySls(c, signV4Manually(meta, hash, { excludeMetaHeaders: true }), lookup, { now: NOW }).ok, true);
  });

  it("untrimmed header values (Go) verify", () => {
    const spaced = { ...base, headers: { ...base.headers, "x-log-test": "het123 " } };
    assert.equal(
      verifySls(c, signV4Manually(spaced, c.sha256Hex("[0]"), { trimValues: false }), lookup, { now: NOW }).ok,
      true,
    );
  });

  it("the empty-body hash declared for a non-empty body (Go option) verifies", () => {
    assert.equal(verifySls(c, signV4Manually(base, EMPTY_SHA256, {}), lookup, { now: NOW }).ok, true);
  });
});
