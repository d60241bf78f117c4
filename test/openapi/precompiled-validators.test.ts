// The generated validator modules (specs/<id>.validators.cjs): in step with the committed specs (drift), used in
// full by loadSpecs (no Ajv at all), answering exactly as the Ajv-compiled validators do, and ignored once the
// spec they were generated from changes.
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { compileSpec, compileSpecWith } from "../../src/openapi/compile-spec.ts";
import type { CompiledSpec } from "../../src/openapi/compiled-spec.ts";
import { validatorModuleFile } from "../../src/openapi/generate-validators.ts";
import { loadSpecs } from "../../src/openapi/load-specs.ts";
import { generateValidatorModule, loadPrecompiledValidators } from "../../src/openapi/precompiled-validators.ts";
import { findSpecFiles } from "../../src/openapi/spec-files.ts";

const SPEC_IDS = findSpecFiles("specs").map((s) => s.id);
const specFile = (id: string) => join("specs", `${id}.openapi.json`);
const moduleFile = (id: string) => join(process.cwd(), validatorModuleFile("specs", id));

describe("precompiled validators", () => {
  it("every validator module belongs to a spec", () => {
    const orphans = readdirSync("specs").filter(
      (n) => n.endsWith(".validators.cjs") && !SPEC_IDS.includes(n.slice(0, -".validators.cjs".length)),
    );
    assert.deepEqual(orphans, [], "validators of a spec that is gone: delete them");
  });

  for (const id of SPEC_IDS) {
    const text = readFileSync(specFile(id), "utf8");

    it(`${id}: the committed module is what gen:validators writes now (else run npm run gen:validators)`, () => {
      assert.equal(readFileSync(moduleFile(id), "utf8"), generateValidatorModule(text, specFile(id)));
    });

    it(`${id}: covers every validator, so compiling with it never creates an Ajv instance`, () => {
      const precompiled = loadPrecompiledValidators(moduleFile(id), text);
      assert.ok(precompiled, "the module's specSha256 does not match the spec");
      const { ajv } = compileSpecWith(JSON.parse(text), { precompiled });
      assert.equal(ajv, undefined);
      const { ids } = compileSpecWith(JSON.parse(text));
      assert.deepEqual(Object.keys(precompiled).sort(), [...ids.keys()].sort());
    });

    it(`${id}: generated and compiled validators report the same violations for arbitrary input`, () => {
      const precompiled = loadPrecompiledValidators(moduleFile(id), text);
      assert.ok(precompiled);
      const generated = compileSpec(JSON.parse(text), { precompiled });
      const compiled = compileSpec(JSON.parse(text));
      compareOn(generated, compiled);
    });
  }

  it("a module generated from another version of the spec is ignored: loadSpecs compiles instead", () => {
    const dir = mkdtempSync(join(tmpdir(), "specgate-validators-"));
    for (const id of SPEC_IDS) {
      // Same document, different text (re-indented): the recorded hash no longer matches.
      const doc = JSON.parse(readFileSync(specFile(id), "utf8"));
      writeFileSync(join(dir, `${id}.openapi.json`), JSON.stringify(doc, null, 1));
      copyFileSync(moduleFile(id), join(dir, `${id}.validators.cjs`));
      assert.equal(
        loadPrecompiledValidators(
          join(dir, `${id}.validators.cjs`),
          readFileSync(join(dir, `${id}.openapi.json`), "utf8"),
        ),
        undefined,
      );
    }
    const op = loadSpecs(dir).spec("live").matchRpc("ListEventSubEvent");
    const r = op?.validateRequest({ path: {}, query: { AppId: "a", StartTime: "x", EndTime: "1", PageSize: "0" } });
    assert.equal(r?.ok, false);
    assert.deepEqual(r?.ok === false ? r.violations.map((v) => v.jsonPointer).sort() : [], [
      "/PageNo",
      "/PageSize",
      "/StartTime",
    ]);
  });
});

/** Wire-like parameter values: valid and invalid numbers, booleans, strings, repeated keys. */
const wireValue = fc.oneof(
  fc.integer({ min: -5, max: 200 }).map(String),
  fc.constantFrom("", "abc", "1.5", "true", "False", "9999999999999999999", "-0", "ali-test-logstore"),
  fc.string({ maxLength: 8 }),
  fc.array(fc.integer({ min: 0, max: 9 }).map(String), { minLength: 1, maxLength: 3 }),
);

function compareOn(generated: CompiledSpec, compiled: CompiledSpec): void {
  for (const [opId, a] of generated.operations) {
    const b = compiled.operations.get(opId);
    assert.ok(b);
    const names = a.parameters.map((p) => p.name);
    const params = fc.dictionary(fc.constantFrom(...names, "Unknown"), wireValue, { maxKeys: names.length + 1 });
    const body = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined));
    fc.assert(
      fc.property(params, body, (values, payload) => {
        const input = {
          path: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)])),
          query: values,
          headers: values,
          body: payload,
        };
        assert.deepEqual(a.validateRequest(input), b.validateRequest(input), `${opId} request`);
      }),
      { numRuns: 150 },
    );
    fc.assert(
      fc.property(fc.constantFrom(...a.documentedStatuses, 599), fc.jsonValue({ maxDepth: 4 }), (status, value) => {
        assert.deepEqual(a.validateResponse(status, value), b.validateResponse(status, value), `${opId} response`);
      }),
      { numRuns: 150 },
    );
  }
}
