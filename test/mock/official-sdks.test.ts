/**
 * The official SDKs as clients of the mock: `@alicloud/sls20201230` (SLS v1 signature with hmac-sha256,
 * chunked bodies, Host `<project>.<endpoint>`) and `@alicloud/openapi-client` `callApi` (V3 by default,
 * RPC v1 with `signatureAlgorithm: 'v2'`), on the modelled operations and on operations added from pages
 * (extended-specs.ts: SLS ListShards, Live DescribeLiveStreamsOnlineList, VPC DescribeRegions). The SLS SDK
 * resolves `<project>.sls.localtest`: `dns.lookup` is patched for that suffix only, during this file's tests,
 * instead of editing /etc/hosts.
 */
import assert from "node:assert/strict";
import dns from "node:dns";
import { after, before, describe, test } from "node:test";
import * as OpenApi from "@alicloud/openapi-client";
import OpenApiUtilModule from "@alicloud/openapi-util";
import * as Sls from "@alicloud/sls20201230";
import * as TeaUtil from "@alicloud/tea-util";
import { startMock } from "../../src/mock/create-mock-server.ts";
import { indexOperationDocuments } from "../../src/mock/operation-documents.ts";
import type { CompiledSpec } from "../../src/openapi/compiled-spec.ts";
import { buildExtendedSpecs, type ExtendedSpecs } from "./extended-specs.ts";
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
  listShards(project: string, logstore: string): Promise<{ statusCode?: number; body?: Sls.Shard[] }>;
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

