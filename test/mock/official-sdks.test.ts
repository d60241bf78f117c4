/**
 * The official SDKs as clients of the mock: `@alicloud/sls20201230` (SLS v1 signature with hmac-sha256,
 * chunked bodies, Host `<project>.<endpoint>`) and `@alicloud/openapi-client` `callApi` (V3 by default,
 * RPC v1 with `signatureAlgorithm: 'v2'`). The SLS SDK resolves `<project>.sls.localtest`: `dns.lookup` is
 * patched for that suffix only, during this file's tests, instead of editing /etc/hosts.
 */
import assert from "node:assert/strict";
import dns from "node:dns";
import { after, before, describe, test } from "node:test";
import * as OpenApi from "@alicloud/openapi-client";
import * as Sls from "@alicloud/sls20201230";
import * as TeaUtil from "@alicloud/tea-util";
import { APP_ID, CREDS, LOGSTORE, PROJECT, recentWindow, specs, startTestMock, type TestMock } from "./mock-fixture.ts";

type LookupCallback = (err: Error | null, address: string | dns.LookupAddress[], family?: number) => void;

/** CJS packages seen through ESM: the class sits on `default` (or `default.default`). */
function defaultExport<T>(module: unknown): T {
  const d = (module as { default?: { default?: unknown } }).default;
  return (d?.default ?? d) as T;
}

type SlsClientClass = new (
  config: OpenApi.Config,
) => {
  createConsumerGroup(
    project: string,
    logstore: string,
    request: Sls.CreateConsumerGroupRequest,
  ): Promise<{ statusCode?: number }>;
  consumerGroupHeartBeat(
    project: string,
    logstore: string,
    group: string,
    request: Sls.ConsumerGroupHeartBeatRequest,
  ): Promise<{ statusCode?: number; body?: number[] }>;
};
type OpenApiClientClass = new (
  config: OpenApi.Config,
) => {
  callApi(
    params: OpenApi.Params,
    request: OpenApi.OpenApiRequest,
    runtime: TeaUtil.RuntimeOptions,
  ): Promise<{ statusCode?: number; body?: unknown }>;
};

describe("official SDKs against the mock", () => {
  let t: TestMock;
  const originalLookup = dns.lookup;
  before(async () => {
    t = await startTestMock();
    const patched = (host: string, options: unknown, callback?: LookupCallback) => {
      const cb = (typeof options === "function" ? options : callback) as LookupCallback;
      const opts = (typeof options === "object" && options !== null ? options : {}) as { all?: boolean };
      if (host.endsWith(".sls.localtest")) {
        if (opts.all === true) cb(null, [{ address: "127.0.0.1", family: 4 }]);
        else cb(null, "127.0.0.1", 4);
        return;
      }
      (originalLookup as (h: string, o: unknown, c: LookupCallback) => void)(host, opts, cb);
    };
    (dns as { lookup: unknown }).lookup = patched;
  });
  after(async () => {
    (dns as { lookup: unknown }).lookup = originalLookup;
    await t.close();
  });

  function slsSdk(secret = CREDS.accessKeySecret) {
    const Client = defaultExport<SlsClientClass>(Sls);
    return new Client(
      new OpenApi.Config({
        accessKeyId: CREDS.accessKeyId,
        accessKeySecret: secret,
        endpoint: `sls.localtest:${t.mock.port}`,
        protocol: "http",
      }),
    );
  }

  test("@alicloud/sls20201230 creates a consumer group and heartbeats", async () => {
    const client = slsSdk();
    const created = await client.createConsumerGroup(
      PROJECT,
      LOGSTORE,
      new Sls.CreateConsumerGroupRequest({ consumerGroup: "sdk-cg", timeout: 20, order: false }),
    );
    assert.equal(created.statusCode, 200);
    const first = await client.consumerGroupHeartBeat(
      PROJECT,
      LOGSTORE,
      "sdk-cg",
      new Sls.ConsumerGroupHeartBeatRequest({ consumer: "sdk-c1", body: [] }),
    );
    assert.equal(first.statusCode, 200);
    assert.deepEqual(first.body, [0, 1, 2, 3]);
    const second = await client.consumerGroupHeartBeat(
      PROJECT,
      LOGSTORE,
      "sdk-cg",
      new Sls.ConsumerGroupHeartBeatRequest({ consumer: "sdk-c2", body: [] }),
    );
    assert.deepEqual(second.body, [], "the second consumer waits until the first releases shards");
    const rebalanced = await client.consumerGroupHeartBeat(
      PROJECT,
      LOGSTORE,
      "sdk-cg",
      new Sls.ConsumerGroupHeartBeatRequest({ consumer: "sdk-c1", body: [0, 1, 2, 3] }),
    );
    assert.equal((rebalanced.body ?? []).length, 2, "two shards are moved towards the second consumer");
  });

  test("@alicloud/sls20201230 with a wrong secret gets 401 SignatureNotMatch", async () => {
    await assert.rejects(
      slsSdk("wrong-secret").createConsumerGroup(
        PROJECT,
        LOGSTORE,
        new Sls.CreateConsumerGroupRequest({ consumerGroup: "x", timeout: 20, order: false }),
      ),
      (err: { code?: string; statusCode?: number; message?: string }) => {
        assert.equal(err.code, "SignatureNotMatch");
        assert.equal(err.statusCode, 401);
        assert.ok(!String(err.message).includes("wrong-secret"));
        return true;
      },
    );
  });

  function openApi(signatureAlgorithm?: "v2", secret = CREDS.accessKeySecret) {
    const Client = defaultExport<OpenApiClientClass>(OpenApi);
    return new Client(
      new OpenApi.Config({
        accessKeyId: CREDS.accessKeyId,
        accessKeySecret: secret,
        endpoint: `127.0.0.1:${t.mock.port}`,
        protocol: "http",
        ...(signatureAlgorithm !== undefined ? { signatureAlgorithm } : {}),
      }),
    );
  }

  function listEvents(signatureAlgorithm?: "v2", secret?: string) {
    const w = recentWindow(7);
    const params = new OpenApi.Params({
      action: "ListEventSubEvent",
      version: "2016-11-01",
      protocol: "HTTP",
      method: "GET",
      authType: "AK",
      style: "RPC",
      pathname: "/",
      reqBodyType: "json",
      bodyType: "json",
    });
    const request = new OpenApi.OpenApiRequest({
      query: { AppId: APP_ID, StartTime: String(w.StartTime), EndTime: String(w.EndTime), PageSize: "20", PageNo: "1" },
    });
    return openApi(signatureAlgorithm, secret).callApi(params, request, new TeaUtil.RuntimeOptions({}));
  }

  for (const algorithm of [undefined, "v2"] as const) {
    test(`@alicloud/openapi-client callApi ListEventSubEvent (${algorithm ?? "default V3"})`, async () => {
      const response = await listEvents(algorithm);
      assert.equal(response.statusCode, 200);
      const op = specs.spec("live").operations.get("ListEventSubEvent");
      assert.deepEqual(op?.validateResponse(200, response.body), []);
      assert.equal((response.body as { Logs: unknown[] }).Logs.length, 20);
    });

    test(`@alicloud/openapi-client with a wrong secret fails with SignatureDoesNotMatch (${algorithm ?? "default V3"})`, async () => {
      await assert.rejects(listEvents(algorithm, "wrong-secret"), (err: { code?: string; statusCode?: number }) => {
        assert.equal(err.code, "SignatureDoesNotMatch");
        assert.equal(err.statusCode, 400);
        return true;
      });
    });
  }
});
