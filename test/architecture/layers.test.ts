// ARCHITECTURE.md's layer rules hold: every import of the repository fits its folder's row, and the document's
// tables are the ones the rules render. The checker itself is tested on temporary trees with planted imports.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { checkRuleTargets, type LayerViolation, matchesPackage } from "../../scripts/architecture/check-layers.ts";
import { checkRepository } from "../../scripts/architecture/check-repository.ts";
import { LAYERS, PACKAGES } from "../../scripts/architecture/layer-rules.ts";
import { renderLayerTables, spliceTables, tablesIn } from "../../scripts/architecture/layer-table.ts";

const lines = (violations: readonly LayerViolation[]): string[] =>
  violations.map((v) => `${v.file}:${v.line} ${v.message}`);

/** Writes `files` (path → text) into a new temporary tree, checks it with the repository's rules, removes it. */
async function checkTree(files: Record<string, string>): Promise<string[]> {
  const root = await mkdtemp(join(tmpdir(), "specgate-layers-"));
  try {
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), text);
    }
    return lines(checkRepository(root));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

test("every import and call in the repository keeps its folder's row of ARCHITECTURE.md", () => {
  assert.deepEqual(lines(checkRepository(".")), []);
});

test("every row names folders and files that exist", () => {
  assert.deepEqual(checkRuleTargets(LAYERS, PACKAGES, existsSync), []);
});

test("ARCHITECTURE.md holds the tables the rules render (npm run gen:architecture writes them)", () => {
  const document = readFileSync("ARCHITECTURE.md", "utf8");
  assert.ok(
    tablesIn(document) === renderLayerTables(),
    "ARCHITECTURE.md's layer tables differ from scripts/architecture/layer-rules.ts: run npm run gen:architecture",
  );
});

test("the generated tables replace only the text between the markers", () => {
  const document = readFileSync("ARCHITECTURE.md", "utf8");
  const stale = document.replace("| `src/core/` |", "| `src/old-core/` |");
  assert.notEqual(stale, document);
  assert.equal(spliceTables(stale, renderLayerTables()), spliceTables(document, renderLayerTables()));
  assert.throws(() => spliceTables("# no markers", renderLayerTables()), /lost its markers/);
});

test("a planted import of a layer the row does not allow fails, naming file, line and row", async () => {
  const found = await checkTree({
    "src/report/render-junit.ts": "export const renderJunit = (): string => '';\n",
    "src/core/clock.ts": "export const now = (): number => 0;\n",
    "src/engine/planted.ts": [
      'import { now } from "../core/clock.ts";',
      'import { renderJunit } from "../report/render-junit.ts";',
      "export const x = [now, renderJunit];",
    ].join("\n"),
  });
  assert.deepEqual(found, ["src/engine/planted.ts:2 imports src/report/render-junit.ts: src/engine/ may import core"]);
});

test("the same tree without the wrong import passes", async () => {
  const found = await checkTree({
    "src/report/render-junit.ts": "export const renderJunit = (): string => '';\n",
    "src/core/clock.ts": "export const now = (): number => 0;\n",
    "src/engine/planted.ts": 'import { now } from "../core/clock.ts";\nexport const x = now;\n',
  });
  assert.deepEqual(found, []);
});

test("types-only rows allow `import type` but not code, and re-exports and import() count as imports", async () => {
  const found = await checkTree({
    "src/openapi/compiled-spec.ts": "export interface CompiledSpec { id: string }\nexport const compile = 1;\n",
    "src/mock/create-mock-server.ts": "export const createMockServer = 1;\n",
    "src/mock/domain/typed.ts":
      'import type { CompiledSpec } from "../../openapi/compiled-spec.ts";\nexport type S = CompiledSpec;\n',
    "src/mock/domain/inline-type.ts":
      'import { type CompiledSpec } from "../../openapi/compiled-spec.ts";\nexport type S = CompiledSpec;\n',
    "src/mock/domain/code.ts": 'import { compile } from "../../openapi/compiled-spec.ts";\nexport const c = compile;\n',
    "src/engine/reexport.ts": 'export { compile } from "../openapi/compiled-spec.ts";\n',
    "src/engine/dynamic.ts": 'export const m = () => import("../mock/create-mock-server.ts");\n',
  });
  assert.deepEqual(found, [
    "src/engine/dynamic.ts:1 imports src/mock/create-mock-server.ts: src/engine/ may import core",
    "src/engine/reexport.ts:1 imports src/openapi/compiled-spec.ts: src/engine/ may import core",
    "src/mock/domain/code.ts:1 imports src/openapi/compiled-spec.ts: src/mock/domain/ may import core, types of openapi",
  ]);
});