const originalLookup = dns.lookup;
before(() => {
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
after(() => {
  (dns as { lookup: unknown }).lookup = originalLookup;
});

function slsSdk(port: number, secret = CREDS.accessKeySecret) {
  const Client = defaultExport<SlsClientClass>(Sls);
  return new Client(
    new OpenApi.Config({
      accessKeyId: CREDS.accessKeyId,
      accessKeySecret: secret,
      endpoint: `sls.localtest:${port}`,
      protocol: "http",
    }),
  );
}

function openApi(port: number, signatureAlgorithm?: "v2", secret = CREDS.accessKeySecret) {
  const Client = defaultExport<OpenApiClientClass>(OpenApi);
  return new Client(
    new OpenApi.Config({
      accessKeyId: CREDS.accessKeyId,
      accessKeySecret: secret,
      endpoint: `127.0.0.1:${port}`,
      protocol: "http",
      ...(signatureAlgorithm !== undefined ? { signatureAlgorithm } : {}),
    }),
  );
}

/** `callApi` of an RPC action, with the parameters in the query (as the generated SDKs call it); GET by default. */
function callRpc(
  port: number,
  call: {
    action: string;
    version: string;
    query: Record<string, string>;
    method?: "GET" | "POST";
    /** A form body, as generated methods pass it (`ParseToMap(body)`: the SDK's runtime flattens it). */
    body?: Record<string, unknown>;
  },
  signatureAlgorithm?: "v2",
  secret?: string,
) {
  const params = new OpenApi.Params({
    action: call.action,
    version: call.version,
    protocol: "HTTP",
    method: call.method ?? "GET",
    authType: "AK",
    style: "RPC",
    pathname: "/",
    reqBodyType: call.body === undefined ? "json" : "formData",
    bodyType: "json",
  });
  const request = new OpenApi.OpenApiRequest({
    query: call.query,
    ...(call.body === undefined ? {} : { body: call.body }),
  });
  return openApi(port, signatureAlgorithm, secret).callApi(params, request, new TeaUtil.RuntimeOptions({}));
}

describe("official SDKs against the mock", () => {
  let t: TestMock;
  before(async () => {
    t = await startTestMock();
  });
  after(async () => {
    await t.close();
  });

  test("@alicloud/sls20201230 creates a consumer group and heartbeats", async () => {
    const client = slsSdk(t.mock.port);
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
      slsSdk(t.mock.port, "wrong-secret").createConsumerGroup(
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

  function listEvents(signatureAlgorithm?: "v2", secret?: string) {
    const w = recentWindow(7);
    const query = {
      AppId: APP_ID,
      StartTime: String(w.StartTime),
      EndTime: String(w.EndTime),
      PageSize: "20",
      PageNo: "1",
    };
    return callRpc(
      t.mock.port,
      { action: "ListEventSubEvent", version: "2016-11-01", query },
      signatureAlgorithm,
      secret,
    );
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

/** The success examples the spec documents for `action` (the page's sample, `components/examples` resolved). */
function documentedExamples(spec: CompiledSpec, action: string): unknown[] {
  const op = indexOperationDocuments(spec).get(action) as
    | {
        responses?: {
          "200"?: { content?: { "application/json"?: { examples?: Record<string, { value?: unknown }> } } };
        };
      }
    | undefined;
  const examples = op?.responses?.["200"]?.content?.["application/json"]?.examples ?? {};
  return Object.values(examples).flatMap((e) => ("value" in e ? [e.value] : []));
}

/** `body` without its per-request RequestId. */
function withoutRequestId(body: unknown): unknown {
  const { RequestId: _id, ...rest } = body as Record<string, unknown>;
  return rest;
}

/** A mock over the extended specs (extended-specs.ts, plus `morePages`), started before the `describe` and closed after. */
function extendedMock(morePages: readonly string[] = []): { port: number; specs: ExtendedSpecs["specs"] } {
  let extended: ExtendedSpecs | undefined;
  let close = async () => {};
  const handle = {
    port: 0,
    get specs() {
      if (extended === undefined) throw new Error("the extended specs are built in before()");
      return extended.specs;
    },
  };
  before(async () => {
    extended = await buildExtendedSpecs(morePages);
    const mock = await startMock({ specs: extended.specs });
    handle.port = mock.port;
    close = () => mock.close();
  });
  after(async () => {
    await close();
    extended?.cleanup();
  });
  return handle;
}

describe("official SDKs against operations added from pages (no code for them)", () => {
  const served = extendedMock();

  test("@alicloud/sls20201230 listShards returns the logstore's shards, as heartbeats assign them", async () => {
    const client = slsSdk(served.port);
    const listed = await client.listShards(PROJECT, LOGSTORE);
    assert.equal(listed.statusCode, 200);
    const shards = listed.body ?? [];
    assert.deepEqual(
      shards.map((s) => [s.shardID, s.status]),
      [
        [0, "readwrite"],
        [1, "readwrite"],
        [2, "readwrite"],
        [3, "readwrite"],
      ],
    );
    assert.ok(
      shards.every((s) => /^[0-9a-f]{32}$/.test(s.inclusiveBeginKey ?? "") && typeof s.createTime === "number"),
    );
    await client.createConsumerGroup(
      PROJECT,
      LOGSTORE,
      new Sls.CreateConsumerGroupRequest({ consumerGroup: "sdk-shards", timeout: 20, order: false }),
    );
    const beat = await client.consumerGroupHeartBeat(
      PROJECT,
      LOGSTORE,
      "sdk-shards",
      new Sls.ConsumerGroupHeartBeatRequest({ consumer: "c1", body: [] }),
    );
    assert.deepEqual(
      beat.body,
      shards.map((s) => s.shardID),
    );
  });

  // The answers come from the documented schema (spec-answers.ts: the page's sample only when it validates): the
  // corpus copy of the Live page ends before its sample, and the VPC page's sample contradicts its own table
  // (`Regions` an array where the table says an object holding `Region`); `sample` states which, so a docgen that
  // starts reading either differently shows here.
  const calls = [
    {
      product: "live",
      host: "live.aliyuncs.com",
      action: "DescribeLiveStreamsOnlineList",
      version: "2016-11-01",
      query: { DomainName: "example.com" },
      sample: "none",
    },
    {
      product: "vpc",
      host: "vpc.aliyuncs.com",
      action: "DescribeRegions",
      version: "2016-04-28",
      query: {},
      sample: "contradicts its table",
    },
  ] as const;
  for (const call of calls)
    for (const algorithm of [undefined, "v2"] as const) {
      const name = `${call.product} ${call.action} (${algorithm === undefined ? "V3" : "RPC v1"})`;
      test(`@alicloud/openapi-client callApi reaches ${name} and gets the documented body`, async () => {
        const response = await callRpc(served.port, { ...call, query: { ...call.query } }, algorithm);
        assert.equal(response.statusCode, 200);
        const spec = served.specs.spec(call.product);
        const op = spec.operations.get(call.action);
        assert.deepEqual(op?.validateResponse(200, response.body), []);
        assert.match((response.body as { RequestId: string }).RequestId, /^[0-9A-F-]{36}$/);
        const samples = documentedExamples(spec, call.action);
        const valid = samples.filter((e) => op?.validateResponse(200, e).length === 0);
        assert.deepEqual([samples.length > 0, valid.length], [call.sample !== "none", 0], `sample: ${call.sample}`);
        const again = await callRpc(served.port, { ...call, query: { ...call.query } }, algorithm);
        assert.deepEqual(withoutRequestId(again.body), withoutRequestId(response.body), "built once, then reused");
      });

      test(`@alicloud/openapi-client with a wrong secret is refused by ${name} with the product's own error body`, async () => {
        await assert.rejects(
          callRpc(served.port, { ...call, query: { ...call.query } }, algorithm, "wrong-secret"),
          (err: { code?: string; statusCode?: number; data?: Record<string, unknown> }) => {
            assert.deepEqual([err.code, err.statusCode], ["SignatureDoesNotMatch", 400]);
            assert.equal(err.data?.HostId, call.host, "the POP error body names the product's own host");
            assert.match(String(err.data?.RequestId), /^[0-9A-F-]{36}$/);
            assert.ok(!JSON.stringify(err.data).includes("wrong-secret"), "the secret is not echoed");
            return true;
          },
        );
      });
    }

  test("@alicloud/sls20201230 listShards with a wrong secret is refused with SLS's own 401 SignatureNotMatch", async () => {
    await assert.rejects(
      slsSdk(served.port, "wrong-secret").listShards(PROJECT, LOGSTORE),
      (err: { code?: string; statusCode?: number }) => {
        assert.deepEqual([err.code, err.statusCode], ["SignatureNotMatch", 401]);
        return true;
      },
    );
  });
});

/** `OpenApiUtil.query`: how every generated SDK method turns its request into query pairs (docs/alibaba/rpc-parameters.md). */
const sdkQuery = defaultExport<{ query(filter: Record<string, unknown>): Record<string, string> }>({
  default: OpenApiUtilModule,
}).query;

describe("official SDKs send RPC lists and lists of objects, and the mock reads them (Users.N, Tag.N.Key)", () => {
  const served = extendedMock(["live-CreateEventSub.txt", "vpc-TagResources.txt"]);

  /** A client error's code, status and message, for `assert.rejects`. */
  const refusal =
    (expected: { code: string; message: RegExp }) =>
    (err: { code?: string; statusCode?: number; message?: string }) => {
      assert.deepEqual([err.code, err.statusCode], [expected.code, 400]);
      assert.match(String(err.message), expected.message);
      return true;
    };

  for (const algorithm of [undefined, "v2"] as const) {
    const name = algorithm === undefined ? "V3" : "RPC v1";
    const createEventSub = (fields: Record<string, unknown>) =>
      callRpc(
        served.port,
        { action: "CreateEventSub", version: "2016-11-01", method: "POST", query: sdkQuery(fields) },
        algorithm,
      );
    const base = { AppId: APP_ID, CallbackUrl: "http://example.com/cb", ChannelId: "c1" };

    test(`live CreateEventSub with the lists Events and Users (${name})`, async () => {
      const query = sdkQuery({ ...base, Events: ["ChannelEvent", "UserEvent"], Users: ["u1", "u2"] });
      assert.deepEqual(
        Object.keys(query).filter((k) => /^(Events|Users)/.test(k)),
        ["Events.1", "Events.2", "Users.1", "Users.2"],
        "the SDK sends numbered pairs",
      );
      const response = await createEventSub({ ...base, Events: ["ChannelEvent", "UserEvent"], Users: ["u1", "u2"] });
      assert.equal(response.statusCode, 200);
      assert.match((response.body as { RequestId: string }).RequestId, /^[0-9A-F-]{36}$/);
      // The mock read the list: its second item is checked against the documented values, and a list sent without
      // any pair is missing.
      await assert.rejects(
        createEventSub({ ...base, Events: ["ChannelEvent", "Bogus"] }),
        refusal({
          code: "InputInvalid",
          message: /at \/Events\/1: Received "Bogus" \/ Documented one of "ChannelEvent", "UserEvent"/,
        }),
      );
      await assert.rejects(
        createEventSub({ ...base, Users: ["u1"] }),
        refusal({ code: "MissingParameter", message: /"Events"/ }),
      );
    });

    const tagResources = (fields: Record<string, unknown>) =>
      callRpc(
        served.port,
        { action: "TagResources", version: "2016-04-28", method: "POST", query: sdkQuery(fields) },
        algorithm,
      );
    const resource = { RegionId: "cn-hangzhou", ResourceType: "VPC", ResourceId: ["vpc-1", "vpc-2"] };

    test(`vpc TagResources with the list of objects Tag (${name})`, async () => {
      const tags = [{ Key: "k1", Value: "v1" }, { Key: "k2" }];
      assert.deepEqual(
        Object.keys(sdkQuery({ Tag: tags })),
        ["Tag.1.Key", "Tag.1.Value", "Tag.2.Key"],
        "the SDK numbers the objects and joins their members",
      );
      const response = await tagResources({ ...resource, Tag: tags });
      assert.equal(response.statusCode, 200);
      await assert.rejects(
        tagResources({ ...resource, Tag: ["plain"] }),
        refusal({ code: "InputInvalid", message: /"Tag\.1" \(an object is sent as its members, not as one value\)/ }),
      );
      const inForm = (body: Record<string, unknown>) =>
        callRpc(
          served.port,
          {
            action: "TagResources",
            version: "2016-04-28",
            method: "POST",
            query: { RegionId: "cn-hangzhou", ResourceType: "VPC" },
            body,
          },
          algorithm,
        );
      const form = await inForm({ ResourceId: ["vpc-1"], Tag: tags });
      assert.equal(form.statusCode, 200, "the same lists in a form body, flattened by the SDK's runtime");
      await assert.rejects(
        inForm({ ResourceId: ["vpc-1"], Tag: ["plain"] }),
        refusal({ code: "InputInvalid", message: /"Tag\.1" \(an object is sent as its members/ }),
      );
      await assert.rejects(
        tagResources({ RegionId: "cn-hangzhou", ResourceType: "VPC" }),
        refusal({ code: "MissingParameter", message: /"ResourceId"/ }),
      );
    });
  }
});
