import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { COERCION_FAILED, compileCoercer, scalarKind } from "../../src/openapi/compile-coercer.ts";

const F = COERCION_FAILED;
const table: [schema: object, raw: string | string[], expected: unknown][] = [
  [{ type: "integer" }, "0", 0],
  [{ type: "integer" }, "-42", -42],
  [{ type: "integer" }, "007", 7],
  [{ type: "integer" }, "1.5", F],
  [{ type: "integer" }, "abc", F],
  [{ type: "integer" }, "", F],
  [{ type: "integer" }, " 1", F],
  [{ type: "integer" }, "1e3", F],
  [{ type: "integer" }, "0x10", F],
  [{ type: "integer" }, ["1", "2"], F], // a scalar sent twice
  [{ type: ["integer", "null"] }, "5", 5],
  [{ type: "number" }, "1.5", 1.5],
  [{ type: "number" }, "-2e3", -2000],
  [{ type: "number" }, ".5", 0.5],
  [{ type: "number" }, "NaN", F],
  [{ type: "number" }, "", F],
  [{ type: "boolean" }, "true", true],
  [{ type: "boolean" }, "True", true], // Python SDK (docs/alibaba/sls-signature-v1.md#query-values-are-not-normalised)
  [{ type: "boolean" }, "FALSE", false],
  [{ type: "boolean" }, "1", F],
  [{ type: "boolean" }, "yes", F],
  [{ type: "boolean" }, "", F],
  [{ type: "string" }, "", ""],
  [{ type: "string" }, "12", "12"],
  [{ enum: ["a", "b"] }, "a", "a"],
  [{}, "anything", "anything"],
  [{ type: "array", items: { type: "integer" } }, ["1", "2"], [1, 2]],
  [{ type: "array", items: { type: "integer" } }, "3", [3]],
  [{ type: "array", items: { type: "integer" } }, ["1", "x"], F],
  [{ type: "array", items: { type: "boolean" } }, ["true", "False"], [true, false]],
  [{ type: "array", items: { type: "string" } }, [], []],
];

describe("compileCoercer", () => {
  for (const [schema, raw, expected] of table)
    it(`${JSON.stringify(schema)} ← ${JSON.stringify(raw)} → ${expected === F ? "rejected" : JSON.stringify(expected)}`, () => {
      assert.deepEqual(compileCoercer(schema)(raw), expected);
    });

  it("splits on commas for explode: false arrays", () => {
    const c = compileCoercer({ type: "array", items: { type: "integer" } }, false);
    assert.deepEqual(c("1,2,3"), [1, 2, 3]);
    assert.deepEqual(c(""), []);
    assert.equal(c("1,,2"), F);
  });

  it("classifies schema types", () => {
    assert.equal(scalarKind({ type: ["string", "null"] }), "string");
    assert.equal(scalarKind({ type: ["string", "integer"] }), "raw");
    assert.equal(scalarKind({ type: "object" }), "object");
    assert.equal(scalarKind(true), "raw");
  });
});
