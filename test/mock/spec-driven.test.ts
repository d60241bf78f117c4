/**
 * Operations specgate has no code for, served by the one request pipeline: three real pages turned into specs by
 * docgen (extended-specs.ts) give three products on one port — SLS ListShards (a behaviour over the logstore's
 * state), Live DescribeLiveStreamsOnlineList (generated from its schema: its page shows no example) and VPC
 * DescribeRegions (its documented example) — and a hand-written `demo` product covers what no page shows yet
 * (an example that breaks its own schema, an XML-only answer, a per-minute limit).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { LiveClient } from "../../src/client/live-client.ts";
import { SlsClient } from "../../src/client/sls-client.ts";
import type { Clock } from "../../src/core/clock.ts";
import { ManualClock } from "../../src/core/clock.ts";
import { type RunningMock, startMock } from "../../src/mock/create-mock-server.ts";
import { createDefaultMockConfig } from "../../src/mock/domain/mock-config.ts";
import type { LoadedSpecs } from "../../src/openapi/load-specs.ts";
import type { Credentials } from "../../src/signing/types.ts";
import { buildDemoSpecs, buildExtendedSpecs, type ExtendedSpecs } from "./extended-specs.ts";
import { CREDS, LOGSTORE, PROJECT } from "./mock-fixture.ts";

function rpcClient(
  mock: RunningMock,
  o: { host: string; version: string; signature?: "acs3" | "rpc-v1"; clock?: Clock; credentials?: Credentials },
) {
  return new LiveClient({
    baseUrl: mock.url,
    host: o.host,
    version: o.version,
    credentials: o.credentials ?? CREDS,
    signature: o.signature ?? "acs3",
    retry: false,
    ...(o.clock !== undefined ? { clock: o.clock } : {}),
  });
}

function slsClient(mock: RunningMock) {
  return new SlsClient({ baseUrl: mock.url, host: `${PROJECT}.sls.localtest`, credentials: CREDS, retry: false });
}

/** The body without its RequestId (each answer has its own). */
function withoutRequestId(body: unknown): Record<string, unknown> {
  const { RequestId: _id, ...rest } = body as Record<string, unknown>;
  return rest;
}

function documentedExample(specs: LoadedSpecs, product: string, action: string): unknown {
  const paths = specs.spec(product).document.paths as Record<string, Record<string, unknown>>;
  const op = paths[`/?Action=${action}`]?.get as {
    responses: Record<string, { content: Record<string, { examples?: Record<string, { value: unknown }> }> }>;
  };
  return op.responses["200"]?.content["application/json"]?.examples?.success?.value;
}

