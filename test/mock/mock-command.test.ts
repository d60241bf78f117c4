/** `specgate mock` as a user runs it: prints the URL line, serves, stops cleanly on SIGTERM; bad flags exit 2. */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

const BIN = join(import.meta.dirname, "../../bin/specgate.js");

test("prints SPECGATE_MOCK_URL and the test credentials, serves health, exits 0 on SIGTERM", async () => {
  const dir = mkdtempSync(join(tmpdir(), "specgate-mock-"));
  const config = join(dir, "mock.yaml");
  writeFileSync(config, "accounts:\n  - accessKeyId: user-key\n    accessKeySecret: user-secret-do-not-print\n");
  const child = spawn(process.execPath, [BIN, "mock", "--port", "0", "--config", config, "--fault", "latency=1"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL line within 15 s: ${stdout}`)), 15_000);
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      const m = /^SPECGATE_MOCK_URL=(http:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout);
      if (m?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on("exit", (code) => reject(new Error(`exited early with ${code}: ${stdout}`)));
  });
  const health = await fetch(`${url}/_specgate/health`);
  assert.equal(health.status, 200);
  assert.deepEqual(((await health.json()) as { faults: string[] }).faults, ["latency=1"]);
  assert.match(stdout, /AccessKeyId specgate-test-id, AccessKeySecret specgate-test-secret/);
  assert.match(stdout, /user-key \(secrets not shown\)/);
  assert.ok(!stdout.includes("user-secret-do-not-print"), "a user's secret is never printed");
  assert.match(stdout, /\/etc\/hosts/);
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  child.kill("SIGTERM");
  assert.equal(await exit, 0);
  assert.match(stdout, /stopped/);
});

for (const [args, pattern] of [
  [["--fault", "bogus"], /unknown fault 'bogus'.*Valid faults: latency=MS/],
  [["--fault", "error-rate=2"], /probability from 0 to 1/],
  [["--port", "http"], /--port "http" is not a port number/],
  [["--config", "/no/such/file.yaml"], /--config \/no\/such\/file\.yaml: cannot read it/],
  [["--nope"], /Unknown option '--nope'/],
] as const) {
  test(`specgate mock ${args.join(" ")} exits 2 naming the problem`, () => {
    const r = spawnSync(process.execPath, [BIN, "mock", ...args], { encoding: "utf8", timeout: 15_000 });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, pattern);
    assert.ok(!r.stderr.includes("    at "), "no stack trace");
  });
}
