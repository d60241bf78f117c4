// Every published signature vector (V1-a…d: docs/alibaba/sls-signature-v1.md#test-vectors; v4 cases 1–5 and the
// percent-encoding vectors: docs/alibaba/sls-signature-v4.md#test-vectors; R1/R1-POST/R2:
// docs/alibaba/rpc-signature-v1.md#test-vectors; the V3 "fixed parameter values":
// docs/alibaba/acs3-signature.md#test-vector), signed and then verified back.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  buildAcs3CanonicalRequest,
  canonicalizeAcs3Query,
  listAcs3SignableHeaders,
  parseAcs3Authorization,
  signAcs3,
} from "../../src/signing/acs3.ts";
import { lowercaseHeaders } from "../../src/signing/header-map.ts";
import { nodeCrypto } from "../../src/signing/node-crypto.ts";
import { percentEncode } from "../../src/signing/percent-encode.ts";
import { canonicalizeRpcV1Query, signRpcV1, stringToSignRpcV1 } from "../../src/signing/rpc-v1.ts";
import { type SlsV1Algorithm, signSlsV1, stringToSignSlsV1 } from "../../src/signing/sls-v1.ts";
import {
  buildSlsV4CanonicalRequest,
  canonicalizeSlsV4Query,
  EMPTY_SHA256,
  signSlsV4,
} from "../../src/signing/sls-v4.ts";
import type { SignableRequest } from "../../src/signing/types.ts";
import { verifyRpc } from "../../src/signing/verify-rpc.ts";
import { verifySls } from "../../src/signing/verify-sls.ts";

const c = nodeCrypto;

describe("SLS v1 vectors (docs/alibaba/sls-signature-v1.md#test-vectors)", () => {
  const creds = { accessKeyId: "mockAccessKeyID", accessKeySecret: "mockAccessKeySecret" };
  const date = "Mon, 3 Jan 2010 08:33:47 GMT";
  const now = Date.UTC(2010, 0, 3, 8, 40, 0);
  const base = { "x-log-apiversion": "0.6.0", "x-log-bodyrawsize": "0" };
  // Go signature_v4_test.go TestSignV1Case2: a 52-byte protobuf body.
  const protobuf = Uint8Array.from([
    10, 50, 10, 30, 8, 248, 178, 147, 158, 5, 18, 22, 10, 7, 84, 101, 115, 116, 75, 101, 121, 18, 11, 84, 101, 115, 116,
    67, 111, 110, 116, 101, 110, 116, 26, 0, 34, 14, 49, 48, 46, 50, 51, 48, 46, 50, 48, 49, 46, 49, 49, 55,
  ]);
  const cases: Array<{ name: string; req: SignableRequest; token?: string; md5?: string; expected: string }> = [
    {
      name: "V1-a GET /logstores",
      req: { method: "GET", path: "/logstores", query: {}, headers: base },
      expected: "Rwm6cTKzoti4HWoe+GKcb6Kv07E=",
    },
    {
      name: "V1-b protobuf body",
      req: {
        method: "GET",
        path: "/logstores/app_log",
        query: {},
        headers: { ...base, "x-log-bodyrawsize": "50", "Content-Type": "application/x-protobuf" },
        body: protobuf,
      },
      md5: "8D6881250FF5559F59BBDF04100F6E59",
      expected: "87xQWqFaOSewqRIma8kPjGYlXHc=",
    },
    {
      name: "V1-c heartbeat",
      req: {
        method: "POST",
        path: "/logstores/ls/consumergroups/cg",
        query: { consumer: "c1", type: "heartbeat" },
        headers: { ...base, "Content-Type": "application/json" },
        body: "[0]",
      },
      md5: "8D5162CA104FA7E79FE80FD92BB657FB",
      expected: "DgrlDpGMsv+3Obt4YYabAERvlt8=",
    },
    {
      name: "V1-d STS token",
      req: { method: "GET", path: "/logstores/ls/consumergroups", query: {}, headers: base },
      token: "mockSecurityToken",
      expected: "JRVSkt/b9SaImw2sJd2MkwNDupE=",
    },
  ];
  for (const tc of cases) {
    it(`${tc.name} signs to ${tc.expected} and verifies`, () => {
      const cr = tc.token ? { ...creds, securityToken: tc.token } : creds;
      const added = signSlsV1(c, tc.req, cr, { algorithm: "hmac-sha1", date });
      assert.equal(added.authorization, `LOG mockAccessKeyID:${tc.expected}`);
      assert.equal(added["content-md5"], tc.md5);
      const signed = { ...tc.req, headers: { ...tc.req.headers, ...added } };
      const lookup = (id: string) =>
        id === "mockAccessKeyID"
          ? { secret: creds.accessKeySecret, ...(tc.token ? { token: tc.token } : {}) }
          : undefined;
      const result = verifySls(c, signed, lookup, { now });
      assert.deepEqual(result.ok && [result.accessKeyId, result.scheme, result.securityToken], [
        "mockAccessKeyID",
        "sls-v1-hmac-sha1",
        tc.token,
      ]);
    });
  }

  it("V1-a string-to-sign equals the SDK test data", () => {
    const req = {
      method: "GET",
      path: "/logstores",
      query: {},
      headers: { ...base, date, "x-log-signaturemethod": "hmac-sha1" },
    };
    assert.equal(
      stringToSignSlsV1(req),
      "GET\n\n\nMon, 3 Jan 2010 08:33:47 GMT\nx-log-apiversion:0.6.0\nx-log-bodyrawsize:0\nx-log-signaturemethod:hmac-sha1\n/logstores",
    );
  });

  it("hmac-sha256 (the TS SDK's variant) signs a different value that verifies as sls-v1-hmac-sha256", () => {
    const alg: SlsV1Algorithm = "hmac-sha256";
    const req = cases[2]?.req as SignableRequest;
    const added = signSlsV1(c, req, creds, { algorithm: alg, date });
    assert.notEqual(added.authorization, "LOG mockAccessKeyID:DgrlDpGMsv+3Obt4YYabAERvlt8=");
    assert.match(added.authorization ?? "", /^LOG mockAccessKeyID:[A-Za-z0-9+/]{43}=$/);
    const r = verifySls(
      c,
      { ...req, headers: { ...req.headers, ...added } },
      () => ({ secret: creds.accessKeySecret }),
      { now },
    );
    assert.equal(r.ok && r.scheme, "sls-v1-hmac-sha256");
  });
});

