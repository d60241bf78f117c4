// The Live client: V3 by default, RPC v1 on request, GET and POST, STS tokens; every request nock
// receives is checked with specgate's own RPC verifier.
import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import nock from "nock";
import { flattenRpcParams, LiveClient } from "../../src/client/live-client.ts";
import { ManualClock } from "../../src/core/clock.ts";
import { parseQuery } from "../../src/signing/query-string.ts";
import type { SignableRequest } from "../../src/signing/types.ts";
import { verifyRpc } from "../../src/signing/verify-rpc.ts";
import { capturedRequest, closeNetwork, crypto } from "./nock-setup.ts";

const ORIGIN = "https://live.aliyuncs.com";
const NOW = Date.UTC(2026, 0, 5, 10, 0, 0);
const TOKEN = "sts/token+value==";
const creds = { accessKeyId: "ak-id", accessKeySecret: "ak-secret-value", securityToken: TOKEN };
const lookup = (id: string) => (id === creds.accessKeyId ? { secret: creds.accessKeySecret, token: TOKEN } : undefined);
const page = { AppId: "9qb1test", StartTime: 1767600000, EndTime: 1767603600, PageSize: 20, PageNo: 1 };

function client(signature: "acs3" | "rpc-v1"): LiveClient {
  return new LiveClient({
    baseUrl: ORIGIN,
    host: "live.aliyuncs.com",
    credentials: creds,
    signature,
    clock: new ManualClock(NOW),
    retry: false,
  });
}

function intercept(method: string): Promise<SignableRequest> {
  return new Promise((resolve) => {
    nock(ORIGIN)
      .intercept(/.*/, method)
      .reply(function (uri, body) {
        // Form bodies come as text; re-read them raw.
        resolve(capturedRequest(method, uri, this.req.headers, body));
        return [200, { RequestId: "R-1", Count: 0, HasMore: false, Logs: [] }];
      });
  });
}

before(closeNetwork);
afterEach(() => nock.cleanAll());
after(() => nock.enableNetConnect());

describe("LiveClient", () => {
  for (const [signature, method, scheme] of [
    ["acs3", "GET", "acs3-hmac-sha256"],
    ["acs3", "POST", "acs3-hmac-sha256"],
    ["rpc-v1", "GET", "rpc-v1"],
    ["rpc-v1", "POST", "rpc-v1"],
  ] as const) {
    it(`ListEventSubEvent with ${signature} over ${method} verifies as ${scheme}, token included`, async () => {
      const seen = intercept(method);
      const ex = await client(signature).listEventSubEvent(page, { method });
      const req = await seen;
      assert.equal(ex.status, 200);
      assert.deepEqual(ex.body, { RequestId: "R-1", Count: 0, HasMore: false, Logs: [] });
      const v = verifyRpc(crypto, req, lookup, { now: NOW });
      assert.ok(v.ok, JSON.stringify(v));
      assert.equal(v.scheme, scheme);
      assert.equal(v.action, "ListEventSubEvent");
      assert.equal(v.version, "2016-11-01");
      assert.equal(v.securityToken, TOKEN);
      assert.match(v.nonce ?? "", /^[0-9a-f]{32}$/);
      if (signature === "acs3") {
        assert.equal(req.headers["x-acs-action"], "ListEventSubEvent");
        assert.equal(req.headers.host, "live.aliyuncs.com");
        if (method === "GET") assert.equal(req.query.AppId, "9qb1test");
      } else if (method === "GET") assert.equal(req.query.Format, "JSON");
    });
  }

  it("callRpc flattens array parameters to Name.N", async () => {
    assert.deepEqual(flattenRpcParams({ AppId: "a", Events: ["ChannelEvent", "UserEvent"], N: 3, Skip: undefined }), {
      AppId: "a",
      "Events.1": "ChannelEvent",
      "Events.2": "UserEvent",
      N: "3",
    });
    const seen = intercept("GET");
    await client("acs3").callRpc("CreateEventSub", {
      AppId: "9qb1test",
      CallbackUrl: "https://example.com/cb",
      Events: ["UserEvent"],
    });
    const req = await seen;
    assert.equal(req.query["Events.1"], "UserEvent");
    assert.equal(verifyRpc(crypto, req, lookup, { now: NOW }).ok, true);
  });

  it("callRpc sends lists of objects and objects as the SDKs do, and json/simple parameters whole", async () => {
    const params = {
      Tag: [{ Key: "k1", Value: "v1" }, { Key: "k2" }],
      SystemDisk: { Category: "cloud_ssd", Size: 40 },
      Ids: [1, 2],
      Zones: ["a", "b"],
      Skipped: [null, "x"],
    };
    const styles = { Ids: "json", Zones: "simple" } as const;
    const expected = {
      "Tag.1.Key": "k1",
      "Tag.1.Value": "v1",
      "Tag.2.Key": "k2",
      "SystemDisk.Category": "cloud_ssd",
      "SystemDisk.Size": "40",
      Ids: "[1,2]",
      Zones: "a,b",
      "Skipped.2": "x",
    };
    assert.deepEqual(flattenRpcParams(params, styles), expected);
    const seen = intercept("POST");
    await client("rpc-v1").callRpc("TagResources", params, { method: "POST", styles });
    const req = await seen;
    assert.deepEqual(
      Object.fromEntries(
        Object.entries(parseQuery(String(req.body))).filter(
          ([k]) =>
            !/^(Action|Version|Format|Signature|SignatureMethod|SignatureVersion|SignatureNonce|Timestamp|AccessKeyId|SecurityToken)$/.test(
              k,
            ),
        ),
      ),
      expected,
    );
    assert.equal(verifyRpc(crypto, req, lookup, { now: NOW }).ok, true);
  });
});
