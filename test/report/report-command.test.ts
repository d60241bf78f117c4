import assert from "node:assert/strict";
import * as fsp from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { main } from "../../src/cli.ts";
import { run } from "../../src/commands/report.ts";
import { UsageError } from "../../src/core/usage-error.ts";
import type { RunSummary } from "../../src/report/run-summary.ts";
import { buildFixtureSummary } from "./fixture-summary.ts";
import { withTempDir } from "./temp-dir.ts";

async function writeJson(path: string, value: unknown): Promise<string> {
  await fsp.writeFile(path, typeof value === "string" ? value : JSON.stringify(value));
  return path;
}

/** Asserts `args` fails with one UsageError whose message matches every pattern. */
async function assertUsageError(args: string[], ...patterns: RegExp[]): Promise<void> {
  await assert.rejects(run(args), (err: Error) => {
    assert.ok(err instanceof UsageError, `${err.name}: ${err.message}`);
    for (const p of patterns) assert.match(err.message, p);
    return true;
  });
}

test("re-renders the four reports from a summary.json into --out", async (t) => {
  t.mock.method(console, "log", () => {});
  await withTempDir("specgate-report-cmd-", async (dir) => {
    const file = await writeJson(join(dir, "in.json"), buildFixtureSummary());
    assert.equal(await run([file, "--out", join(dir, "out")]), 0);
    assert.deepEqual((await fsp.readdir(join(dir, "out"))).sort(), [
      "index.html",
      "junit.xml",
      "summary.json",
      "summary.md",
    ]);
  });
});

test("--baseline adds the comparison; a regression turns a passed run into failed", async (t) => {
  t.mock.method(console, "log", () => {});
  await withTempDir("specgate-report-cmd-", async (dir) => {
    const { baseline: _b, ...current } = { ...buildFixtureSummary(), verdict: "passed" as const, exitCode: 0 };
    const before = buildFixtureSummary();
    delete before.baseline;
    const p95 = before.load?.scenarios[1]?.metrics.http_req_duration;
    assert.ok(p95);
    p95.values["p(95)"] = 10; // now 15.4: +54 %
    const file = await writeJson(join(dir, "now.json"), current);
    const base = await writeJson(join(dir, "before.json"), before);
    assert.equal(await run([file, "--out", join(dir, "out"), "--baseline", base, "--eviction-tolerance", "50"]), 0);
    const written = JSON.parse(await fsp.readFile(join(dir, "out", "summary.json"), "utf8")) as RunSummary;
    assert.equal(written.verdict, "failed");
    assert.equal(written.exitCode, 1);
    assert.equal(written.baseline?.file, base);
    assert.equal(written.baseline?.tolerances.evictionLatencyPct, 50);
    assert.ok(written.baseline?.comparisons.some((c) => c.metric === "p95_latency_ms" && c.regression));
    assert.match(await fsp.readFile(join(dir, "out", "summary.md"), "utf8"), /### Baseline: ❌ 1 regression/);
  });
});

test("a missing file, a directory, invalid JSON or a schema mismatch: one UsageError naming the file", async () => {
  await withTempDir("specgate-report-cmd-", async (dir) => {
    const missing = join(dir, "nope.json");
    await assertUsageError([missing], new RegExp(`^summary ${missing} does not exist`));
    await assertUsageError([dir], /is a directory/);
    const broken = await writeJson(join(dir, "broken.json"), '{"schemaVersion": 1,');
    await assertUsageError([broken], /broken\.json is not valid JSON/);
    const wrong = await writeJson(join(dir, "wrong.json"), { ...buildFixtureSummary(), verdict: "green" });
    await assertUsageError(
      [wrong],
      /wrong\.json is not a specgate run summary/,
      /\/verdict: must be one of passed, failed, interrupted/,
    );
    const good = await writeJson(join(dir, "good.json"), buildFixtureSummary());
    await assertUsageError([good, "--baseline", broken], /broken\.json is not valid JSON/);
    await assertUsageError([good, "--baseline", missing], /^baseline .*nope\.json does not exist/);
  });
});

test("bad command lines are usage errors", async () => {
  await assertUsageError([], /missing SUMMARY\.json/);
  await assertUsageError(["a.json", "b.json"], /expected one SUMMARY\.json, got 2/);
  await assertUsageError(["a.json", "--colour"], /Unknown option '--colour'.*specgate report --help/);
  await assertUsageError(
    ["a.json", "--baseline", "b.json", "--p95-tolerance=-3"],
    /--p95-tolerance must be a percentage ≥ 0/,
  );
  await assertUsageError(["a.json", "--baseline", "b.json", "--admitted-tolerance", "lots"], /got 'lots'/);
  await assertUsageError(["a.json", "--p95-tolerance", "-3"], /^[^\n]*argument is ambiguous[^\n]*$/);
  await assertUsageError(["a.json", "--p95-tolerance", "10"], /tolerance flags need --baseline/);
});

test("through the CLI: exit 2 and one line on stderr, no stack trace", async (t) => {
  const errors: string[] = [];
  t.mock.method(console, "error", (line: string) => errors.push(line));
  assert.equal(await main(["report", "/definitely/not/here.json"]), 2);
  assert.deepEqual(errors, [
    "specgate report: summary /definitely/not/here.json does not exist; pass the summary.json a specgate run wrote",
  ]);
});
