import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compileSpec } from "../../src/openapi/compile-spec.ts";
import { loadFixture } from "./load-fixture.ts";

const live = compileSpec(loadFixture("rpc"));
const sls = compileSpec(loadFixture("roa"));
const op = live.operations.get("ListEventSubEvent");
const del = sls.operations.get("DeleteConsumerGroup");
const list = sls.operations.get("ListConsumerGroup");
if (!op || !del || !list) throw new Error("fixture operations missing");

const doc = loadFixture("rpc") as {
  paths: Record<
    string,
    {
      get: { responses: Record<string, { content: Record<string, { examples: Record<string, { value: unknown }> }> }> };
    }
  >;
};
const successExample =
  doc.paths["/?Action=ListEventSubEvent"]?.get.responses["200"]?.content["application/json"]?.examples.success?.value;

describe("validateResponse", () => {
  it("accepts the documented 200 example and returns the shared frozen empty array", () => {
    const a = op.validateResponse(200, successExample, "application/json;charset=utf-8");
    const b = op.validateResponse(200, successExample);
    assert.deepEqual(a, []);
    assert.equal(a, b);
    assert.ok(Object.isFrozen(a));
  });

  it("validates against the exact status: a 200 body is checked with the 200 schema, with a JSON pointer", () => {
    const vs = op.validateResponse(200, { RequestId: "r", Logs: [{ Cost: 22 }, { Cost: "slow" }] });
    assert.deepEqual(
      vs.map((v) => [v.check, v.jsonPointer, v.expected, v.actual]),
      [["response.body", "/Logs/1/Cost", "integer", '"slow"']],
    );
    assert.equal(
      vs[0]?.message,
      'ListEventSubEvent response.body at /Logs/1/Cost: Received "slow" / Documented integer',
    );
  });

  it("uses the documented error status, else default, with the product's error body (component $ref)", () => {
    assert.deepEqual(op.validateResponse(400, { RequestId: "r", Code: "InputInvalid", Message: "m" }), []);
    const at400 = op.validateResponse(400, { Code: "InputInvalid", Message: "m" });
    assert.deepEqual(
      at400.map((v) => [v.jsonPointer, v.expected]),
      [["/RequestId", "property 'RequestId'"]],
    );
    // 502 is not documented: `default` applies, still shape-checked
    const at502 = op.validateResponse(502, { errorCode: "X" });
    assert.deepEqual(
      at502.map((v) => v.jsonPointer),
      ["/RequestId", "/Code", "/Message"],
    );
  });

  it("reports an undocumented status when there is no default", () => {
    const [v, ...rest] = del.validateResponse(418, {});
    assert.equal(rest.length, 0);
    assert.equal(v?.check, "response.status");
    assert.equal(v?.actual, "418");
    assert.equal(v?.expected, "200, 404");
    assert.equal(v?.message, "DeleteConsumerGroup response.status at (root): Received 418 / Documented 200, 404");
  });

  it("does not check the body of a response without content", () => {
    assert.deepEqual(del.validateResponse(200, "anything"), []);
  });

  it("checks the content type when the response declares JSON", () => {
    const [v] = list.validateResponse(200, "<html/>", "text/html");
    assert.deepEqual([v?.check, v?.expected, v?.actual], ["response.content-type", "application/json", '"text/html"']);
    assert.deepEqual(list.validateResponse(200, [], "application/problem+json"), []);
  });

  it("resolves component refs in response arrays and keeps a property literally named 'example'", () => {
    assert.deepEqual(list.validateResponse(200, [{ name: "g", timeout: 30, order: false, example: "x" }]), []);
    const vs = list.validateResponse(200, [{ name: "g", example: 5 }]);
    assert.deepEqual(
      vs.map((v) => v.jsonPointer),
      ["/0/example"],
    );
  });

  it("lists documented statuses and the error codes of x-error-codes plus response examples", () => {
    assert.deepEqual(op.documentedStatuses, [200, 400, 403]);
    assert.deepEqual(
      op.errorCodes.map((e) => [e.status, e.code, e.unconfirmed === true]),
      [
        [400, "InputInvalid", false],
        [403, "NoAuth", false],
        [400, "Throttling.User", true],
      ],
    );
  });
});
