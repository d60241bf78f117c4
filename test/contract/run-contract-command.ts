/**
 * Runs `specgate contract …` as a child process, as a user would, with SPECGATE_CONTRACT_CASES lowering the
 * positive count for speed (negatives and flows are all kept) and no target or CI from the caller's environment.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ContractSection } from "../../src/report/run-summary.ts";

/** What the command printed and its exit code (-1 when it was killed after `timeoutMs`). */
export interface CommandRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runContractCommand(args: string[], timeoutMs = 90_000): Promise<CommandRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "contract", ...args], {
      env: { ...process.env, SPECGATE_CONTRACT_CASES: "4", SPECGATE_TARGET: "", CI: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", fail);
    child.on("exit", (code) => {
      clearTimeout(timer);
      done({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** The `contract-results.json` a run wrote into `out` (the summary's contract section). */
export function readContractSection(out: string): ContractSection {
  return JSON.parse(readFileSync(join(out, "contract-results.json"), "utf8")) as ContractSection;
}
