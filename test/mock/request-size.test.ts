/**
 * Work before authentication is bounded (docs/mock-limits.md#request-size): the product's query limit refuses a
 * long query before routing or signing, and an RPC form body is not decoded for a caller whose query names an
 * unknown AccessKeyId.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { request } from "undici";
import { createMockServer, type MockServer } from "../../src/mock/create-mock-server.ts";
import { createDefaultMockConfig } from "../../src/mock/mock-config.ts";
import { MAX_BODY_VALUES } from "../../src/openapi/json-size.ts";
import { DEFAULT_LIMITS } from "../../src/products/generic-product.ts";
import { nodeCrypto } from "../../src/signing/node-crypto.ts";
import { formatQuery } from "../../src/signing/query-string.ts";
import { signRpcV1 } from "../../src/signing/rpc-v1.ts";
import { APP_ID, CREDS, recentWindow, specs, startTestMock, type TestMock } from "./mock-fixture.ts";

const LIMIT = DEFAULT_LIMITS.maxQueryBytes;

describe("query size, per product, before routing and signing", () => {
  let server: MockServer;
  before(() => {
    server = createMockServer({ specs, config: createDefaultMockConfig() });
  });
  after(() => server.close());

  // Injected, so Node's own 16 KiB header limit does not answer first.
  for (const [label, url, host, field, code] of [
    [
      "Live (POP)",
      "/?Action=ListEventSubEvent&Version=2016-11-01&Format=JSON&Pad=",
      "live.aliyuncs.com",
      "Code",
      "InputInvalid",
    ],
    [
      "SLS",
      "/logstores/ali-test-logstore/consumergroups?pad=",
      "ali-test-project.sls.localtest",
      "errorCode",
      "ParameterInvalid",
    ],
  ] as const) {
    test(`${label}: a query one byte over ${LIMIT} bytes is refused 400 ${code}; at the limit it is signed-checked`, async () => {
      const over = `${url}${"x".repeat(LIMIT + 1 - (url.length - url.indexOf("?") - 1))}`;
      const res = await server.app.inject({ method: "GET", url: over, headers: { host } });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json()[field], code);
      assert.match(res.body, new RegExp(`longer than ${LIMIT} bytes`));
      const at = `${url}${"x".repeat(LIMIT - (url.length - url.indexOf("?") - 1))}`;
      const fits = await server.app.inject({ method: "GET", url: at, headers: { host } });
      assert.doesNotMatch(fits.body, /longer than/, "within the limit the request goes on (to its signature check)");
    });
  }
});

describe("a body with more JSON values than the mock validates", () => {
  let t: TestMock;
  before(async () => {
    t = await startTestMock();
  });
  after(() => t.close());

  test("a signed heartbeat listing 200 000 wrong-typed shards is a 400 at once, not a 500 or a minute of work", async () => {
    const sls = t.sls();
    await sls.createConsumerGroup("ali-test-logstore", { consumerGroup: "big", timeout: 30, order: false });
    const started = performance.now();
    const huge = await sls.consumerGroupHeartBeat("ali-test-logstore", "big", "c1", Array(200_000).fill("s") as never);
    assert.equal(huge.status, 400, huge.rawBody);
    assert.match(huge.rawBody, new RegExp(`more than ${MAX_BODY_VALUES} JSON values`));
    assert.ok(performance.now() - started < 3000, `${(performance.now() - started).toFixed(0)} ms`);
    // Below the bound every violation is found, the answer names the first ten and counts the rest.
    const many = await sls.consumerGroupHeartBeat("ali-test-logstore", "big", "c1", Array(500).fill("s") as never);
    assert.equal(many.status, 400);
    assert.match(many.rawBody, /… and 490 more/);
    assert.ok(many.rawBody.length < 4096, `${many.rawBody.length} bytes`);
  });
});

describe("RPC form bodies are decoded only for a known caller", () => {
  let t: TestMock;
  before(async () => {
    t = await startTestMock();
  });
  after(() => t.close());

  /** A v1 POST: the signed parameters in the query, `body` as the form (not covered: the signature fails anyway). */
  async function post(accessKeyId: string, body: Buffer) {
    const params = signRpcV1(
      nodeCrypto,
      {
        method: "POST",
        params: {
          Action: "ListEventSubEvent",
          Version: "2016-11-01",
          Format: "JSON",
          AppId: APP_ID,
          ...Object.fromEntries(Object.entries(recentWindow(1)).map(([k, v]) => [k, String(v)])),
          PageSize: "1",
          PageNo: "1",
        },
      },
      { accessKeyId, accessKeySecret: "whatever" },
      { timestamp: new Date(), nonce: nodeCrypto.randomHex(16) },
    );
    const res = await request(`${t.mock.url}/?${formatQuery(params)}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    });
    return { status: res.statusCode, body: (await res.body.json()) as { Code: string } };
  }

  test("a stranger's form body that is not even UTF-8 gets InvalidAccessKeyId.NotFound: it was never decoded", async () => {
    const notUtf8 = Buffer.from([0x44, 0x61, 0x74, 0x61, 0x3d, 0xff, 0xfe, 0xfd]);
    const stranger = await post("ghost-id", notUtf8);
    assert.equal(stranger.body.Code, "InvalidAccessKeyId.NotFound");
    // A known key goes on to the signature, which covers the form: the body is decoded then.
    const known = await post(CREDS.accessKeyId, notUtf8);
    assert.notEqual(known.body.Code, "InvalidAccessKeyId.NotFound");
    assert.equal(known.status, 400);
  });

  test("a stranger's 8 MB form body is refused without decoding it, in well under a second", async () => {
    const big = Buffer.from(`Data=${"%C3%A9".repeat(1_400_000)}`);
    const started = performance.now();
    const stranger = await post("ghost-id", big);
    const ms = performance.now() - started;
    assert.equal(stranger.body.Code, "InvalidAccessKeyId.NotFound");
    assert.ok(ms < 1500, `${ms.toFixed(0)} ms`);
  });
});
