// Properties: sign-then-verify succeeds for random requests under every scheme, and any single-bit
// change to the method, path, a query value, the body or a signed header makes verification fail.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { signAcs3 } from "../../src/signing/acs3.ts";
import { nodeCrypto } from "../../src/signing/node-crypto.ts";
import { signRpcV1 } from "../../src/signing/rpc-v1.ts";
import { signSlsV1 } from "../../src/signing/sls-v1.ts";
import { signSlsV4 } from "../../src/signing/sls-v4.ts";
import type { SignableRequest, VerifyResult } from "../../src/signing/types.ts";
import { verifyRpc } from "../../src/signing/verify-rpc.ts";
import { verifySls } from "../../src/signing/verify-sls.ts";

const c = nodeCrypto;
const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const creds = { accessKeyId: "specgate-test-id", accessKeySecret: "specgate-test-secret" };
const lookup = (id: string) => (id === creds.accessKeyId ? { secret: creds.accessKeySecret } : undefined);
const runs = { numRuns: 150 };

const name = fc.stringMatching(/^[a-z0-9_-]{1,12}$/);
const path = fc.array(name, { minLength: 1, maxLength: 4 }).map((segs) => `/${segs.join("/")}`);
const text = fc.string({ maxLength: 20 });
const query = fc.dictionary(fc.stringMatching(/^[A-Za-z][A-Za-z0-9._-]{0,10}$/), text, { maxKeys: 5 });
// Header values as an HTTP parser hands them over: no leading/trailing whitespace, no control characters.
const headerValue = fc.stringMatching(/^[!-~](?:[ -~]{0,14}[!-~])?$/);
const extraHeaders = fc.dictionary(
  fc
    .stringMatching(/^x-(?:log|acs)-[a-z]{1,8}$/)
    .filter((h) => !["x-log-date", "x-log-signaturemethod"].includes(h) && !h.startsWith("x-log-meta")),
  headerValue,
  { maxKeys: 3 },
);
const body = fc.uint8Array({ minLength: 0, maxLength: 64 });
const method = fc.constantFrom("GET", "POST", "PUT", "DELETE");

type Scheme = "sls-v1-hmac-sha1" | "sls-v1-hmac-sha256" | "sls-v4" | "acs3";

function sign(scheme: Scheme, req: SignableRequest): SignableRequest {
  const date = new Date(NOW - 30_000);
  let added: Record<string, string>;
  if (scheme === "sls-v4") added = signSlsV4(c, req, creds, { region: "cn-hangzhou", date });
  else if (scheme === "acs3")
    added = signAcs3(c, req, creds, { action: "ListEventSubEvent", version: "2016-11-01", date, nonce: "n-1" });
  else
    added = signSlsV1(c, req, creds, { algorithm: scheme === "sls-v1-hmac-sha1" ? "hmac-sha1" : "hmac-sha256", date });
  return { ...req, headers: { ...req.headers, ...added } };
}

function verify(scheme: Scheme, req: SignableRequest): VerifyResult {
  return scheme === "acs3" ? verifyRpc(c, req, lookup, { now: NOW }) : verifySls(c, req, lookup, { now: NOW });
}

function flipBitOfString(s: string, index: number, bit: number): string {
  const i = index % s.length;
  return s.slice(0, i) + String.fromCharCode(s.charCodeAt(i) ^ (1 << bit)) + s.slice(i + 1);
}

type Where = "method" | "path" | "query" | "body" | "header";

/** `signed` with one bit flipped in the part `where`; `index` and `bit` choose which. */
function flipOneBit(
  scheme: Scheme,
  signed: SignableRequest,
  where: Where,
  index: number,
  bit: number,
): SignableRequest {
  const headers: Record<string, string> = { ...signed.headers };
  const mutated: SignableRequest = { ...signed, query: { ...signed.query }, headers };
  if (where === "method") mutated.method = flipBitOfString(signed.method, index, bit);
  else if (where === "path") mutated.path = flipBitOfString(signed.path, index, bit);
  else if (where === "query") {
    const keys = Object.keys(signed.query).filter((k) => (signed.query[k] as string).length > 0);
    fc.pre(keys.length > 0);
    const k = keys[index % keys.length] as string;
    mutated.query[k] = flipBitOfString(signed.query[k] as string, index, bit);
  } else if (where === "body") {
    const b = signed.body as Uint8Array;
    fc.pre(b.length > 0);
    const copy = Uint8Array.from(b);
    copy[index % copy.length] = (copy[index % copy.length] as number) ^ (1 << bit);
    mutated.body = copy;
  } else {
    const signedNames = signedHeaderNames(scheme, signed.headers);
    const h = signedNames[index % signedNames.length] as string;
    headers[h] = flipBitOfString(signed.headers[h] as string, index >> 3, bit);
  }
  return mutated;
}

