/** `specgate mock` as a user runs it: prints the URL line, serves, stops cleanly on SIGTERM; bad flags exit 2. */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { generateFromFiles } from "../../src/docgen/generate-files.ts";

const BIN = join(import.meta.dirname, "../../bin/specgate.js");

/** Spawns `specgate mock ARGS` and waits for its URL line. */
async function spawnMock(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const child = spawn(process.execPath, [BIN, "mock", ...args], { stdio: ["ignore", "pipe", "pipe"], env });
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
  return { child, url, stdout: () => stdout };
}

async function stop(child: ReturnType<typeof spawn>): Promise<number | null> {
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  child.kill("SIGTERM");
  return exit;
}

test("prints SPECGATE_MOCK_URL and the test credentials, serves health, exits 0 on SIGTERM", async () => {
  const dir = mkdtempSync(join(tmpdir(), "specgate-mock-"));
  const config = join(dir, "mock.yaml");
  writeFileSync(config, "accounts:\n  - accessKeyId: user-key\n    accessKeySecret: user-secret-do-not-print\n");
  const { child, url, stdout: output } = await spawnMock(["--port", "0", "--config", config, "--fault", "latency=1"]);
  const health = await fetch(`${url}/_specgate/health`);
  assert.equal(health.status, 200);
  assert.deepEqual(((await health.json()) as { faults: string[] }).faults, ["latency=1"]);
  let stdout = output();
  assert.match(stdout, /AccessKeyId specgate-test-id, AccessKeySecret specgate-test-secret/);
  assert.match(stdout, /user-key \(secrets not shown\)/);
  assert.ok(!stdout.includes("user-secret-do-not-print"), "a user's secret is never printed");
  assert.match(stdout, /\/etc\/hosts/);
  assert.ok(!stdout.includes("SPECGATE_ADMIN_TOKEN"), "no token unless asked for");
  assert.equal(await stop(child), 0);
  stdout = output();
  assert.match(stdout, /stopped/);
});

test("--admin-token prints a random token the admin API then requires, but for health", async () => {
  const env = { ...process.env };
  delete env.SPECGATE_ADMIN_TOKEN;
  const { child, url, stdout } = await spawnMock(["--port", "0", "--admin-token"], env);
  try {
    const token = /^SPECGATE_ADMIN_TOKEN=([0-9a-f]{32})$/m.exec(stdout())?.[1];
    assert.ok(token !== undefined, stdout());
    assert.equal((await fetch(`${url}/_specgate/health`)).status, 200);
    assert.equal((await fetch(`${url}/_specgate/events`)).status, 401);
    const ok = await fetch(`${url}/_specgate/events`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(ok.status, 200);
  } finally {
    assert.equal(await stop(child), 0);
  }
});

for (const [args, pattern] of [
  [["--fault", "bogus"], /unknown fault 'bogus'.*Valid faults: latency=MS/],
  [["--fault", "error-rate=2"], /probability from 0 to 1/],
  [["--port", "http"], /--port "http" is not a port number/],
  [["--config", "/no/such/file.yaml"], /--config \/no\/such\/file\.yaml: cannot read it/],
  [["--specs", "/no/such/dir"], /\/no\/such\/dir cannot be read \(ENOENT\)/],
  [["--nope"], /Unknown option '--nope'/],
] as const) {
  test(`specgate mock ${args.join(" ")} exits 2 naming the problem`, () => {
    const r = spawnSync(process.execPath, [BIN, "mock", ...args], { encoding: "utf8", timeout: 15_000 });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, pattern);
    assert.ok(!r.stderr.includes("    at "), "no stack trace");
  });
}

test("--specs DIR (or SPECGATE_SPECS) serves the products of DIR and says which; --help names the option", async () => {
  const dir = mkdtempSync(join(tmpdir(), "specgate-mock-specs-"));
  const [vpc] = await generateFromFiles(["test/docgen/corpus/pages/vpc-DescribeRegions.txt"], { overlays: false });
  writeFileSync(join(dir, "vpc.openapi.json"), JSON.stringify(vpc?.document));
  for (const [args, env] of [
    [["--specs", dir], process.env],
    [[], { ...process.env, SPECGATE_SPECS: dir }],
  ] as const) {
    const { child, url, stdout } = await spawnMock(["--port", "0", ...args], env);
    try {
      assert.match(stdout(), /serving .*: vpc \(RPC, 1 operation\)\n/);
      assert.ok(!/SLS|Live/.test(stdout()), `no SLS or Live hints without their specs: ${stdout()}`);
      // Unsigned, so refused: by VPC, the only product, in its own error body.
      const res = await fetch(`${url}/?Action=DescribeRegions&Version=2016-04-28&Format=JSON`);
      const body = (await res.json()) as { Code?: string; HostId?: string };
      assert.deepEqual([res.status, body.HostId], [400, "vpc.aliyuncs.com"], JSON.stringify(body));
    } finally {
      assert.equal(await stop(child), 0);
    }
  }
  const help = spawnSync(process.execPath, [BIN, "mock", "--help"], { encoding: "utf8", timeout: 15_000 });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--specs DIR\s+the directory of the \*\.openapi\.json to serve/);
  assert.match(help.stdout, /product registry/);
});