describe("SLS v4 vectors (docs/alibaba/sls-signature-v4.md#test-vectors)", () => {
  const creds = { accessKeyId: "acsddda21dsd", accessKeySecret: "zxasdasdasw2" };
  const date = new Date(Date.UTC(2022, 7, 8, 3, 23, 30));
  const headers = {
    hello: "world",
    "hello-Text": "a12X- ",
    " Ko ": "",
    "": "AA",
    "x-log-test": "het123",
    "x-acs-ppp": "dds",
  };
  const query = { " abc": "efg", " agc ": "", "": "efg", "A-bc": "eFg" };
  const body = "adasd= -asd zcas";
  const cases: Array<[string, SignableRequest, string, string]> = [
    [
      "case 1",
      { method: "POST", path: "/logstores", query, headers, body },
      "cn-hangzhou",
      "a98f5632e93836e63839cd836a54055f480020a9364ca944e2d34f2eb9bf1bed",
    ],
    [
      "case 2",
      { method: "POST", path: "/logstores", query: {}, headers: {}, body },
      "cn-shanghai",
      "8a10a5e723cb2e75964816de660b2c16a58af8bc0261f7f0722d832468c76ce8",
    ],
    [
      "case 3",
      { method: "POST", path: "/logstores", query, headers, body: "" },
      "cn-hangzhou",
      "5a66d8f8051983e0e9d08e0f960ef9252ef971eead5bb5c7acec8617a2eb2701",
    ],
    [
      "case 4",
      { method: "GET", path: "/logstores", query, headers, body: "" },
      "cn-hangzhou",
      "d92741852500791d662a8d469ff61627c0559ecd86c3f59b7bf6772b6c62666a",
    ],
    [
      "case 5",
      {
        method: "POST",
        path: "/logstores/hello/a+*~bb/cc",
        query: { ...query, "abs-ij*asd/vc": "a~js+d ada", "a abAas123/vc": "a~jdad a2ADFs+d ada" },
        headers,
        body,
      },
      "cn-hangzhou",
      "2c204068e961a8813a6bcf7ac422f7fa6e9bf9a5da493e0165dfe100854d18ff",
    ],
  ];
  for (const [name, req, region, signature] of cases) {
    it(`${name} (${req.method} ${req.path}, ${region}) signs to ${signature.slice(0, 8)}… and verifies`, () => {
      const added = signSlsV4(c, req, creds, { region, date });
      assert.equal(
        added.authorization,
        `SLS4-HMAC-SHA256 Credential=acsddda21dsd/20220808/${region}/sls/aliyun_v4_request,Signature=${signature}`,
      );
      assert.equal(added["x-log-date"], "20220808T032330Z");
      const r = verifySls(
        c,
        { ...req, headers: { ...req.headers, ...added } },
        (id) => (id === creds.accessKeyId ? { secret: creds.accessKeySecret } : undefined),
        { now: date.getTime() + 60_000 },
      );
      assert.equal(r.ok && r.scheme, "sls-v4");
    });
  }

  it("case 1 canonical query keeps keys raw: =efg& abc=efg& agc &A-bc=eFg", () => {
    assert.equal(canonicalizeSlsV4Query(query), "=efg& abc=efg& agc &A-bc=eFg");
  });

  it("case 2 canonical request has the blank line and the two signed headers", () => {
    const hash = c.sha256Hex(body);
    assert.equal(hash.slice(0, 8), "c7a4fd95");
    const cr = buildSlsV4CanonicalRequest(
      "POST",
      "/logstores",
      {},
      lowercaseHeaders({ "x-log-content-sha256": hash, "x-log-date": "20220808T032330Z" }),
      hash,
    );
    assert.equal(
      cr,
      `POST\n/logstores\n\nx-log-content-sha256:${hash}\nx-log-date:20220808T032330Z\n\nx-log-content-sha256;x-log-date\n${hash}`,
    );
  });

  it("an empty body hashes to e3b0c442…b855", () => {
    assert.equal(c.sha256Hex(""), EMPTY_SHA256);
  });
});

