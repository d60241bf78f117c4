import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { pickK6, resolveCommandTarget } from "../../src/commands/command-target.ts";
import { UsageError } from "../../src/core/usage-error.ts";

test("pickK6: node never uses k6, an unknown engine and --engine k6 without k6 are usage errors", () => {
  assert.equal(pickK6("node"), undefined);
  assert.throws(
    () => pickK6("jmeter"),
    (e: unknown) => e instanceof UsageError && /auto, node or k6/.test(e.message),
  );
  const saved = process.env.PATH;
  process.env.PATH = "/nonexistent";
  try {
    assert.equal(pickK6("auto"), undefined);
    assert.throws(
      () => pickK6("k6"),
      (e: unknown) => e instanceof UsageError && /no k6 on PATH/.test(e.message),
    );
  } finally {
    process.env.PATH = saved;
  }
});

test("resolveCommandTarget: the flag wins, a bad URL is a usage error", () => {
  assert.equal(resolveCommandTarget({ target: "http://127.0.0.1:9/" }).kind, "url");
  assert.throws(() => resolveCommandTarget({ target: "ftp://x" }), UsageError);
});

test("gate: a missing baseline fails at once with exit 2 and one line naming the file", () => {
  const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli.ts", "gate", "--baseline", "no/such.json"], {
    encoding: "utf8",
    timeout: 30_000,
  });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--baseline no\/such\.json does not exist/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
});
