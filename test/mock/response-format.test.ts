/**
 * An RPC answer in the format the request asks for (docs/alibaba/rpc-parameters.md#response-format): `Format` (any
 * case), else `Accept`, else `wire.rpcDefaultFormat` (XML, as the gateway's page documents; configurable,
 * docs/unconfirmed-behaviour.md#rpc-response-format). Successes and errors alike; XML is the gateway's
 * `<ActionResponse>` and `<Error>` under `text/xml;charset=utf-8`. SLS keeps JSON.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { XMLParser } from "fast-xml-parser";
import { request } from "undici";
import type { StartMockOptions } from "../../src/mock/create-mock-server.ts";
import { signAcs3 } from "../../src/signing/acs3.ts";
import { nodeCrypto } from "../../src/signing/node-crypto.ts";
import { formatQuery } from "../../src/signing/query-string.ts";
import { signRpcV1 } from "../../src/signing/rpc-v1.ts";
import { APP_ID, CREDS, recentWindow, startTestMock, type TestMock } from "./mock-fixture.ts";

const XML_TYPE = "text/xml;charset=utf-8";
const xml = new XMLParser({ parseTagValue: false });

function listParams(extra: Record<string, string> = {}): Record<string, string> {
  const w = recentWindow(1);
  return {
    Action: "ListEventSubEvent",
    Version: "2016-11-01",
    AppId: APP_ID,
    StartTime: String(w.StartTime),
    EndTime: String(w.EndTime),
    PageSize: "2",
    PageNo: "1",
    ...extra,
  };
}

/** A v1 GET of ListEventSubEvent with `extra` parameters and headers; returns status, content type and body. */
async function v1(
  t: TestMock,
  extra: Record<string, string>,
  options: { secret?: string; headers?: Record<string, string> } = {},
) {
  const params = signRpcV1(
    nodeCrypto,
    { method: "GET", params: listParams(extra) },
    { ...CREDS, accessKeySecret: options.secret ?? CREDS.accessKeySecret },
    { timestamp: new Date(), nonce: nodeCrypto.randomHex(16) },
  );
  const res = await request(`${t.mock.url}/?${formatQuery(params)}`, { headers: options.headers ?? {} });
  return { status: res.statusCode, type: String(res.headers["content-type"]), body: await res.body.text() };
}

/** A V3 GET of ListEventSubEvent (no `Format`, as the V3 SDKs send it) with an `Accept` header or none. */
async function v3(t: TestMock, accept: string | undefined) {
  const { Action: _a, Version: _v, ...query } = listParams();
  const headers: Record<string, string> = { host: "live.aliyuncs.com", ...(accept ? { accept } : {}) };
  const added = signAcs3(nodeCrypto, { method: "GET", path: "/", query, headers }, CREDS, {
    action: "ListEventSubEvent",
    version: "2016-11-01",
    date: new Date(),
    nonce: nodeCrypto.randomHex(16),
  });
  const res = await request(`${t.mock.url}/?${formatQuery(query)}`, { headers: { ...headers, ...added } });
  return { status: res.statusCode, type: String(res.headers["content-type"]), body: await res.body.text() };
}

function withMock(options: StartMockOptions = {}): { t: TestMock } {
  const holder = {} as { t: TestMock };
  before(async () => {
    holder.t = await startTestMock(options);
  });
  after(() => holder.t.close());
  return holder;
}

describe("RPC answers in the format the request asks for", () => {
  const m = withMock();

  test("Format=XML: the success is <ListEventSubEventResponse>, the same answer as JSON", async () => {
    const asXml = await v1(m.t, { Format: "XML" });
    assert.deepEqual([asXml.status, asXml.type], [200, XML_TYPE]);
    assert.match(asXml.body, /^<\?xml version="1\.0" encoding="UTF-8"\?><ListEventSubEventResponse><RequestId>/);
    const parsed = xml.parse(asXml.body).ListEventSubEventResponse as Record<string, unknown>;
    const asJson = await v1(m.t, { Format: "JSON" });
    assert.equal(asJson.type, "application/json;charset=utf-8");
    const json = JSON.parse(asJson.body) as Record<string, unknown>;
    assert.deepEqual(
      [parsed.Count, parsed.HasMore, Object.keys(parsed).sort()],
      [String(json.Count), String(json.HasMore), Object.keys(json).sort()],
    );
  });

  test("errors too: a wrong secret with Format=xml is the gateway's <Error>, naming the product's host", async () => {
    const res = await v1(m.t, { Format: "xml" }, { secret: "wrong-secret" });
    assert.deepEqual([res.status, res.type], [400, XML_TYPE]);
    const error = xml.parse(res.body).Error as Record<string, string>;
    assert.deepEqual([error.Code, error.HostId], ["SignatureDoesNotMatch", "live.aliyuncs.com"]);
    assert.match(error.RequestId ?? "", /^[0-9A-F-]{36}$/);
    assert.ok(!res.body.includes("wrong-secret"));
  });

  test("an unknown Action asked in XML is refused in XML before any operation is known", async () => {
    const res = await request(`${m.t.mock.url}/?Action=NoSuchAction&Version=2016-11-01&Format=XML`, {
      headers: { host: "live.aliyuncs.com" },
    });
    assert.equal(res.headers["content-type"], XML_TYPE);
    assert.equal((xml.parse(await res.body.text()).Error as Record<string, string>).Code, "InvalidApi.NotFound");
  });

  test("without Format: Accept decides (the V3 SDKs send application/json), else the default, XML", async () => {
    assert.equal((await v3(m.t, "application/json")).type, "application/json;charset=utf-8");
    assert.equal((await v3(m.t, "application/xml")).type, XML_TYPE);
    const none = await v3(m.t, undefined);
    assert.deepEqual([none.status, none.type], [200, XML_TYPE]);
    assert.equal((await v1(m.t, {}, { headers: { accept: "*/*" } })).type, XML_TYPE);
    assert.equal(
      (await v1(m.t, { Format: "JSON" }, { headers: { accept: "application/xml" } })).type,
      "application/json;charset=utf-8",
      "Format wins over Accept",
    );
    assert.equal((await v1(m.t, { Format: "YAML" })).type, XML_TYPE, "an unknown Format is the default");
  });

  test("SLS answers JSON whatever the request says", async () => {
    const res = await m.t.sls().listConsumerGroup("ali-test-logstore");
    assert.equal(res.status, 200);
    const raw = await request(`${m.t.mock.url}/logstores/ali-test-logstore/consumergroups?Format=XML`, {
      headers: { host: "ali-test-project.sls.localtest", accept: "application/xml" },
    });
    assert.match(String(raw.headers["content-type"]), /^application\/json/);
    await raw.body.dump();
  });
});

describe("wire.rpcDefaultFormat: JSON", () => {
  const m = withMock({ wire: { rpcDefaultFormat: "JSON" } });

  test("a request that names no format gets JSON; one that asks for XML still gets XML", async () => {
    assert.equal((await v1(m.t, {})).type, "application/json;charset=utf-8");
    assert.equal((await v3(m.t, undefined)).type, "application/json;charset=utf-8");
    assert.equal((await v1(m.t, { Format: "XML" })).type, XML_TYPE);
  });
});