describe("RFC 3986 percent-encoding vectors (docs/alibaba/sls-signature-v4.md#canonical-query; Go Case6, Python test_auth.py)", () => {
  it("123abc!@#$%^&*()-=_+ ~|\\/", () => {
    assert.equal(
      percentEncode("123abc!@#$%^&*()-=_+ ~|\\/"),
      "123abc%21%40%23%24%25%5E%26%2A%28%29-%3D_%2B%20~%7C%5C%2F",
    );
  });
  it("non-ASCII, NUL and an already-encoded %20", () => {
    assert.equal(
      percentEncode("!@#$%^&*()=-+ ~./_[()]%20你好\u0000\u0111❤😓"),
      "%21%40%23%24%25%5E%26%2A%28%29%3D-%2B%20~.%2F_%5B%28%29%5D%2520%E4%BD%A0%E5%A5%BD%00%C4%91%E2%9D%A4%F0%9F%98%93",
    );
  });
});

describe("RPC signature v1 vectors (docs/alibaba/rpc-signature-v1.md#test-vectors)", () => {
  const creds = { accessKeyId: "testid", accessKeySecret: "testsecret" };
  const r1 = { Action: "DescribeDedicatedHosts", Format: "JSON", RegionId: "cn-beijing", Version: "2014-05-26" };
  const r1Time = new Date(Date.UTC(2023, 2, 13, 8, 34, 30));
  const lookup = (id: string) => (id === "testid" ? { secret: "testsecret" } : undefined);

  for (const [name, method, expected] of [
    ["R1 GET", "GET", "9NaGiOspFP5UPcwX8Iwt2YJXXuk="],
    ["R1-POST", "POST", "ZvQ9xGiFnquSJRvj+WE6kdSpTwU="],
  ] as const) {
    it(`${name} signs to ${expected} and verifies`, () => {
      const params = signRpcV1(c, { method, params: r1 }, creds, {
        timestamp: r1Time,
        nonce: "edb2b34af0af9a6d14deaf7c1a5315eb",
      });
      assert.equal(params.Signature, expected);
      const r = verifyRpc(c, { method, path: "/", query: params, headers: {} }, lookup, { now: r1Time });
      assert.deepEqual(r.ok && [r.scheme, r.nonce, r.action, r.version], [
        "rpc-v1",
        "edb2b34af0af9a6d14deaf7c1a5315eb",
        "DescribeDedicatedHosts",
        "2014-05-26",
      ]);
    });
  }

  it("R1 canonical query", () => {
    const params = signRpcV1(c, { method: "GET", params: r1 }, creds, {
      timestamp: r1Time,
      nonce: "edb2b34af0af9a6d14deaf7c1a5315eb",
    });
    assert.equal(
      canonicalizeRpcV1Query(params),
      "AccessKeyId=testid&Action=DescribeDedicatedHosts&Format=JSON&RegionId=cn-beijing&SignatureMethod=HMAC-SHA1&SignatureNonce=edb2b34af0af9a6d14deaf7c1a5315eb&SignatureVersion=1.0&Timestamp=2023-03-13T08%3A34%3A30Z&Version=2014-05-26",
    );
    assert.ok(stringToSignRpcV1("GET", params).startsWith("GET&%2F&AccessKeyId%3Dtestid%26Action%3D"));
  });

  it("R2 (legacy doc) signs to OLeaidS1JvxuMvnyHOwuJ+uX5qY=", () => {
    const params = signRpcV1(
      c,
      { method: "GET", params: { Action: "DescribeRegions", Format: "XML", Version: "2014-05-26" } },
      creds,
      { timestamp: new Date(Date.UTC(2016, 1, 23, 12, 46, 24)), nonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf" },
    );
    assert.equal(params.Signature, "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
  });
});

describe("V3 ACS3-HMAC-SHA256 vector (docs/alibaba/acs3-signature.md#test-vector)", () => {
  const creds = { accessKeyId: "YourAccessKeyId", accessKeySecret: "YourAccessKeySecret" };
  const query = { ImageId: "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd", RegionId: "cn-shanghai" };
  const date = new Date(Date.UTC(2023, 9, 26, 10, 22, 32));
  const req: SignableRequest = { method: "POST", path: "/", query, headers: { host: "ecs.cn-shanghai.aliyuncs.com" } };
  const added = signAcs3(c, req, creds, {
    action: "RunInstances",
    version: "2014-05-26",
    date,
    nonce: "3156853299f313e23d1673dc12e1703d",
  });

  it("canonical request hash, SignedHeaders and Signature", () => {
    const headers = lowercaseHeaders({ ...req.headers, ...added });
    const signed = listAcs3SignableHeaders(headers).filter((h) => h !== "authorization");
    assert.equal(
      signed.join(";"),
      "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version",
    );
    const cr = buildAcs3CanonicalRequest("POST", "/", query, headers, signed, EMPTY_SHA256);
    assert.equal(c.sha256Hex(cr), "7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259");
    const auth = parseAcs3Authorization(added.authorization ?? "");
    assert.deepEqual(auth, {
      accessKeyId: "YourAccessKeyId",
      signedHeaders: signed,
      signature: "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0",
    });
    assert.equal(
      canonicalizeAcs3Query(query),
      "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai",
    );
  });

  it("verifies, returning nonce, action and version", () => {
    const r = verifyRpc(
      c,
      { ...req, headers: { ...req.headers, ...added } },
      () => ({ secret: creds.accessKeySecret }),
      {
        now: date,
      },
    );
    assert.deepEqual(r.ok && [r.scheme, r.nonce, r.action, r.version], [
      "acs3-hmac-sha256",
      "3156853299f313e23d1673dc12e1703d",
      "RunInstances",
      "2014-05-26",
    ]);
  });
});