/** Every header the scheme signs (v1 does not sign host; Authorization itself is not signed). */
function signedHeaderNames(scheme: Scheme, headers: Record<string, string>): string[] {
  return Object.keys(headers).filter((h) => {
    const l = h.toLowerCase();
    if (l === "authorization") return false;
    if (scheme.startsWith("sls-v1")) return l !== "host";
    if (scheme === "acs3") return l === "host" || l === "content-type" || l.startsWith("x-acs-");
    return true;
  });
}

const request = fc.record({ method, path, query, headers: extraHeaders, body });
const baseHeaders = (scheme: Scheme, h: Record<string, string>): Record<string, string> => ({
  ...h,
  host: scheme === "acs3" ? "live.aliyuncs.com" : "ali-test-project.cn-hangzhou.log.aliyuncs.com",
  "Content-Type": "application/json",
});

for (const scheme of ["sls-v1-hmac-sha1", "sls-v1-hmac-sha256", "sls-v4", "acs3"] as const) {
  describe(`${scheme} round trip`, () => {
    it("sign then verify succeeds", () => {
      fc.assert(
        fc.property(request, (r) => {
          const signed = sign(scheme, { ...r, headers: baseHeaders(scheme, r.headers) });
          const result = verify(scheme, signed);
          assert.equal(result.ok, true, JSON.stringify(result));
        }),
        runs,
      );
    });

    it("a flipped bit in method, path, a query value, the body or a signed header fails verification", () => {
      const target = fc.constantFrom<Where>("method", "path", "query", "body", "header");
      fc.assert(
        fc.property(request, target, fc.nat(), fc.integer({ min: 0, max: 6 }), (r, where, index, bit) => {
          const signed = sign(scheme, { ...r, headers: baseHeaders(scheme, r.headers) });
          const mutated = flipOneBit(scheme, signed, where, index, bit);
          const result = verify(scheme, mutated);
          assert.equal(result.ok, false, `${where} mutation accepted: ${JSON.stringify(mutated.headers)}`);
        }),
        runs,
      );
    });
  });
}

describe("rpc-v1 round trip", () => {
  const params = fc.dictionary(fc.stringMatching(/^[A-Z][A-Za-z0-9.]{0,10}$/), text, { maxKeys: 5 });
  const rpcMethod = fc.constantFrom<string>("GET", "POST");
  const sign1 = (m: string, p: Record<string, string>) =>
    signRpcV1(c, { method: m, params: { ...p, Action: "ListEventSubEvent", Version: "2016-11-01" } }, creds, {
      timestamp: new Date(NOW),
      nonce: "nonce-1",
    });

  it("sign then verify succeeds (query on GET, query on POST)", () => {
    fc.assert(
      fc.property(rpcMethod, params, (m, p) => {
        const r = verifyRpc(c, { method: m, path: "/", query: sign1(m, p), headers: {} }, lookup, { now: NOW });
        assert.equal(r.ok, true, JSON.stringify(r));
      }),
      runs,
    );
  });

  it("a flipped bit in the method or any signed parameter value fails verification", () => {
    fc.assert(
      fc.property(
        rpcMethod,
        params,
        fc.nat(),
        fc.integer({ min: 0, max: 6 }),
        fc.boolean(),
        (m, p, index, bit, onMethod) => {
          const signed = sign1(m, p);
          let method: string = m;
          const query = { ...signed };
          if (onMethod) method = flipBitOfString(m, index, bit);
          else {
            const keys = Object.keys(signed).filter((k) => k !== "Signature" && (signed[k] as string).length > 0);
            const k = keys[index % keys.length] as string;
            query[k] = flipBitOfString(signed[k] as string, index >> 3, bit);
          }
          const r = verifyRpc(c, { method, path: "/", query, headers: {} }, lookup, { now: NOW });
          assert.equal(r.ok, false);
        },
      ),
      runs,
    );
  });
});
