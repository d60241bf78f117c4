/**
 * Starts `specgate mock --port 0 [--fault …]` as a child process (the k6 shim blocks its own thread in
 * `Atomics.wait`, so the target must not share it) and resolves with its URL once it prints
 * `SPECGATE_MOCK_URL=…`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";

/** A running mock process. */
export interface MockProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, "../..");

/** Spawns the mock with `args` (e.g. `["--fault", "qps-limit=30"]`). */
export function spawnMock(args: string[] = []): Promise<MockProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "mock", "--port", "0", ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolvePromise, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      reject(new Error(`the mock did not start within 20 s: ${err}`));
    }, 20_000);
    child.stderr?.on("data", (d: Buffer) => {
      err += d.toString();
    });
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /SPECGATE_MOCK_URL=(\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolvePromise({
          url: m[1] as string,
          child,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once("exit", () => done());
              child.kill("SIGTERM");
            }),
        });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the mock exited with ${code}: ${err}`));
    });
  });
}
