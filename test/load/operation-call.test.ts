// The rate-limit scenario's request for any RPC operation (load/scenarios/operation-call.ts): parameters from the
// spec and the product's contract data, the signature scheme the operation accepts, and whether it writes; and the
// scenario's refusals (a write against a real account without --allow-writes, an operation without a limit).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { callParams, operationCall, pickValue } from "../../load/scenarios/operation-call.ts";
import { RATE_LIMIT_SCENARIO, rateLimitResultName } from "../../load/scenarios/rate-limit.scenario.ts";
import { readDocumentedLimit } from "../../load/scenarios/rate-limit.ts";
import type { PlanContext } from "../../load/scenarios/scenario-definition.ts";

type Doc = Record<string, unknown> & { paths: Record<string, Record<string, Record<string, unknown>>> };
const live = JSON.parse(readFileSync("specs/live.openapi.json", "utf8")) as Doc;
const sls = JSON.parse(readFileSync("specs/sls.openapi.json", "utf8")) as Doc;
const demo = JSON.parse(readFileSync("test/mock/fixtures/demo.openapi.json", "utf8")) as Doc;

/** The Live spec plus DeleteEventSub as its page documents it (100 per second per account; AppId, SubscribeId). */
function liveWithDeleteEventSub(): Doc {
  const doc = structuredClone(live);
  doc.paths["/?Action=DeleteEventSub"] = {
    get: {
      operationId: "DeleteEventSub",
      "x-rpc": { action: "DeleteEventSub", version: "2016-11-01" },
      "x-qps-limit": 100,
      "x-qps-limit-scope": "account",
      parameters: [
        { name: "AppId", in: "query", required: true, schema: { type: "string" }, example: "9qb1****" },
        { name: "SubscribeId", in: "query", required: true, schema: { type: "string" }, example: "ad53276431c****" },
      ],
      responses: { "200": { description: "OK" } },
    },
  };
  return doc;
}

function planContext(documents: Record<string, unknown>, over: Partial<PlanContext> = {}): PlanContext {
  return {
    targetKind: "mock",
    allowOverload: false,
    allowWrites: false,
    remedy: { accept: "--allow-overload", limit: "--small", writes: "--allow-writes" },
    specs: { documents, bodyCheck: () => () => [] },
    runners: 1,
    ...over,
  };
}

test("ListEventSubEvent: AppId bound to the target's, the last hour on whole minutes, the first page", () => {
  const call = operationCall(live, "live", "ListEventSubEvent");
  assert.deepEqual(
    [call.action, call.version, call.scheme, call.access.kind],
    ["ListEventSubEvent", "2016-11-01", "rpc-v1", "read-only"],
  );
  assert.deepEqual(call.bound, { AppId: "appId" });
  // PageNo's documented example is 20, outside the pages the Live contract data keeps cases on (1..5).
  assert.deepEqual(call.fixed, { PageSize: "10", PageNo: "1" });
  const wall = Date.UTC(2026, 2, 2, 10, 30, 17, 500);
  const params = callParams(call, { appId: "my-app" }, wall);
  const end = Date.UTC(2026, 2, 2, 10, 30) / 1000;
  assert.deepEqual(params, {
    PageSize: "10",
    PageNo: "1",
    AppId: "my-app",
    StartTime: String(end - 3600),
    EndTime: String(end),
  });
});

test("a write is a write unless its product declares it safe; real accounts need the opt-in", () => {
  const doc = liveWithDeleteEventSub();
  const call = operationCall(doc, "live", "DeleteEventSub");
  assert.equal(call.access.kind, "write");
  assert.deepEqual(call.fixed, { SubscribeId: "ad53276431c****" });
  const documents = { live: doc, sls };
  // The mock: anything goes; the name of the run says which operation.
  const plan = RATE_LIMIT_SCENARIO.plan({ operation: "DeleteEventSub" }, planContext(documents));
  assert.equal(plan.resultName, "rate-limit:DeleteEventSub");
  assert.equal(rateLimitResultName("ListEventSubEvent"), "rate-limit");
  const real = { targetKind: "real" as const, allowOverload: true };
  assert.throws(
    () => RATE_LIMIT_SCENARIO.plan({ operation: "DeleteEventSub" }, planContext(documents, real)),
    /DeleteEventSub writes \(its name is not one of a read-only operation\).*pass --allow-writes to accept/,
  );
  const accepted = RATE_LIMIT_SCENARIO.plan(
    { operation: "DeleteEventSub" },
    planContext(documents, { ...real, allowWrites: true }),
  );
  assert.equal(accepted.options.overloadCapMs, 3000, "still capped as any overload of a real account");
  // A write that creates makes one resource per admitted request: never against a real account, opt-in or not.
  const creating = structuredClone(doc);
  const create = structuredClone(doc.paths["/?Action=DeleteEventSub"]?.get) as Record<string, unknown>;
  creating.paths["/?Action=CreateEventSub"] = {
    get: { ...create, operationId: "CreateEventSub", "x-rpc": { action: "CreateEventSub", version: "2016-11-01" } },
  };
  const createDocs = { live: creating, sls };
  assert.equal(operationCall(creating, "live", "CreateEventSub").access.creates, true);
  assert.equal(call.access.creates, false);
  assert.throws(
    () =>
      RATE_LIMIT_SCENARIO.plan(
        { operation: "CreateEventSub" },
        planContext(createDocs, { ...real, allowWrites: true }),
      ),
    /CreateEventSub creates a resource with every admitted request.*load it against the mock/,
  );
  assert.equal(
    RATE_LIMIT_SCENARIO.plan({ operation: "CreateEventSub" }, planContext(createDocs)).resultName,
    "rate-limit:CreateEventSub",
  );
});

test("an operation signed with V3 only is sent with V3; a ROA operation or one without a limit is refused", () => {
  assert.equal(operationCall(demo, "demo", "DescribeThrottledThings").scheme, "acs3");
  assert.deepEqual(readDocumentedLimit(demo, "DescribeThrottledThings"), { limit: 2, windowMs: 60_000 });
  assert.throws(() => operationCall(sls, "sls", "ConsumerGroupHeartBeat"), /not an RPC operation/);
  assert.throws(
    () => RATE_LIMIT_SCENARIO.plan({ operation: "ConsumerGroupHeartBeat" }, planContext({ live, sls })),
    /ConsumerGroupHeartBeat has no documented limit \(x-qps-limit\)/,
  );
  assert.throws(
    () => RATE_LIMIT_SCENARIO.plan({ operation: "NoSuchThing" }, planContext({ live, sls })),
    /NoSuchThing is in none of the specs \(live, sls\)/,
  );
});

test("values: the example when it fits the schema, else default, first enum value, minimum", () => {
  assert.equal(pickValue({ type: "integer", minimum: 1, maximum: 5 }, 20), "1");
  assert.equal(pickValue({ type: "integer", minimum: 1, maximum: 5 }, 3), "3");
  assert.equal(pickValue({ type: "string", enum: ["all", "raw"] }, "none"), "all");
  assert.equal(pickValue({ type: "integer", default: 2000 }, undefined), "2000");
  assert.equal(pickValue({ type: "string" }, "example.com"), "example.com");
});
