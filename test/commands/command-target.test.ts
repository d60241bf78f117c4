import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { parseTargetConfig } from "../../src/client/target.ts";
import { readTolerances } from "../../src/commands/baseline-tolerances.ts";
import { pickK6, readConfigFlag, resolveCommandTarget } from "../../src/commands/command-target.ts";
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
  const config = parseTargetConfig("target: http://127.0.0.1:8/\n", "c.yaml");
  assert.equal(resolveCommandTarget({ config }).baseUrl, "http://127.0.0.1:8", "the config's target");
  assert.equal(resolveCommandTarget({ target: "mock", config }).kind, "mock", "the flag over the config");
});

test("readConfigFlag: no flag is no config; an unreadable file is one usage error naming it", () => {
  assert.equal(readConfigFlag(undefined), undefined);
  assert.throws(
    () => readConfigFlag("no/such-config.yaml"),
    (e: unknown) => e instanceof UsageError && /no\/such-config\.yaml/.test(e.message),
  );
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

test("gate: baseline tolerances are parsed as in specgate report, and refused without --baseline or when not a percentage", () => {
  const gate = (...args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", "src/cli.ts", "gate", ...args], {
      encoding: "utf8",
      timeout: 30_000,
    });
  const alone = gate("--p95-tolerance", "10");
  assert.equal(alone.status, 2);
  assert.match(alone.stderr, /tolerance flags need --baseline FILE/);
  const bad = gate("--baseline", "no/such.json", "--admitted-tolerance=-3");
  assert.equal(bad.status, 2);
  assert.match(
    bad.stderr,
    /--admitted-tolerance must be a percentage ≥ 0 \(e\.g\. --admitted-tolerance 15\), got '-3'/,
  );
  assert.match(gate("--help").stdout, /--eviction-tolerance PCT/);
});

test("readTolerances: only the given tolerances, as numbers", () => {
  assert.deepEqual(readTolerances({ "p95-tolerance": "12.5", "eviction-tolerance": "0" }, "base.json"), {
    p95LatencyPct: 12.5,
    evictionLatencyPct: 0,
  });
  assert.deepEqual(readTolerances({}, undefined), {});
});
