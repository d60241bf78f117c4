import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020 } from "ajv/dist/2020.js";
import { generateDocuments } from "../../src/docgen/docgen.ts";
import { OPENAPI_FORMATS } from "../../src/openapi/openapi-formats.ts";
import { dig, sourcePages } from "./helpers.ts";

/** Ajv for the generated schemas: 2020-12 dialect, OpenAPI formats, `x-*` annotations allowed. */
function makeAjv(doc: unknown): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  for (const [name, format] of Object.entries(OPENAPI_FORMATS)) ajv.addFormat(name, format);
  ajv.addKeyword({ keyword: "x-source" });
  ajv.addSchema({ $id: "doc", $defs: dig(doc, "components", "schemas") });
  return ajv;
}

function withRefs(schema: unknown): unknown {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"doc#/$defs/'));
}

interface Media {
  schema?: unknown;
  example?: unknown;
  examples?: Record<string, { value?: unknown }>;
}
interface OperationView {
  parameters?: { name: string; schema: unknown; example?: unknown }[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { content?: Record<string, Media> }>;
}

type MediaExample = { where: string; schema: unknown; value: unknown };

function* mediaExamples(doc: unknown): Generator<MediaExample> {
  for (const [path, item] of Object.entries(dig(doc, "paths") as Record<string, Record<string, OperationView>>)) {
    for (const [method, op] of Object.entries(item)) yield* operationExamples(`${method} ${path}`, op);
  }
}

/** The examples of one operation: its parameters', its JSON request body's and its JSON responses'. */
function* operationExamples(at: string, op: OperationView): Generator<MediaExample> {
  for (const p of op.parameters ?? []) {
    if ("example" in p) yield { where: `${at} parameter ${p.name}`, schema: p.schema, value: p.example };
  }
  const rb = op.requestBody?.content["application/json"];
  if (rb?.example !== undefined) yield { where: `${at} request body`, schema: rb.schema, value: rb.example };
  for (const [status, r] of Object.entries(op.responses)) {
    const media = r.content?.["application/json"];
    for (const [name, ex] of Object.entries(media?.examples ?? {})) {
      if ("value" in ex) yield { where: `${at} ${status} example ${name}`, schema: media?.schema, value: ex.value };
    }
  }
}

test("every example on every page validates against the schema generated for it (Ajv 2020)", () => {
  let checked = 0;
  for (const page of sourcePages()) {
    const [d] = generateDocuments([page]);
    const doc = d?.document;
    const ajv = makeAjv(doc);
    for (const { where, schema, value } of mediaExamples(doc)) {
      const validate = ajv.compile(withRefs(schema) as object);
      assert.ok(validate(value), `${page.name}: ${where}: ${ajv.errorsText(validate.errors)}`);
      checked++;
    }
  }
  assert.ok(checked >= 20, `only ${checked} examples checked`);
});

test("a response that breaks the schema is rejected (the check can fail)", () => {
  const page = sourcePages().find((p) => p.name === "live-ListEventSubEvent.txt");
  assert.ok(page);
  const doc = generateDocuments([page])[0]?.document;
  const schema = dig(
    doc,
    "paths",
    "/?Action=ListEventSubEvent",
    "get",
    "responses",
    "200",
    "content",
    "application/json",
    "schema",
  );
  const validate = makeAjv(doc).compile(withRefs(schema) as object);
  assert.equal(validate({ RequestId: "x", Count: "1", HasMore: false, Logs: [] }), false);
  assert.equal(validate({ RequestId: "x", Count: 1, HasMore: false, Logs: [{ Cost: 1.5 }] }), false);
});

for (const product of ["sls", "live"]) {
  test(`specs/${product}.openapi.json passes an independent OpenAPI 3.1 validator`, async () => {
    const v = new Validator();
    const result = await v.validate(JSON.parse(readFileSync(`specs/${product}.openapi.json`, "utf8")));
    assert.equal(result.valid, true, JSON.stringify(result.errors));
    assert.equal(v.version, "3.1");
  });
}
