/**
 * An RPC success asked for in XML is written from the answer's value (pop-dialect.ts), not from its JSON text
 * parsed back: the XML must be exactly what rewriting the JSON answer gives (pop-format.ts `toXmlResponse`, which
 * still rewrites refusals), for a spec-driven answer with arrays (VPC DescribeRegions), a
 * generated one (Live DescribeLiveStreamsOnlineList) and a behaviour's (Live ListEventSubEvent, pre-serialised).
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { toXmlResponse } from "../../src/mock/dialects/pop-format.ts";
import type { AnswerContext, SuccessBody } from "../../src/mock/dialects/wire-dialect.ts";
import type { MockState } from "../../src/mock/mock-state.ts";
import { serveProducts } from "../../src/mock/pipeline/served-products.ts";
import { SpecAnswers } from "../../src/mock/spec-answer/spec-answers.ts";
import type { WireResponse } from "../../src/mock/wire.ts";
import { buildExtendedSpecs, defaultMockState, type ExtendedSpecs } from "./extended-specs.ts";

let extended: ExtendedSpecs;
let state: MockState;
before(async () => {
  extended = await buildExtendedSpecs();
  state = defaultMockState(extended.specs);
});
after(() => {
  state.stop();
  extended.cleanup();
});

/** `response` with its RequestId (body and header) replaced by a fixed one. */
function sameId(response: WireResponse): WireResponse {
  const id = response.headers["x-acs-request-id"] ?? "";
  assert.ok(id !== "" && response.body.includes(id), "the body carries the header's RequestId");
  return {
    ...response,
    headers: { ...response.headers, "x-acs-request-id": "ID" },
    body: response.body.replaceAll(id, "ID"),
  };
}

function answers(product: string, operationId: string, body?: SuccessBody) {
  const served = serveProducts(state).find((p) => p.definition.id === product);
  const operation = served?.spec.operations.get(operationId);
  assert.ok(served !== undefined && operation !== undefined, `${product} ${operationId} is served`);
  const specAnswers = new SpecAnswers(1);
  const answer = body ?? specAnswers.answer(served.spec, operation);
  const shape = () => {
    const documented = specAnswers.answer(served.spec, operation);
    return { schema: documented.schema, document: documented.document };
  };
  const request = (format: string) => ({
    method: "GET",
    path: "/",
    rawQuery: `Format=${format}`,
    headers: {},
    duplicatedHeaders: [],
  });
  const context = (format: string): AnswerContext => ({
    request: request(format),
    params: { Format: format },
    operation,
    successShape: shape,
  });
  const json = served.dialect.success(operation, answer, false, context("JSON"));
  const xml = served.dialect.success(operation, answer, false, context("XML"));
  const root = `${operationId}Response`;
  return { json, xml, rewritten: toXmlResponse(json, () => ({ root, ...shape() })) };
}

for (const [product, operationId] of [
  ["vpc", "DescribeRegions"],
  ["live", "DescribeLiveStreamsOnlineList"],
] as const)
  test(`${product} ${operationId}: the XML success is the JSON answer's rewrite, written from the value`, () => {
    const { json, xml, rewritten } = answers(product, operationId);
    assert.match(json.headers["content-type"] ?? "", /json/);
    assert.equal(xml.headers["content-type"], "text/xml;charset=utf-8");
    assert.match(xml.body, new RegExp(`^<\\?xml [^>]*\\?><${operationId}Response><RequestId>`));
    assert.deepEqual(sameId(xml), sameId(rewritten));
  });

test("a behaviour's answer with pre-serialised members: the XML is written from its value, the same text", () => {
  const value = { Count: 1, HasMore: false, Logs: [{ AppId: "a<b", Cost: 2, RequestId: "kept-in-log" }] };
  const body: SuccessBody = {
    ok: true,
    value,
    membersJson: `"Count":1,"HasMore":false,"Logs":${JSON.stringify(value.Logs)}`,
  };
  const { xml, rewritten } = answers("live", "ListEventSubEvent", body);
  assert.ok(xml.body.includes("<AppId>a&lt;b</AppId>"), xml.body);
  assert.deepEqual(sameId(xml), sameId(rewritten));
});

test("a documented example's own RequestId is replaced by the answer's, first, in XML as in JSON", () => {
  const body: SuccessBody = { ok: true, value: { Total: 3, RequestId: "FROM-THE-PAGE" } };
  const { json, xml, rewritten } = answers("vpc", "DescribeRegions", body);
  assert.ok(!xml.body.includes("FROM-THE-PAGE") && !json.body.includes("FROM-THE-PAGE"));
  assert.match(xml.body, /Response><RequestId>[^<]+<\/RequestId><Total>3<\/Total>/);
  assert.deepEqual(sameId(xml), sameId(rewritten));
});

test("an array of unnamed items is its element repeated, as ECS DescribeRegions' XML sample shows", () => {
  // test/docgen/corpus/pages/ecs-DescribeRegions.txt: "Regions": {"Region": [{…}, {…}]} ↔
  // <Regions><Region>…</Region><Region>…</Region></Regions>; VPC's page documents the same shape.
  const value = { Regions: { Region: [{ RegionId: "cn-qingdao" }, { RegionId: "cn-beijing" }] } };
  const { xml } = answers("vpc", "DescribeRegions", { ok: true, value });
  assert.match(
    xml.body,
    /<RequestId>[^<]+<\/RequestId><Regions><Region><RegionId>cn-qingdao<\/RegionId><\/Region><Region><RegionId>cn-beijing<\/RegionId><\/Region><\/Regions><\/DescribeRegionsResponse>$/,
  );
  const documented = answers("vpc", "DescribeRegions").xml.body;
  assert.match(documented, /<Regions><Region><RegionEndpoint>vpc\.aliyuncs\.com<\/RegionEndpoint>/);
  assert.ok(!documented.includes("<item>"), documented);
});
