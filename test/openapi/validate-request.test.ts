import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compileSpec, type RequestValidation } from "../../src/openapi/compile-spec.ts";
import type { Violation } from "../../src/openapi/violation.ts";
import { loadFixture } from "./load-fixture.ts";

const live = compileSpec(loadFixture("rpc"));
const sls = compileSpec(loadFixture("roa"));
const listEvents = live.matchRpc("ListEventSubEvent");
const heartbeat = sls.operations.get("ConsumerGroupHeartBeat");
const listGroups = sls.operations.get("ListConsumerGroup");
const create = sls.operations.get("CreateConsumerGroup");
if (!listEvents || !heartbeat || !listGroups || !create) throw new Error("fixture operations missing");

const validQuery = {
  Action: "ListEventSubEvent",
  Version: "2016-11-01",
  Signature: "c2ln",
  SignatureNonce: "n",
  AccessKeyId: "specgate-test-id",
  Format: "JSON",
  Timestamp: "2026-01-01T00:00:00Z",
  AppId: "9qb1test",
  StartTime: "1698195600",
  EndTime: "1698201013",
  PageSize: "10",
  PageNo: "1",
};

function violationsOf(r: RequestValidation): Violation[] {
  assert.equal(r.ok, false, "expected violations");
  return r.ok ? [] : r.violations;
}

describe("validateRequest", () => {
  it("coerces query strings to the declared types and ignores RPC common parameters", () => {
    const r = listEvents.validateRequest({ path: {}, query: validQuery });
    assert.deepEqual(r, {
      ok: true,
      params: { AppId: "9qb1test", StartTime: 1698195600, EndTime: 1698201013, PageSize: 10, PageNo: 1 },
    });
  });

  it("PageSize=0: a violation naming the parameter and the whole constraint", () => {
    const [v, ...rest] = violationsOf(
      listEvents.validateRequest({ path: {}, query: { ...validQuery, PageSize: "0" } }),
    );
    assert.equal(rest.length, 0);
    assert.deepEqual(v, {
      operationId: "ListEventSubEvent",
      check: "request.query",
      expected: "integer ≥ 1 and ≤ 100",
      actual: "0",
      jsonPointer: "/PageSize",
      parameter: "PageSize",
      message: "ListEventSubEvent request.query at /PageSize: Received 0 / Documented integer ≥ 1 and ≤ 100",
    });
  });

  it("rejects non-integer strings for integer parameters with the raw value as actual", () => {
    for (const bad of ["1.5", "abc", ""]) {
      const [v] = violationsOf(listEvents.validateRequest({ path: {}, query: { ...validQuery, PageNo: bad } }));
      assert.equal(v?.parameter, "PageNo");
      assert.equal(v?.check, "request.query");
      assert.equal(v?.actual, JSON.stringify(bad));
      assert.equal(v?.expected, "integer ≥ 1");
    }
  });

  it("reports every missing required parameter, in declaration order", () => {
    const vs = violationsOf(listEvents.validateRequest({ path: {}, query: { AppId: "a", PageSize: "10" } }));
    assert.deepEqual(
      vs.map((v) => [v.parameter, v.check, v.message, v.actual]),
      [
        ["StartTime", "request.query", "Missing required parameter 'StartTime' (query)", "(missing)"],
        ["EndTime", "request.query", "Missing required parameter 'EndTime' (query)", "(missing)"],
        ["PageNo", "request.query", "Missing required parameter 'PageNo' (query)", "(missing)"],
      ],
    );
  });

  it("does not validate the fixed query (it routes) and checks path, query and body", () => {
    const ok = heartbeat.validateRequest({
      path: { logstore: "ls", consumerGroup: "g" },
      query: { type: "heartbeat", consumer: "c1" },
      body: [0, 1],
    });
    assert.deepEqual(ok, { ok: true, params: { logstore: "ls", consumerGroup: "g", consumer: "c1" } });
    const vs = violationsOf(
      heartbeat.validateRequest({ path: { logstore: "ls" }, query: { type: "x" }, body: [0, "1"] }),
    );
    assert.deepEqual(
      vs.map((v) => [v.check, v.jsonPointer, v.parameter, v.expected, v.actual]),
      [
        ["request.path", "/consumerGroup", "consumerGroup", "string", "(missing)"],
        ["request.query", "/consumer", "consumer", "string", "(missing)"],
        ["request.body", "/1", undefined, "integer", '"1"'],
      ],
    );
  });

  it("requires a required body and names missing body properties", () => {
    const [missing] = violationsOf(
      heartbeat.validateRequest({ path: { logstore: "l", consumerGroup: "g" }, query: { consumer: "c" } }),
    );
    assert.equal(missing?.check, "request.body");
    assert.equal(missing?.actual, "(missing)");
    const vs = violationsOf(create.validateRequest({ path: { logstore: "l" }, query: {}, body: { timeout: 0 } }));
    assert.deepEqual(
      vs.map((v) => [v.jsonPointer, v.expected, v.actual]),
      [
        ["/consumerGroup", "property 'consumerGroup'", "(missing)"],
        ["/order", "property 'order'", "(missing)"],
        ["/timeout", "integer ≥ 1", "0"],
      ],
    );
  });

  it("coerces booleans case-insensitively, repeated keys into arrays, and reads headers case-insensitively", () => {
    const r = listGroups.validateRequest({
      path: { logstore: "l" },
      query: { verbose: "True", tag: ["1", "2"], offset: "0" },
      headers: { "x-log-requestid-hint": "abc" },
    });
    assert.deepEqual(r, {
      ok: true,
      params: { logstore: "l", offset: 0, verbose: true, tag: [1, 2], "x-log-requestid-hint": "abc" },
    });
    const [v] = violationsOf(listGroups.validateRequest({ path: { logstore: "l" }, query: { verbose: "yes" } }));
    assert.deepEqual([v?.parameter, v?.expected, v?.actual], ["verbose", "boolean", '"yes"']);
  });

  it("truncates long actual values to 200 characters", () => {
    const [v] = violationsOf(
      listEvents.validateRequest({ path: {}, query: { ...validQuery, PageNo: "x".repeat(500) } }),
    );
    assert.equal(v?.actual.length, 200);
    assert.ok(v?.actual.endsWith("…"));
  });
});
