/**
 * generateInstance (src/mock/spec-answer/schema-instance.ts): for schemas of the subset docgen and overlays write
 * (types, bounds, formats, enums, arrays, nested objects, `$ref`, `allOf`/`oneOf`), drawn by fast-check, the value
 * validates against the schema (Ajv with formats, as the spec is compiled), and the same seed gives the same value.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { createSeededRandom } from "../../src/mock/domain/seeded-random.ts";
import { generateInstance } from "../../src/mock/spec-answer/schema-instance.ts";
import { createAjv } from "../../src/openapi/create-ajv.ts";

type Schema = Record<string, unknown>;

const stringSchema: fc.Arbitrary<Schema> = fc.oneof(
  fc.record({ type: fc.constant("string") }),
  fc
    .tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 20 }))
    .map(([min, extra]) => ({ type: "string", minLength: min, maxLength: min + extra })),
  fc
    .constantFrom("date-time", "date", "time", "email", "uri", "uuid", "ipv4", "hostname")
    .map((format) => ({ type: "string", format })),
  fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 }).map((e) => ({
    type: "string",
    enum: e,
  })),
);
const numberSchema: fc.Arbitrary<Schema> = fc
  .tuple(
    fc.constantFrom("integer", "number"),
    fc.option(fc.integer({ min: -1000, max: 1000 }), { nil: undefined }),
    fc.integer({ min: 0, max: 5000 }),
    fc.option(fc.integer({ min: 2, max: 7 }), { nil: undefined }),
  )
  .filter(
    ([, min, span, step]) =>
      step === undefined || Math.floor(((min ?? 0) + span) / step) >= Math.ceil((min ?? 0) / step),
  )
  .map(([type, min, span, step]) => ({
    type,
    ...(min !== undefined ? { minimum: min, maximum: min + span } : {}),
    ...(step !== undefined ? { multipleOf: step } : {}),
  }));
const leaf = fc.oneof(
  stringSchema,
  numberSchema,
  fc.constant({ type: "boolean" }),
  fc.constant({ type: ["string", "null"] }),
);

const schema: fc.Arbitrary<Schema> = fc.letrec<{ node: Schema }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc
      .tuple(tie("node"), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }))
      .map(([items, min, extra]) => ({ type: "array", items, minItems: min, maxItems: min + extra })),
    fc
      .dictionary(fc.stringMatching(/^[A-Z][A-Za-z]{0,7}$/), tie("node"), { minKeys: 1, maxKeys: 4 })
      .chain((properties) =>
        fc.subarray(Object.keys(properties)).map((required) => ({
          type: "object",
          properties,
          required,
          additionalProperties: false,
        })),
      ),
  ),
})).node;

/** A document with the schema under components, reached through a `$ref`, `allOf` or `oneOf` as drawn. */
const documentAndRoot = fc
  .tuple(schema, schema, fc.constantFrom("direct", "ref", "allOf", "oneOf"))
  .map(([main, other, form]) => {
    const document = { components: { schemas: { Main: main, Other: other } } };
    const ref = { $ref: "#/components/schemas/Main" };
    const root =
      form === "direct"
        ? main
        : form === "ref"
          ? ref
          : form === "allOf"
            ? { allOf: [ref] }
            : { oneOf: [ref, { $ref: "#/components/schemas/Other" }] };
    return { document, root, form };
  });

/** The root schema with the document's components as its `$defs` (how compileSpec registers them, in short). */
function validatorFor(document: { components: { schemas: Record<string, Schema> } }, root: unknown) {
  const rebase = (value: unknown) =>
    JSON.parse(JSON.stringify(value).replaceAll('"#/components/schemas/', '"#/$defs/')) as Schema;
  return createAjv().compile({ ...rebase(root), $defs: rebase(document.components.schemas) });
}

test("generated values validate against their schema (Ajv, formats on)", () => {
  fc.assert(
    fc.property(documentAndRoot, fc.integer(), ({ document, root, form }, seed) => {
      // oneOf needs exactly one member to match; two drawn schemas may both accept the value.
      if (form === "oneOf") return;
      const value = generateInstance(root, document, createSeededRandom(seed));
      const validate = validatorFor(document, root);
      assert.ok(
        validate(value),
        `${JSON.stringify(value)} against ${JSON.stringify(root)}: ${JSON.stringify(validate.errors)}`,
      );
    }),
    { numRuns: 200, seed: 1206 },
  );
});

test("the same seed gives the same value; the first oneOf member is the one generated", () => {
  fc.assert(
    fc.property(documentAndRoot, fc.integer(), ({ document, root, form }, seed) => {
      const a = generateInstance(root, document, createSeededRandom(seed));
      const b = generateInstance(root, document, createSeededRandom(seed));
      assert.deepEqual(a, b);
      if (form === "oneOf") {
        const main = generateInstance({ $ref: "#/components/schemas/Main" }, document, createSeededRandom(seed));
        assert.deepEqual(a, main);
      }
    }),
    { numRuns: 200, seed: 612 },
  );
});

test("documented values come first: const, examples, default, enum", () => {
  const random = createSeededRandom(1);
  assert.equal(generateInstance({ type: "string", const: "x", examples: ["y"] }, {}, random), "x");
  assert.equal(generateInstance({ type: "string", examples: ["cn-qingdao"], default: "z" }, {}, random), "cn-qingdao");
  assert.equal(generateInstance({ type: "integer", default: 7 }, {}, random), 7);
  assert.ok(["a", "b"].includes(generateInstance({ type: "string", enum: ["a", "b"] }, {}, random) as string));
});
