import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { dig, keysAt, type ParamView } from "./helpers.ts";

// Spawns the real command line (bin/specgate.js registers tsx, then runs src/cli.ts's main).
function specgate(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["bin/specgate.js", "docgen", ...args], { encoding: "utf8", timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("CLI: one page → one JSON document on stdout (overlay merged), exit 0", () => {
  const r = specgate("specs/sources/live-ListEventSubEvent.txt");
  assert.equal(r.status, 0, r.stderr);
  const doc: unknown = JSON.parse(r.stdout);
  const op = dig(doc, "paths", "/?Action=ListEventSubEvent", "get");
  const params = dig(op, "parameters") as ParamView[];
  assert.equal(params.length, 6);
  const pageSize = params.find((p) => p.name === "PageSize");
  assert.deepEqual([pageSize?.schema.minimum, pageSize?.schema.maximum], [1, 100]);
  const logs = keysAt(
    op,
    "responses",
    "200",
    "content",
    "application/json",
    "schema",
    "properties",
    "Logs",
    "items",
    "properties",
  );
  assert.equal(logs.length, 8);
  for (const s of ["400", "403", "404", "500"]) assert.ok(dig(op, "responses", s), `response ${s}`);
  const codes = (dig(op, "x-error-codes") as { code: string }[]).map((e) => e.code);
  for (const c of ["InputInvalid", "NoAuth", "ResourceNotExist", "ServerError"]) assert.ok(codes.includes(c), c);
  assert.equal(dig(op, "x-qps-limit"), 50);
});

test("CLI: --out writes one file per product; several pages without --out is a usage error", () => {
  const dir = mkdtempSync(join(tmpdir(), "docgen-"));
  try {
    const pages = readdirSync("specs/sources").map((f) => join("specs/sources", f));
    const r = specgate(...pages, "--out", dir);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(readdirSync(dir).sort(), ["live.openapi.json", "sls.openapi.json"]);
    assert.equal(readFileSync(join(dir, "sls.openapi.json"), "utf8"), readFileSync("specs/sls.openapi.json", "utf8"));
    const u = specgate(...pages);
    assert.equal(u.status, 2);
    assert.match(u.stderr, /--out/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("CLI: missing file → exit 2 naming it; bad page → exit 1 naming page and line; --lenient → warnings, exit 0", () => {
  const missing = specgate("specs/sources/nope-Nothing.txt");
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /nope-Nothing\.txt/);
  assert.equal(missing.stderr.trim().split("\n").length, 1);
  const bad = specgate("test/docgen/fixtures/pages/sls-NoSyntax.txt");
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /sls-NoSyntax\.txt:4: .*Request syntax.*fix:/);
  assert.equal(bad.stdout, "");
  const lenient = specgate("test/docgen/fixtures/pages/sls-TruncatedJson.txt", "--lenient");
  assert.equal(lenient.status, 0, lenient.stderr);
  assert.match(lenient.stderr, /warning: sls-TruncatedJson\.txt:20:/);
  assert.equal((dig(JSON.parse(lenient.stdout), "x-docgen-warnings") as unknown[]).length, 1);
  const help = specgate("--help");
  assert.equal(help.status, 0);
  assert.match(help.stdout, /specgate docgen PAGE\.\.\. \[--out DIR\] \[--lenient\]/);
  const flag = specgate("--bogus");
  assert.equal(flag.status, 2);
});

test("CLI: an output file that cannot be written is exit 2 naming it, without a stack trace or a temp file left", () => {
  const dir = mkdtempSync(join(tmpdir(), "docgen-"));
  try {
    mkdirSync(join(dir, "live.openapi.json")); // a directory where the file should go
    const r = specgate("specs/sources/live-ListEventSubEvent.txt", "--out", dir);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /cannot write .*live\.openapi\.json \(EISDIR\); pass an --out directory/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
    assert.deepEqual(readdirSync(dir), ["live.openapi.json"], "no .tmp file left behind");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("CLI: a page under another name with --product reads; bad --product/--version values are one usage line", () => {
  const dir = mkdtempSync(join(tmpdir(), "specgate-docgen-"));
  try {
    const page = join(dir, "saved from the browser.txt");
    writeFileSync(page, readFileSync("test/docgen/corpus/pages/vpc-DescribeRegions.txt"));
    const none = specgate(page);
    assert.equal(none.status, 1);
    assert.equal(none.stderr.trim().split("\n").length, 1, none.stderr);
    assert.match(none.stderr, /saved from the browser\.txt:1: cannot tell which product.*\(fix: pass --product ID/);
    const ok = specgate(page, "--product", "vpc");
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(dig(JSON.parse(ok.stdout), "x-product", "version"), "2016-04-28");
    for (const bad of [
      ["--product", "VPC!"],
      ["--version", "2016/04/28"],
    ]) {
      const r = specgate(page, ...bad);
      assert.equal(r.status, 2, r.stderr);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("CLI: --lenient leaves out a page whose product cannot be told and writes the others; strict writes nothing", () => {
  const dir = mkdtempSync(join(tmpdir(), "docgen-"));
  try {
    // The VPC excerpt names no product (test/docgen/any-page.test.ts); saved under a plain name it cannot be placed.
    writeFileSync(join(dir, "regions.txt"), readFileSync("test/docgen/corpus/pages/vpc-DescribeRegions.txt"));
    const pages = [join(dir, "regions.txt"), "specs/sources/live-ListEventSubEvent.txt"];
    const out = join(dir, "out");
    const strict = specgate(...pages, "--out", out);
    assert.equal(strict.status, 1, strict.stderr);
    assert.match(strict.stderr, /regions\.txt:1: cannot tell which product/);
    assert.deepEqual(readdirSync(dir).sort(), ["regions.txt"], "strict wrote something");
    const lenient = specgate(...pages, "--out", out, "--lenient");
    assert.equal(lenient.status, 0, lenient.stderr);
    assert.match(
      lenient.stderr,
      /warning: regions\.txt:1: cannot tell which product .*\(fix: pass --product ID.*\); the page is left out/,
    );
    assert.deepEqual(readdirSync(out), ["live.openapi.json"]);
    // Alone, the page leaves nothing to write: still the error.
    const alone = specgate(pages[0] as string, "--lenient");
    assert.equal(alone.status, 1);
    assert.match(alone.stderr, /regions\.txt:1: cannot tell which product/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