describe("operations answered from the pages docgen read", () => {
  let extended: ExtendedSpecs;
  let mock: RunningMock;
  before(async () => {
    extended = await buildExtendedSpecs();
    const config = createDefaultMockConfig();
    config.sls.projects[0]?.logstores.push({ name: "three-shards", shards: 3 });
    mock = await startMock({ specs: extended.specs, config });
  });
  after(async () => {
    await mock.close();
    extended.cleanup();
  });

  test("docgen wrote three specs from the pages; the mock serves all three products on one port", async () => {
    assert.deepEqual([...extended.specs.products.keys()], ["live", "sls", "vpc"]);
    for (const [product, operation] of [
      ["sls", "ListShards"],
      ["live", "DescribeLiveStreamsOnlineList"],
      ["vpc", "DescribeRegions"],
    ] as const)
      assert.ok(extended.specs.spec(product).operations.has(operation), `${product} ${operation}`);
    const vpc = await rpcClient(mock, { host: "vpc.aliyuncs.com", version: "2016-04-28" }).callRpc(
      "DescribeRegions",
      {},
    );
    const live = await rpcClient(mock, { host: "live.aliyuncs.com", version: "2016-11-01" }).callRpc(
      "DescribeLiveStreamsOnlineList",
      { DomainName: "example.com" },
    );
    const shards = await slsClient(mock).send("GET", `/logstores/${LOGSTORE}/shards`, {});
    assert.deepEqual([vpc.status, live.status, shards.status], [200, 200, 200], `${vpc.rawBody} ${live.rawBody}`);
  });

  for (const signature of ["acs3", "rpc-v1"] as const)
    test(`VPC DescribeRegions answers its documented example with a fresh RequestId (${signature})`, async () => {
      const vpc = extended.specs.spec("vpc");
      const ex = await rpcClient(mock, { host: "vpc.aliyuncs.com", version: "2016-04-28", signature }).callRpc(
        "DescribeRegions",
        {},
      );
      assert.equal(ex.status, 200, ex.rawBody);
      const op = vpc.operations.get("DescribeRegions");
      assert.deepEqual(op?.validateResponse(200, ex.body, ex.headers["content-type"]), []);
      const example = documentedExample(extended.specs, "vpc", "DescribeRegions");
      const body = ex.body as { RequestId: string };
      assert.equal(body.RequestId, ex.headers["x-acs-request-id"]);
      assert.notEqual(body.RequestId, (example as { RequestId?: string }).RequestId);
      // The page's own example, when it validates against the schema docgen read (else a generated body).
      if (op?.validateResponse(200, example).length === 0)
        assert.deepEqual(withoutRequestId(ex.body), withoutRequestId(example));
    });

  test("Live DescribeLiveStreamsOnlineList: a schema-valid body, the same for the same seed", async () => {
    const op = extended.specs.spec("live").operations.get("DescribeLiveStreamsOnlineList");
    const call = (m: RunningMock) =>
      rpcClient(m, { host: "live.aliyuncs.com", version: "2016-11-01" }).callRpc("DescribeLiveStreamsOnlineList", {
        DomainName: "example.com",
      });
    const first = await call(mock);
    assert.equal(first.status, 200, first.rawBody);
    assert.deepEqual(op?.validateResponse(200, first.body), []);
    const online = (first.body as { OnlineInfo: { DomainName: string }[] }).OnlineInfo;
    assert.ok(online.length >= 1);
    assert.equal(online[0]?.DomainName, "example.com", "documented values (the schema's examples) come first");
    const again = await call(mock);
    assert.deepEqual(withoutRequestId(again.body), withoutRequestId(first.body));
    const reseeded = await startMock({ specs: extended.specs, seed: 7 });
    try {
      const other = await call(reseeded);
      assert.deepEqual(op?.validateResponse(200, other.body), []);
      assert.notDeepEqual(withoutRequestId(other.body), withoutRequestId(first.body), "another seed, another body");
    } finally {
      await reseeded.close();
    }
  });

  test("the rate limit of a per-minute page counts over a minute", () => {
    const limiter = mock.state.limiterOf("live", "DescribeLiveStreamsOnlineList");
    assert.deepEqual([limiter?.limit, limiter?.windowMs], [10_000, 60_000]);
    const perSecond = mock.state.limiterOf("live", "ListEventSubEvent");
    assert.deepEqual([perSecond?.limit, perSecond?.windowMs], [50, 1000]);
  });

  test("invalid requests get the documented gateway codes in the product's own error body", async () => {
    const live = rpcClient(mock, { host: "live.aliyuncs.com", version: "2016-11-01" });
    const missing = await live.callRpc("DescribeLiveStreamsOnlineList", {});
    assert.deepEqual([missing.status, (missing.body as { Code: string }).Code], [400, "MissingParameter"]);
    assert.match((missing.body as { Message: string }).Message, /"DomainName"/);
    assert.equal((missing.body as { HostId: string }).HostId, "live.aliyuncs.com");
    const big = await live.callRpc("DescribeLiveStreamsOnlineList", { DomainName: "example.com", PageSize: 3001 });
    assert.deepEqual([big.status, (big.body as { Code: string }).Code], [400, "InputInvalid"]);
    const oldVpc = await rpcClient(mock, { host: "vpc.aliyuncs.com", version: "2014-05-26" }).callRpc(
      "DescribeRegions",
      {},
    );
    assert.deepEqual([oldVpc.status, (oldVpc.body as { Code: string }).Code], [404, "InvalidApi.NotFound"]);
    assert.match((oldVpc.body as { Message: string }).Message, /serves 2016-04-28/);
    const wrong = await rpcClient(mock, {
      host: "vpc.aliyuncs.com",
      version: "2016-04-28",
      credentials: { ...CREDS, accessKeySecret: "wrong" },
    }).callRpc("DescribeRegions", {});
    assert.deepEqual([wrong.status, (wrong.body as { Code: string }).Code], [400, "SignatureDoesNotMatch"]);
    assert.equal((wrong.body as { HostId: string }).HostId, "vpc.aliyuncs.com");
    for (const ex of [missing, big, oldVpc, wrong]) {
      const product = ex === missing || ex === big ? "live" : "vpc";
      const op = extended.specs
        .spec(product)
        .operations.get(ex === missing || ex === big ? "DescribeLiveStreamsOnlineList" : "DescribeRegions");
      assert.deepEqual(op?.validateResponse(ex.status, ex.body), [], `${product} ${ex.rawBody}`);
    }
  });

  test("ListShards agrees with heartbeat assignment: the same shard IDs, readwrite, the key space split evenly", async () => {
    const sls = slsClient(mock);
    for (const [logstore, count] of [
      [LOGSTORE, 4],
      ["three-shards", 3],
    ] as const) {
      await sls.createConsumerGroup(logstore, { consumerGroup: "cg-shards", timeout: 30, order: false });
      const beat = await sls.consumerGroupHeartBeat(logstore, "cg-shards", "c1", []);
      const listed = await sls.send("GET", `/logstores/${logstore}/shards`, {});
      assert.equal(listed.status, 200, listed.rawBody);
      assert.deepEqual(extended.specs.spec("sls").operations.get("ListShards")?.validateResponse(200, listed.body), []);
      const shards = listed.body as {
        shardID: number;
        status: string;
        inclusiveBeginKey: string;
        exclusiveEndKey: string;
      }[];
      assert.equal(shards.length, count);
      assert.deepEqual(
        shards.map((s) => s.shardID),
        beat.body,
        "a lone consumer is assigned every shard ListShards lists",
      );
      assert.ok(shards.every((s) => s.status === "readwrite"));
      assert.equal(shards[0]?.inclusiveBeginKey, "0".repeat(32));
      assert.equal(shards.at(-1)?.exclusiveEndKey, "f".repeat(32));
      for (let i = 1; i < shards.length; i++)
        assert.equal(shards[i]?.inclusiveBeginKey, shards[i - 1]?.exclusiveEndKey, "ranges are contiguous");
    }
    const none = await sls.send("GET", "/logstores/no-such-logstore/shards", {});
    assert.deepEqual([none.status, (none.body as { errorCode: string }).errorCode], [404, "LogStoreNotExist"]);
  });

  test("contract-drift breaks the new operations' answers too, so a contract check can be seen to fail", async () => {
    mock.state.setFaults({ contractDrift: true });
    try {
      const shards = await slsClient(mock).send("GET", `/logstores/${LOGSTORE}/shards`, {});
      const regions = await rpcClient(mock, { host: "vpc.aliyuncs.com", version: "2016-04-28" }).callRpc(
        "DescribeRegions",
        {},
      );
      const slsOp = extended.specs.spec("sls").operations.get("ListShards");
      const vpcOp = extended.specs.spec("vpc").operations.get("DescribeRegions");
      assert.equal(shards.status, 200);
      assert.ok((slsOp?.validateResponse(200, shards.body) ?? []).length > 0, shards.rawBody);
      assert.ok((vpcOp?.validateResponse(200, regions.body) ?? []).length > 0, regions.rawBody);
    } finally {
      mock.state.setFaults({});
    }
  });

  test("the modelled operations keep their behaviours beside the new ones", async () => {
    const end = Math.floor(Date.now() / 60_000) * 60;
    const page = await rpcClient(mock, { host: "live.aliyuncs.com", version: "2016-11-01" }).listEventSubEvent({
      AppId: "9qb1test",
      StartTime: end - 3600,
      EndTime: end,
      PageSize: 5,
      PageNo: 1,
    });
    assert.equal(page.status, 200, page.rawBody);
    assert.equal((page.body as { Logs: unknown[] }).Logs.length, 5);
  });
});

