// The gate end to end as a user runs it: a real child process, a real mock, a real Ctrl-C (SIGINT).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import { test } from "node:test";

function portIsClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}

/** The k6 stand-in (test/load/fixtures/bin/k6), which stops on SIGINT as k6 does. */
const K6_SHIM_BIN = resolve(import.meta.dirname, "../load/fixtures/bin");

for (const engine of ["node", "k6"] as const)
  test(`Ctrl-C during a gate on ${engine}: exit 130, all four reports written with an interrupted verdict, mock shut down, nothing "crashed"`, async () => {
    const out = await mkdtemp(join(tmpdir(), "specgate-gate-"));
    try {
      const child = spawn(
        process.execPath,
        ["--import", "tsx", "src/cli.ts", "gate", "--engine", engine, "--out", out],
        {
          stdio: ["ignore", "pipe", "pipe"],
          env: { ...process.env, CI: "true", PATH: `${K6_SHIM_BIN}${delimiter}${process.env.PATH ?? ""}` },
        },
      );
      let stdout = "";
      let port: number | undefined;
      let interrupted = false;
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
        port ??= Number(/target mock http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout)?.[1]) || undefined;
        // Interrupt in the middle of the first load scenario, once the earlier steps have produced results.
        if (!interrupted && stdout.includes("▶ load:heartbeat-eviction")) {
          interrupted = true;
          setTimeout(() => child.kill("SIGINT"), 1500);
        }
      });
      let stderr = "";
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
        stderr += chunk;
      });
      const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
      assert.ok(interrupted, `the gate never reached the load step; output:\n${stdout}`);
      assert.equal(code, 130, stdout);
      const files = (await readdir(out)).sort();
      for (const f of ["index.html", "junit.xml", "summary.json", "summary.md"])
        assert.ok(files.includes(f), files.join());
      assert.deepEqual(
        files.filter((f) => f.endsWith(".tmp")),
        [],
        "no temporary files left behind",
      );
      const summary = JSON.parse(await readFile(join(out, "summary.json"), "utf8"));
      assert.equal(summary.verdict, "interrupted");
      assert.equal(summary.exitCode, 130);
      const statuses = Object.fromEntries(
        summary.steps.map((s: { name: string; status: string }) => [s.name, s.status]),
      );
      assert.equal(statuses["spec-drift"], "passed");
      assert.equal(statuses.contract, "passed");
      assert.equal(statuses["load:heartbeat-eviction"], "interrupted");
      assert.equal(statuses["load:rate-limit"], "interrupted");
      const md = await readFile(join(out, "summary.md"), "utf8");
      assert.match(md, /INTERRUPTED/i);
      const evictionStep = summary.steps.find((s: { name: string }) => s.name === "load:heartbeat-eviction");
      assert.match(evictionStep.reason, /^interrupted \(Ctrl-C\)/);
      // Stopping k6 is not a crash, in what the gate printed nor in any report.
      for (const text of [stdout, stderr, md, JSON.stringify(summary), await readFile(join(out, "junit.xml"), "utf8")])
        assert.doesNotMatch(text, /crash/i);
      assert.ok(port !== undefined, "the gate printed its mock's address");
      assert.ok(await portIsClosed(port), `the mock on port ${port} is still listening`);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
