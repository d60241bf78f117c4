/**
 * Acceptance of `specgate contract` (issue "Contract suite"): it passes against the mock and writes
 * junit.xml and contract-results.json; against a mock with the `contract-drift` fault it fails, naming the
 * operation and the JSON pointer of each violation. Both mocks run in this process on port 0; the command
 * runs as a child process, as a user would run it. SPECGATE_CONTRACT_CASES lowers the positive count for
 * speed here only (negatives and flows are all kept), and the drift run is narrowed with --grep; the
 * default run does ≥ 20 cases per operation.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type RunningMock, startMock } from "../../src/mock/create-mock-server.ts";
import { parseFaults } from "../../src/mock/faults.ts";
import { readContractSection, runContractCommand } from "./run-contract-command.ts";

const runCommand = (args: string[]) => runContractCommand(args);

describe("specgate contract", { concurrency: true }, () => {
  let healthy: RunningMock;
  let drifting: RunningMock;
  const dirs: string[] = [];
  const outDir = () => {
    const d = mkdtempSync(join(tmpdir(), "specgate-contract-"));
    dirs.push(d);
    return d;
  };

  before(async () => {
    healthy = await startMock({ port: 0 });
    drifting = await startMock({ port: 0, faults: parseFaults(["contract-drift"]) });
  });
  after(async () => {
    await healthy?.close();
    await drifting?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("passes against the mock, writing junit.xml, contract-results.json and the table", async () => {
    const out = outDir();
    const r = await runCommand(["--target", healthy.url, "--out", out, "--seed", "12345"]);
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /seed 12345 \(replay with --seed 12345/);
    assert.match(r.stdout, /live\s+ListEventSubEvent\s+\d+\/\d+\s+\d+\/\d+\s+1\/1\s+PASS/);
    assert.match(r.stdout, /sls\s+ConsumerGroupHeartBeat\s+.*PASS/);
    const junit = readFileSync(join(out, "junit.xml"), "utf8");
    assert.match(junit, /<testsuites[^>]* failures="0"/);
    // One test per operation and kind (8 operations × positive/negative) plus the two stateful flows.
    assert.equal((junit.match(/<testcase /g) ?? []).length, 18);
    const section = readContractSection(out);
    assert.equal(section.operations.length, 8);
    for (const op of section.operations) {
      assert.ok(op.negative.total >= 3 && op.positive.total >= 2, op.operationId);
      assert.equal(op.negative.passed, op.negative.total);
      assert.equal(op.positive.passed, op.positive.total);
    }
    assert.ok(existsSync(join(out, "playwright", "index.html")));
  });

  it("fails against a contract-drift mock, naming operation and JSON pointer of each violation", async () => {
    const out = outDir();
    // Playwright restarts a worker after each failed test; --grep keeps this run to four failing groups.
    const grep = "ListEventSubEvent: |ConsumerGroupHeartBeat: ";
    const r = await runCommand(["--target", drifting.url, "--out", out, "--seed", "12345", "--grep", grep]);
    assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /ListEventSubEvent response\.body at \/Count: Received "\d+" \/ Documented integer/);
    assert.match(
      r.stdout,
      /ConsumerGroupHeartBeat response\.body at \/0: Received \{"shard":\d+\} \/ Documented integer/,
    );
    assert.match(r.stdout, /live\s+ListEventSubEvent\s+.*FAIL/);
    const section = readContractSection(out);
    const live = section.operations.find((o) => o.operationId === "ListEventSubEvent");
    const violation = live?.cases.flatMap((c) => c.violations).find((v) => v.jsonPointer === "/Count");
    assert.deepEqual(violation && [violation.operationId, violation.check, violation.expected], [
      "ListEventSubEvent",
      "response.body",
      "integer",
    ]);
    assert.match(readFileSync(join(out, "junit.xml"), "utf8"), /<failure message="[^"]*contract cases failed/);
  });

  it("refuses bad options with exit 2 and a message naming the fix", async () => {
    const bad = await runCommand(["--target", "ftp://x"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--target URL must use http or https/);
    const seed = await runCommand(["--seed", "abc"]);
    assert.equal(seed.code, 2);
    assert.match(seed.stderr, /--seed must be an integer/);
    const unknown = await runCommand(["--targte", "mock"]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown option '--targte'; see specgate contract --help/);
    const missing = await runCommand(["--out"]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--out <value>' argument missing/);
  });

  it("--target real without credentials names the missing variables of every product in use", async () => {
    const r = await new Promise<{ code: number; stderr: string }>((done) => {
      const env: Record<string, string | undefined> = { ...process.env };
      for (const k of Object.keys(env)) if (k.startsWith("ALIBABA_CLOUD_") || k.startsWith("SPECGATE_")) delete env[k];
      const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "contract", "--target", "real"], {
        env,
        stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (d) => {
        stderr += d;
      });
      child.on("exit", (code) => done({ code: code ?? -1, stderr }));
    });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET/);
    for (const name of [
      "SPECGATE_LIVE_APP_ID",
      "SPECGATE_SLS_ENDPOINT",
      "SPECGATE_SLS_PROJECT",
      "SPECGATE_SLS_LOGSTORE",
    ])
      assert.ok(r.stderr.includes(name), `${name} not named in: ${r.stderr}`);
    assert.match(r.stderr, /live\.appId, sls\.endpoint, sls\.project, sls\.logstore in the --config file/);
  });
});
