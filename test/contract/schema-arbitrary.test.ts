import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { arbitraryForSchema, integerRange, SchemaArbitraryError } from "../../src/contract-cases/schema-arbitrary.ts";
import { createAjv } from "../../src/openapi/create-ajv.ts";
import { loadSpecs } from "../../src/openapi/load-specs.ts";

const ajv = createAjv();

/** Schemas of the shapes the specs use, plus the keywords the generator honours. */
const SCHEMAS: Record<string, object> = {
  boundedInteger: { type: "integer", minimum: 1, maximum: 100 },
  int64: { type: "integer", format: "int64", minimum: 1 },
  exclusive: { type: "integer", exclusiveMinimum: 0, exclusiveMaximum: 10 },
  multiple: { type: "integer", minimum: 0, maximum: 100, multipleOf: 7 },
  string: { type: "string" },
  sized: { type: "string", minLength: 3, maxLength: 5 },
  pattern: { type: "string", pattern: "^[a-z]{2}-[0-9]{3}$" },
  enumeration: { enum: ["a", 1, true] },
  heartbeatBody: { type: "array", items: { type: "integer" } },
  unique: { type: "array", items: { type: "integer", minimum: 0, maximum: 3 }, uniqueItems: true, maxItems: 4 },
  createBody: {
    type: "object",
    properties: { consumerGroup: { type: "string" }, timeout: { type: "integer" }, order: { type: "boolean" } },
    required: ["consumerGroup", "timeout", "order"],
  },
  updateBody: {
    type: "object",
    minProperties: 1,
    properties: { order: { type: "boolean" }, timeout: { type: "integer" } },
  },
  nullable: { type: ["integer", "null"], minimum: 5, maximum: 6 },
  anyOf: { anyOf: [{ type: "string" }, { type: "boolean" }] },
};

describe("arbitraryForSchema", () => {
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    it(`draws only valid instances of ${name}`, () => {
      const validate = ajv.compile(schema);
      fc.assert(
        fc.property(arbitraryForSchema(schema), (value) => {
          assert.ok(validate(value), `${JSON.stringify(value)}: ${JSON.stringify(validate.errors)}`);
        }),
        { numRuns: 200, seed: 42 },
      );
    });
  }

  it("draws request bodies the compiled validator accepts for every operation of the committed specs", () => {
    const specs = loadSpecs();
    for (const spec of [specs.spec("sls"), specs.spec("live")])
      for (const op of spec.operations.values()) {
        if (op.requestBody !== undefined) {
          const arb = arbitraryForSchema(op.requestBody.schema, spec.document);
          for (const body of fc.sample(arb, { seed: 1, numRuns: 50 })) {
            const r = op.validateRequest({ path: {}, query: {}, body });
            const bodyViolations = r.ok ? [] : r.violations.filter((v) => v.check === "request.body");
            assert.deepEqual(bodyViolations, [], `${op.id} body ${JSON.stringify(body)}`);
          }
        }
      }
  });

  it("is reproducible: the same seed gives the same draws", () => {
    const arb = arbitraryForSchema(SCHEMAS.createBody);
    assert.deepEqual(fc.sample(arb, { seed: 9, numRuns: 20 }), fc.sample(arb, { seed: 9, numRuns: 20 }));
    assert.notDeepEqual(fc.sample(arb, { seed: 9, numRuns: 20 }), fc.sample(arb, { seed: 10, numRuns: 20 }));
  });

  it("names the construct it cannot satisfy", () => {
    assert.throws(() => arbitraryForSchema({ allOf: [{ type: "string" }] }), SchemaArbitraryError);
    assert.throws(() => arbitraryForSchema({ enum: [] }), /empty enum/);
    assert.throws(() => arbitraryForSchema({ type: "object", required: ["x"], properties: {} }), /'x'/);
    assert.throws(() => integerRange({ type: "integer", minimum: 5, maximum: 4 }), /empty/);
  });
});
