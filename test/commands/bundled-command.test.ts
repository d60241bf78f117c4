// bin/bundled-command.js: the start-up bundle is rebuilt when a source's content changes, and only then. Runs the
// real file in a temporary root (its own node_modules/.cache) whose esbuild is the project's, each import in a
// fresh process (a process caches the modules it imported).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "node:test";

function makeRoot(): string {
  const root = mkdtempSync(join(tmpdir(), "specgate-bundle-"));
  mkdirSync(join(root, "bin"));
  mkdirSync(join(root, "src"));
  mkdirSync(join(root, "node_modules"));
  copyFileSync(resolve("bin/bundled-command.js"), join(root, "bin/bundled-command.js"));
  copyFileSync(resolve("tsconfig.json"), join(root, "tsconfig.json"));
  symlinkSync(resolve("node_modules/esbuild"), join(root, "node_modules/esbuild"));
  writeFileSync(join(root, "src/value.ts"), 'export const value: string = "one";\n');
  writeFileSync(join(root, "src/entry.ts"), 'export { value } from "./value.ts";\n');
  return root;
}

/** Imports the entry's bundle in a fresh process; its `value`. */
function importedValue(root: string): string {
  const script = `const { importBundled } = await import(${JSON.stringify(join(root, "bin/bundled-command.js"))});
const m = await importBundled("src/entry.ts"); console.log(m === undefined ? "NO BUNDLE" : m.value);`;
  return execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }).trim();
}

const bundleOf = (root: string) => join(root, "node_modules/.cache/specgate/src-entry.mjs");

test("bundled command: an edit of the same size is seen, a touch without an edit rebuilds nothing", () => {
  const root = makeRoot();
  try {
    assert.equal(importedValue(root), "one");
    const built = statSync(bundleOf(root)).mtimeMs;
    // Same size, new content: the size and mtime check alone would not be enough if mtime were ignored.
    writeFileSync(join(root, "src/value.ts"), 'export const value: string = "two";\n');
    assert.equal(importedValue(root), "two");
    const rebuilt = statSync(bundleOf(root)).mtimeMs;
    assert.notEqual(rebuilt, built);
    // The same content written again (a checkout, a copy): the hash matches, the bundle stays.
    writeFileSync(join(root, "src/value.ts"), readFileSync(join(root, "src/value.ts")));
    assert.equal(importedValue(root), "two");
    assert.equal(statSync(bundleOf(root)).mtimeMs, rebuilt);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
