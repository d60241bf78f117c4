// Drift check for the committed openapi-typescript types: regenerates them in memory from the committed
// specs exactly as `npm run gen:types` does (the CLI prepends COMMENT_HEADER to astToString(openapiTS(...)))
// and compares byte for byte. Fails — never skips — when a spec or a types file is missing.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import openapiTS, { astToString, COMMENT_HEADER } from "openapi-typescript";
import { SPEC_IDS } from "../../src/openapi/generate-validators.ts";

describe("specs/types drift", () => {
  for (const product of SPEC_IDS) {
    it(`specs/types/${product}.d.ts matches specs/${product}.openapi.json`, async () => {
      const specPath = `specs/${product}.openapi.json`;
      const typesPath = `specs/types/${product}.d.ts`;
      assert.ok(existsSync(specPath), `${specPath} is missing: run npm run gen:specs, then npm run gen:types`);
      assert.ok(existsSync(typesPath), `${typesPath} is missing: run npm run gen:types`);
      const doc = JSON.parse(readFileSync(specPath, "utf8"));
      const expected = COMMENT_HEADER + astToString(await openapiTS(doc, { silent: true }));
      assert.ok(
        readFileSync(typesPath, "utf8") === expected,
        `${typesPath} is stale (the spec changed since it was generated): run npm run gen:types and commit the result`,
      );
    });
  }
});
