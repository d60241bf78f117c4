import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createAjv } from "../../src/openapi/create-ajv.ts";
import { componentsSchemaId, prepareSchema } from "../../src/openapi/prepare-schema.ts";

const ID = componentsSchemaId("sls");

describe("prepareSchema", () => {
  it("drops OpenAPI-only keywords but keeps properties with the same names, and keeps JSON Schema `examples`", () => {
    const out = prepareSchema(
      {
        type: "object",
        example: { a: 1 },
        xml: { name: "A" },
        externalDocs: { url: "https://example.invalid" },
        discriminator: { propertyName: "kind" },
        "x-source": { page: "p" },
        examples: [{ a: 1 }],
        properties: {
          example: { type: "string", example: "e" },
          "x-custom": { type: "integer", "x-note": "n" },
          nested: { type: "array", items: { type: "object", xml: {}, properties: { xml: { type: "string" } } } },
        },
        anyOf: [
          { minProperties: 1, example: 1 },
          { maxProperties: 5, "x-y": 1 },
        ],
      },
      ID,
    );
    assert.deepEqual(out, {
      type: "object",
      examples: [{ a: 1 }],
      properties: {
        example: { type: "string" },
        "x-custom": { type: "integer" },
        nested: { type: "array", items: { type: "object", properties: { xml: { type: "string" } } } },
      },
      anyOf: [{ minProperties: 1 }, { maxProperties: 5 }],
    });
    // and Ajv's strict mode accepts the result
    assert.equal(typeof createAjv().compile(out as object), "function");
  });

  it("rewrites component refs to the registered components document, deep pointers included", () => {
    assert.deepEqual(prepareSchema({ $ref: "#/components/schemas/SlsError" }, ID), { $ref: `${ID}#/$defs/SlsError` });
    assert.deepEqual(prepareSchema({ items: { $ref: "#/components/schemas/A/properties/b" } }, ID), {
      items: { $ref: `${ID}#/$defs/A/properties/b` },
    });
    assert.throws(() => prepareSchema({ $ref: "other.json#/x" }, ID), /unsupported \$ref 'other\.json#\/x'/);
    assert.throws(() => prepareSchema({ $ref: "#/components/parameters/P" }, ID), /only '#\/components\/schemas\/…'/);
  });

  it("turns OpenAPI 3.0 `nullable: true` into a null type union and leaves boolean schemas alone", () => {
    assert.deepEqual(prepareSchema({ type: "string", nullable: true }, ID), { type: ["string", "null"] });
    assert.deepEqual(prepareSchema({ type: ["string", "null"], nullable: true }, ID), { type: ["string", "null"] });
    assert.equal(prepareSchema(true, ID), true);
    assert.throws(() => prepareSchema([], ID), /must be an object or a boolean/);
  });

  it("registers the OpenAPI format names with Ajv (int32 range, int64 integers, byte base64)", () => {
    const ajv = createAjv();
    const int32 = ajv.compile({ type: "integer", format: "int32" });
    assert.equal(int32(2 ** 31 - 1), true);
    assert.equal(int32(2 ** 31), false);
    const byte = ajv.compile({ type: "string", format: "byte" });
    assert.equal(byte("MTUyNDE1NTM3OTM3MzkwODQwNg=="), true);
    assert.equal(byte("not base64!"), false);
    assert.equal(ajv.compile({ type: "number", format: "double" })(1.5), true);
  });
});