describe("a hand-written product: examples that break their schema, XML, per-minute limits", () => {
  let demo: ReturnType<typeof buildDemoSpecs>;
  before(() => {
    demo = buildDemoSpecs();
  });
  after(() => demo.cleanup());
  const host = "demo.example.com";

  test("an example that breaks its own schema is replaced by a generated body that keeps it", async () => {
    const mock = await startMock({ specs: demo.specs });
    try {
      const ex = await rpcClient(mock, { host, version: "2020-01-01" }).callRpc("DescribeBadExampleThings", {
        Name: "n",
      });
      assert.equal(ex.status, 200, ex.rawBody);
      assert.deepEqual(
        demo.specs.spec("demo").operations.get("DescribeBadExampleThings")?.validateResponse(200, ex.body),
        [],
      );
      const body = ex.body as { Things: unknown[]; Created: string; Kind: string };
      assert.ok(body.Things.length >= 2, "minItems kept");
      assert.match(body.Created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.ok(["small", "large"].includes(body.Kind));
    } finally {
      await mock.close();
    }
  });

  test("an operation documented only in XML answers XML: the Action's Response element, escaped text", async () => {
    const mock = await startMock({ specs: demo.specs });
    try {
      const signed = await rpcClient(mock, { host, version: "2020-01-01", signature: "rpc-v1" }).callRpc(
        "DescribeXmlThings",
        {},
      );
      assert.equal(signed.status, 200);
      assert.match(signed.headers["content-type"] ?? "", /^application\/xml/);
      const id = signed.headers["x-acs-request-id"];
      assert.equal(
        signed.rawBody,
        `<?xml version="1.0" encoding="UTF-8"?><DescribeXmlThingsResponse><RequestId>${id}</RequestId><Things><Thing><Name>a&lt;b &amp; c</Name><Size>2</Size></Thing></Things></DescribeXmlThingsResponse>`,
      );
    } finally {
      await mock.close();
    }
  });

  test("x-qps-limit-window minute: a sliding 60 s window; the qps-limit fault makes it per second", async () => {
    const clock = new ManualClock(Date.now());
    const mock = await startMock({ specs: demo.specs, clock });
    try {
      const client = rpcClient(mock, { host, version: "2020-01-01", clock });
      const codes = async (n: number) => {
        const out: (string | number)[] = [];
        for (let i = 0; i < n; i++) {
          const ex = await client.callRpc("DescribeThrottledThings", {});
          out.push(ex.status === 200 ? 200 : (ex.body as { Code: string }).Code);
        }
        return out;
      };
      assert.deepEqual(await codes(3), [200, 200, "Throttling.User"]);
      clock.advance(30_000);
      const throttled = await client.callRpc("DescribeThrottledThings", {});
      assert.equal(throttled.headers["x-acs-retry-after"], "30000", "retry when the first admit leaves the window");
      clock.advance(29_999);
      assert.deepEqual(await codes(1), ["Throttling.User"]);
      clock.advance(1);
      assert.deepEqual(await codes(3), [200, 200, "Throttling.User"]);
      mock.state.setFaults({ qpsLimit: 1 });
      clock.advance(1000);
      assert.deepEqual(await codes(2), [200, "Throttling.User"]);
      clock.advance(1000);
      assert.deepEqual(await codes(1), [200]);
      mock.state.setFaults({});
      assert.equal(mock.state.limiterOf("demo", "DescribeThrottledThings")?.windowMs, 60_000);
    } finally {
      await mock.close();
    }
  });

  test("a valid signature of a scheme the operation does not list is refused, and not counted", async () => {
    const mock = await startMock({ specs: demo.specs });
    try {
      // DescribeThrottledThings lists only ACS3 (its own x-signature-schemes).
      const v1 = rpcClient(mock, { host, version: "2020-01-01", signature: "rpc-v1" });
      for (let i = 0; i < 3; i++) {
        const refused = await v1.callRpc("DescribeThrottledThings", {});
        assert.deepEqual([refused.status, (refused.body as { Code: string }).Code], [400, "IncompleteSignature"]);
      }
      const v3 = await rpcClient(mock, { host, version: "2020-01-01" }).callRpc("DescribeThrottledThings", {});
      assert.equal(v3.status, 200, "the refused requests used none of the 2 per minute");
      const listed = await v1.callRpc("DescribeXmlThings", {});
      assert.equal(listed.status, 200, "the document's schemes include rpc-v1");
    } finally {
      await mock.close();
    }
  });
});
