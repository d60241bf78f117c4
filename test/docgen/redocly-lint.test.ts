/**
 * Issue 12: the specs docgen writes pass `redocly lint` (recommended rules, redocly.yaml's two exceptions), for a
 * user's new page of a product specgate has no module for too, and the lint runs offline. `npm run lint:specs`
 * lints the committed specs/ in `npm test`; this file lints what docgen makes of corpus pages.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { lintSpecs, splitJsonValues } from "../../scripts/lint-specs.ts";
import { generateFromFiles } from "../../src/docgen/generate-files.ts";
import { buildExtendedSpecs } from "../mock/extended-specs.ts";

const CORPUS = "test/docgen/corpus/pages";
const dir = mkdtempSync(join(tmpdir(), "specgate-redocly-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** docgen over one corpus page, as a user runs it (no overlay); returns the spec file written. */
async function specOf(page: string, lenient: boolean): Promise<string> {
  const [doc, ...more] = await generateFromFiles([join(CORPUS, page)], { lenient, overlays: false });
  assert.ok(doc !== undefined && more.length === 0, page);
  const file = join(dir, `${page.replace(/\.txt$/, "")}.openapi.json`);
  writeFileSync(file, JSON.stringify(doc.document, null, 2));
  return file;
}

describe("redocly lint of docgen's output", { timeout: 120_000 }, () => {
  it("passes for new pages of products specgate has no module for (VPC RPC, FC ROA), offline", async () => {
    const files = [
      await specOf("vpc-DescribeRegions.txt", false),
      await specOf("vpc-CreateVpc.txt", true),
      await specOf("fc-GetFunction.txt", true),
    ];
    const r = lintSpecs(files);
    assert.deepEqual(r.refused, [], "no connection beyond loopback");
    assert.equal(r.errors, 0, r.problems.join("\n"));
    const fc = JSON.parse(readFileSync(files[2] as string, "utf8"));
    assert.deepEqual(fc.security, [{ "acs3-hmac-sha256": [] }], "a generic ROA product signs with V3 only");
  });

  it("passes for the issue's three products (committed pages + ListShards, DescribeLiveStreamsOnlineList, VPC)", async () => {
    const ext = await buildExtendedSpecs();
    try {
      const ids = [...ext.specs.products.keys()];
      assert.deepEqual(ids, ["live", "sls", "vpc"]);
      const r = lintSpecs(ids.map((id) => join(ext.dir, `${id}.openapi.json`)));
      assert.deepEqual(r.refused, []);
      assert.equal(r.errors, 0, r.problems.join("\n"));
    } finally {
      ext.cleanup();
    }
  });

  it("fails a spec without security, and a path key whose query is not a literal name=value", () => {
    const spec = JSON.parse(readFileSync("specs/live.openapi.json", "utf8"));
    delete spec.security;
    spec.paths["/?Action=ListEventSubEvent&{flag}"] = spec.paths["/?Action=ListEventSubEvent"];
    delete spec.paths["/?Action=ListEventSubEvent"];
    const file = join(dir, "broken.openapi.json");
    writeFileSync(file, JSON.stringify(spec, null, 2));
    const r = lintSpecs([file]);
    assert.ok(r.errors >= 2, r.problems.join("\n"));
    assert.ok(r.problems.some((p) => p.includes(" error security-defined: ")));
    assert.ok(r.problems.some((p) => p.includes(" error rule/path-query-only-selects-the-operation: ")));
  });
});

describe("the lint's helpers", () => {
  it("splits the reports redocly prints one after another, braces inside strings included", () => {
    const a = { totals: { errors: 1 }, problems: [{ message: 'a "}{" b \\ c' }] };
    const b = { totals: { errors: 0 }, problems: [] };
    assert.deepEqual(splitJsonValues(`${JSON.stringify(a, null, 2)}${JSON.stringify(b)}\n`), [a, b]);
  });

  it("the offline guard refuses and records a connection beyond loopback, before any lookup", () => {
    const log = join(dir, "refused.txt");
    // 0.0.0.0 is not loopback by the guard's rule, yet never leaves this machine should the guard fail.
    const script =
      'fetch("http://0.0.0.0:2/").then(() => console.log("reached"), (e) => console.log("refused:", e.cause?.message ?? e.message))';
    const run = spawnSync(
      process.execPath,
      ["--import", pathToFileURL("scripts/offline-guard.mjs").href, "-e", script],
      { encoding: "utf8", env: { ...process.env, SPECGATE_OFFLINE_LOG: log } },
    );
    assert.match(run.stdout, /refused: offline run: refused a connection to 0\.0\.0\.0:2/, run.stderr);
    assert.equal(readFileSync(log, "utf8"), "0.0.0.0:2\n");
  });
});
