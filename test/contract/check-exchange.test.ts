import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { NegativeExpectation } from "../../src/contract-cases/case-model.ts";
import {
  checkNegative,
  checkPositive,
  type ExchangeView,
  formatViolations,
} from "../../src/contract-cases/check-exchange.ts";
import { loadSpecs } from "../../src/openapi/load-specs.ts";

const specs = loadSpecs();
const live = specs.spec("live").operations.get("ListEventSubEvent");
const heartbeat = specs.spec("sls").operations.get("ConsumerGroupHeartBeat");
const create = specs.spec("sls").operations.get("CreateConsumerGroup");
assert.ok(live && heartbeat && create);

function ex(status: number, body: unknown, rawBody = JSON.stringify(body)): ExchangeView {
  return { status, headers: { "content-type": "application/json" }, body, rawBody };
}

const page = {
  RequestId: "CC8CB656-A7BA-1811-9D6B-4CC187E988BD",
  Count: 1,
  HasMore: false,
  Logs: [
    {
      AppId: "a",
      SubId: "s",
      MessageId: "m",
      Data: "{}",
      Cost: 22,
      Time: "2023-10-17 20:26:31.988",
      Url: "u",
      Code: 200,
    },
  ],
};

describe("checkPositive", () => {
  it("passes a documented 200 whose body validates", () => {
    assert.deepEqual(checkPositive(live, "rpc", ex(200, page)), []);
    assert.deepEqual(checkPositive(heartbeat, "sls", ex(200, [0, 1])), []);
  });

  it("names operation, JSON pointer, expected and actual of a drifted body", () => {
    const drifted = { ...page, Count: "1", Logs: [{ ...page.Logs[0], Cost: "fast" }] };
    const v = checkPositive(live, "rpc", ex(200, drifted));
    assert.deepEqual(
      v.map((x) => [x.operationId, x.check, x.jsonPointer, x.actual]),
      [
        ["ListEventSubEvent", "response.body", "/Count", '"1"'],
        ["ListEventSubEvent", "response.body", "/Logs/0/Cost", '"fast"'],
      ],
    );
    assert.match(v[0]?.message ?? "", /Received "1" \/ Documented integer/);
    const text = formatViolations(v);
    assert.match(text, /ListEventSubEvent response.body at \/Logs\/0\/Cost\n\s+Received "fast"\n\s+Documented integer/);
  });

  it("fails an error status with the received code", () => {
    const v = checkPositive(heartbeat, "sls", ex(404, { errorCode: "ConsumerGroupNotExist", errorMessage: "x" }));
    assert.equal(v[0]?.check, "response.status");
    assert.equal(v[0]?.actual, '"404 ConsumerGroupNotExist"');
    assert.equal(v[0]?.expected, "200");
  });

  it("reads an empty body as {} (docs/alibaba/sls-consumer-groups.md#operations: empty on the wire, {} on the page)", () => {
    assert.deepEqual(checkPositive(create, "sls", { status: 200, headers: {}, body: "", rawBody: "" }), []);
    const hb = checkPositive(heartbeat, "sls", { status: 200, headers: {}, body: "", rawBody: "" });
    assert.equal(hb[0]?.check, "response.body");
  });
});

describe("checkNegative", () => {
  const expect: NegativeExpectation = {
    category: "below-minimum",
    statuses: [400],
    codes: ["InputInvalid"],
    source: "documented for ListEventSubEvent: 400 InputInvalid",
  };
  const body = (code: string) => ({
    RequestId: "r",
    HostId: "live.aliyuncs.com",
    Code: code,
    Message: "m",
    Recommend: "x",
  });

  it("passes the documented status and code with a valid error body", () => {
    assert.deepEqual(checkNegative(live, "rpc", expect, ex(400, body("InputInvalid"))), []);
  });

  it("fails a 5xx, an undocumented code, and a body missing required fields", () => {
    const v5 = checkNegative(live, "rpc", expect, ex(500, body("ServerError")));
    assert.deepEqual(
      v5.map((x) => x.check),
      ["response.status", "response.error-code"],
    );
    assert.match(v5[0]?.expected ?? "", /5xx is never acceptable/);
    const missing = checkNegative(live, "rpc", expect, ex(400, { Code: "InputInvalid", Message: "m" }));
    assert.deepEqual(
      missing.map((x) => [x.check, x.jsonPointer]),
      [["response.body", "/RequestId"]],
    );
    const wrongCode = checkNegative(live, "rpc", expect, ex(400, body("Throttling.User")));
    assert.deepEqual(
      wrongCode.map((x) => [x.check, x.jsonPointer, x.actual]),
      [["response.error-code", "/Code", '"Throttling.User"']],
    );
  });

  it("reads an SLS error body's code from errorCode and points there", () => {
    const sls: NegativeExpectation = {
      category: "missing-required",
      statuses: [400],
      codes: ["ParameterInvalid"],
      source: "test",
    };
    const wrong = checkNegative(heartbeat, "sls", sls, ex(400, { errorCode: "Unauthorized", errorMessage: "m" }));
    assert.deepEqual(
      wrong.filter((x) => x.check === "response.error-code").map((x) => [x.jsonPointer, x.actual]),
      [["/errorCode", '"Unauthorized"']],
    );
    const right = checkNegative(heartbeat, "sls", sls, ex(400, { errorCode: "ParameterInvalid", errorMessage: "m" }));
    assert.deepEqual(
      right.filter((x) => x.check === "response.error-code"),
      [],
      "an RPC reading (Code) would find no code here",
    );
  });

  it("fails a success answer to a bad request", () => {
    const v = checkNegative(live, "rpc", expect, ex(200, page));
    assert.equal(v[0]?.check, "response.status");
    assert.equal(v[1]?.check, "response.error-code");
  });
});