test("product code importing tooling, a file no row owns, and a folder no row owns all fail", async () => {
  const found = await checkTree({
    "scripts/build-thing.ts": "export const build = 1;\n",
    "src/load-runner/run.ts": 'import { build } from "../../scripts/build-thing.ts";\nexport const b = build;\n',
    "src/gate/stray.ts": 'import data from "../../data/x.json" with { type: "json" };\nexport const d = data;\n',
    "src/newfolder/thing.ts": "export const t = 1;\n",
    "test/any.test.ts": 'import { build } from "../scripts/build-thing.ts";\nexport const b = build;\n',
  });
  assert.deepEqual(found, [
    "src/gate/stray.ts:1 imports data/x.json, which no layer owns: add it to a layer's row",
    "src/load-runner/run.ts:1 imports scripts/build-thing.ts: scripts is tooling, which product code never imports",
    "src/newfolder/thing.ts:1 belongs to no layer: add it to a layer's row",
  ]);
});

test("banned packages, packages kept to a few places, and timer calls fail outside their exceptions", async () => {
  const found = await checkTree({
    "src/signing/node-crypto.ts": 'import { createHmac } from "node:crypto";\nexport const h = createHmac;\n',
    "src/signing/sneaky.ts": 'import { createHash } from "crypto";\nexport const h = createHash;\n',
    "src/report/parse-run-summary.ts": 'import { Ajv2020 } from "ajv/dist/2020.js";\nexport const A = Ajv2020;\n',
    "src/report/second-compiler.ts": 'import { Ajv2020 } from "ajv/dist/2020.js";\nexport const A = Ajv2020;\n',
    "src/engine/types-only.ts": 'import type { ErrorObject } from "ajv";\nexport type E = ErrorObject;\n',
    "src/engine/required.ts": 'declare const require: (m: string) => unknown;\nexport const f = require("esbuild");\n',
    "src/mock/domain/deadline-timer.ts": "export const t = setTimeout(() => {}, 1);\n",
    "src/mock/domain/sleepy.ts": "export const t = () => setInterval(() => {}, 1);\n",
    "load/scenarios/k6-only.ts": 'import http from "k6/http";\nexport const h = http;\n',
  });
  const ajv = PACKAGES.find((p) => p.packages.includes("ajv"));
  const esbuild = PACKAGES.find((p) => p.packages.includes("esbuild"));
  assert.deepEqual(found, [
    "load/scenarios/k6-only.ts:1 imports k6/http: load/scenarios/ must not import k6",
    `src/engine/required.ts:2 imports esbuild, which only load-runner/build-k6-bundles.ts may: ${esbuild?.why}`,
    "src/mock/domain/sleepy.ts:1 calls setInterval: src/mock/domain/ must not (time comes from the injected clock)",
    `src/report/second-compiler.ts:1 imports ajv/dist/2020.js, which only openapi, mock/mock-config.ts, report/parse-run-summary.ts may: ${ajv?.why}`,
    "src/signing/sneaky.ts:1 imports crypto: src/signing/ must not import node:*",
  ]);
});

test("package patterns match node modules with or without the node: prefix, and packages by name", () => {
  assert.equal(matchesPackage("node:*", "node:fs/promises"), true);
  assert.equal(matchesPackage("node:*", "fs"), true);
  assert.equal(matchesPackage("node:*", "fastify"), false);
  assert.equal(matchesPackage("node:http", "node:http"), true);
  assert.equal(matchesPackage("node:http", "node:https"), false);
  assert.equal(matchesPackage("ajv", "ajv/dist/2020.js"), true);
  assert.equal(matchesPackage("ajv", "ajv-formats"), false);
  assert.equal(matchesPackage("@playwright/test", "@playwright/test/reporter"), true);
});
