import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { generateDocuments } from "../../src/docgen/docgen.ts";
import { renderDocument } from "../../src/docgen/document-order.ts";
import { generateFromFiles } from "../../src/docgen/generate-files.ts";
import { sourcePages } from "./helpers.ts";

// Golden files: the single-page output without overlays. Refresh with UPDATE_GOLDEN=1 after a deliberate change.
const GOLDEN = "test/docgen/golden";
const update = process.env.UPDATE_GOLDEN === "1";

for (const page of sourcePages()) {
  test(`golden: ${page.name}`, () => {
    const [doc, ...more] = generateDocuments([{ name: page.name, text: page.text }]);
    assert.ok(doc);
    assert.equal(more.length, 0);
    const got = renderDocument(doc.document);
    const path = join(GOLDEN, page.name.replace(/\.txt$/, ".json"));
    if (update) writeFileSync(path, got);
    assert.equal(
      got,
      readFileSync(path, "utf8"),
      `${path} differs: run UPDATE_GOLDEN=1 npx tsx scripts/run-tests.ts docgen`,
    );
  });
}

test("drift: regenerating specs/*.openapi.json from specs/sources (with overlays) changes no byte", async () => {
  const docs = await generateFromFiles(sourcePages().map((p) => p.path));
  assert.deepEqual(
    docs.map((d) => d.product),
    ["live", "sls"],
  );
  for (const d of docs) {
    const path = `specs/${d.product}.openapi.json`;
    assert.equal(renderDocument(d.document), readFileSync(path, "utf8"), `${path} is stale: run npm run gen:specs`);
  }
});

test("output is deterministic whatever order the pages come in", () => {
  const pages = sourcePages().map((p) => ({ name: p.name, text: p.text }));
  const a = generateDocuments(pages).map((d) => renderDocument(d.document));
  const b = generateDocuments([...pages].reverse()).map((d) => renderDocument(d.document));
  assert.deepEqual(a, b);
  assert.ok(
    a.every((t) => !/\d{4}-\d\d-\d\dT\d\d:\d\d/.test(t)),
    "no timestamps in the output",
  );
});
