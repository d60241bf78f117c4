// Drift check for the committed openapi-typescript types: regenerates them in memory from every committed spec
// exactly as `npm run gen:types` does (src/openapi/generate-types.ts) and compares byte for byte. Fails — never
// skips — when a spec's types file is missing, and names a types file whose spec is gone.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { generateTypes, typesFile } from "../../src/openapi/generate-types.ts";
import { findSpecFiles } from "../../src/openapi/spec-files.ts";

describe("specs/types drift", () => {
  const specs = findSpecFiles("specs");
  for (const { id, file } of specs) {
    it(`specs/types/${id}.d.ts matches ${file}`, async () => {
      const types = typesFile("specs", id);
      assert.ok(existsSync(types), `${types} is missing: run npm run gen:types`);
      assert.ok(
        readFileSync(types, "utf8") === (await generateTypes(readFileSync(file, "utf8"))),
        `${types} is stale (the spec changed since it was generated): run npm run gen:types and commit the result`,
      );
    });
  }

  it("every types file belongs to a spec", () => {
    const ids = new Set(specs.map((s) => s.id));
    const orphans = readdirSync("specs/types").filter((n) => n.endsWith(".d.ts") && !ids.has(n.slice(0, -5)));
    assert.deepEqual(orphans, [], "types of a spec that is gone: delete them");
  });
});
