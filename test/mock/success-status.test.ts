/**
 * The status of a spec-driven success is the operation's lowest documented 2xx (src/mock/empty-success.ts), also when
 * that response documents no body: an operation whose page documents only `204 No Content` answers 204, not 200
 * (which its own contract would refuse as undocumented), and counts as one with an empty success body.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { findEmptySuccessOperations, successStatus } from "../../src/mock/empty-success.ts";
import { SpecAnswers } from "../../src/mock/spec-answer/spec-answers.ts";
import { compileSpec } from "../../src/openapi/compile-spec.ts";

/** The demo product with two more operations: one documenting only 204 without a body, one only 201 with one. */
function demoWithStatuses() {
  const doc = JSON.parse(readFileSync("test/mock/fixtures/demo.openapi.json", "utf8"));
  const rpc = (action: string, responses: Record<string, unknown>) => ({
    get: {
      operationId: action,
      "x-api-style": "RPC",
      "x-rpc": { action, version: "2020-01-01" },
      "x-signature-schemes": ["acs3-hmac-sha256"],
      responses,
    },
  });
  doc.paths["/?Action=DeleteThing"] = rpc("DeleteThing", { "204": { description: "No Content" } });
  const schema = { type: "object", properties: { Id: { type: "string" } }, required: ["Id"] };
  doc.paths["/?Action=CreateThing"] = rpc("CreateThing", {
    "201": { description: "Created", content: { "application/json": { schema, example: { Id: "t-1" } } } },
  });
  return compileSpec(doc);
}

test("an operation documenting only 204 without a body answers 204, and its success is empty", () => {
  const spec = demoWithStatuses();
  const operation = spec.operations.get("DeleteThing");
  assert.ok(operation !== undefined);
  assert.equal(successStatus(operation), 204);
  const answer = new SpecAnswers(1).answer(spec, operation);
  assert.deepEqual([answer.ok, answer.status, answer.value], [true, 204, undefined]);
  assert.ok(findEmptySuccessOperations(spec).has("DeleteThing"));
});

test("an operation documenting only 201 with a body answers 201 with its example, and is not empty", () => {
  const spec = demoWithStatuses();
  const operation = spec.operations.get("CreateThing");
  assert.ok(operation !== undefined);
  const answer = new SpecAnswers(1).answer(spec, operation);
  assert.deepEqual([answer.status, answer.value], [201, { Id: "t-1" }]);
  assert.ok(!findEmptySuccessOperations(spec).has("CreateThing"));
  assert.ok(!findEmptySuccessOperations(spec).has("DescribeThrottledThings"), "a documented 200 body is not empty");
});
