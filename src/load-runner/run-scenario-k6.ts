/**
 * Runs a scenario on real k6: finds `k6` on PATH, bundles the entry points (`npm run build:k6`), runs
 * `k6 run --log-format json -e SPECGATE_TARGET=… load/dist/<scenario>.js`, and converts what the script's
 * handleSummary wrote (`<outDir>/load-<scenario>.json`, an EngineResult) into the same load scenario entry
 * the built-in engine produces. Credentials reach k6 through its environment (k6 exposes the system
 * environment as `__ENV`), never on its command line, where other users could read them.
 */
import { spawn } from "node:child_process";
import { accessSync, constants, mkdirSync, readFileSync, rmSync } from "node:fs";
import { delimiter, join } from "node:path";
import {
  type EvictionOptions,
  type EvictionRoundReport,
  HEARTBEAT_EVICTION,
  resolveEvictionOptions,
} from "../../load/scenarios/heartbeat-eviction.ts";
import { planRateLimit } from "../../load/scenarios/rate-limit.ts";
import { buildK6Bundles } from "../../scripts/build-k6.ts";
import { exportTargetEnv, type Target } from "../client/target.ts";
import type { EngineResult } from "../engine/engine-result.ts";
import { type LoadedSpecs, loadSpecs } from "../openapi/load-specs.ts";
import {
  type LoadScenarioName,
  rateLimitOptionsFor,
  type ScenarioRunOutcome,
  wrapOptionError,
} from "./run-scenario-node.ts";
import { toEvictionOutcome, toRateLimitOutcome } from "./to-load-result.ts";

/** The console marker the heartbeat-eviction script prints once per round. */
export const EVICTION_MARKER = "SPECGATE_EVICTION ";

/** The first executable `k6` on `PATH`, or undefined. */
export function findK6(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    const file = join(dir, process.platform === "win32" ? "k6.exe" : "k6");
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Options of {@link runScenarioK6}. */
export interface RunScenarioK6Options {
  scenario: LoadScenarioName;
  target: Target;
  k6Path: string;
  options?: Record<string, unknown>;
  allowOverload?: boolean;
  outDir?: string;
  specs?: LoadedSpecs;
  /** Receives k6's own output lines (stdout text summary, log lines), for the terminal. */
  onOutput?: (line: string) => void;
}

/** Reads the per-round reports out of k6's JSON log lines (`--log-format json`) or plain text lines. */
export function parseEvictionLines(lines: readonly string[]): EvictionRoundReport[] {
  const out: EvictionRoundReport[] = [];
  for (const line of lines) {
    let msg = line;
    try {
      const parsed = JSON.parse(line) as { msg?: unknown };
      if (typeof parsed.msg === "string") msg = parsed.msg;
    } catch {
      // a plain line
    }
    const at = msg.indexOf(EVICTION_MARKER);
    if (at < 0) continue;
    try {
      out.push(JSON.parse(msg.slice(at + EVICTION_MARKER.length)) as EvictionRoundReport);
    } catch {
      // a truncated line: that round is missing from the list, its metrics still count
    }
  }
  return out;
}

function k6Env(o: RunScenarioK6Options, outDir: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  Object.assign(env, exportTargetEnv(o.target), {
    SPECGATE_REPORT_DIR: outDir,
    SPECGATE_LOAD_OPTIONS: JSON.stringify(o.options ?? {}),
  });
  if (o.allowOverload) env.SPECGATE_ALLOW_OVERLOAD = "1";
  return env;
}

/** k6 ran but gave no result to judge (crashed, refused the script, wrote no summary): not a test verdict. */
export class K6RunError extends Error {
  override name = "K6RunError";
}

/** Runs the scenario on k6 and converts its result. */
export async function runScenarioK6(o: RunScenarioK6Options): Promise<ScenarioRunOutcome> {
  const outDir = o.outDir ?? "reports";
  const targetArg = o.target.kind === "real" ? "real" : o.target.baseUrl;
  if (targetArg === undefined) throw new Error("the target has no address; start the mock first");
  // Validate the options the same way the script will, so mistakes are usage errors, not k6 crashes.
  const specs = o.specs ?? loadSpecs();
  let eviction: EvictionOptions | undefined;
  let rate: ReturnType<typeof rateLimitOptionsFor> | undefined;
  if (o.scenario === HEARTBEAT_EVICTION)
    eviction = wrapOptionError(() => resolveEvictionOptions((o.options ?? {}) as Partial<EvictionOptions>));
  else rate = rateLimitOptionsFor(specs, o.target, o.options ?? {}, o.allowOverload === true);
  await buildK6Bundles();
  // k6 opens handleSummary's files with O_CREAT only and never makes their folder (cmd/run.go,
  // handleSummaryResult, 0.48 to 2.x): create it. A result left by an earlier run is removed first, so a summary
  // k6 failed to write is reported as such instead of the old one being read as this run's.
  const file = join(outDir, `load-${o.scenario}.json`);
  mkdirSync(outDir, { recursive: true });
  rmSync(file, { force: true });
  const args = ["run", "--log-format", "json", "-e", `SPECGATE_TARGET=${targetArg}`, `load/dist/${o.scenario}.js`];
  const startedAt = new Date().toISOString();
  const lines: string[] = [];
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(o.k6Path, args, { env: k6Env(o, outDir), stdio: ["ignore", "pipe", "pipe"] });
    const collect = (chunk: Buffer, pending: { text: string }): void => {
      pending.text += chunk.toString();
      const parts = pending.text.split("\n");
      pending.text = parts.pop() ?? "";
      for (const line of parts) {
        lines.push(line);
        if (!line.includes(EVICTION_MARKER)) o.onOutput?.(line);
      }
    };
    const out = { text: "" };
    const err = { text: "" };
    child.stdout.on("data", (c: Buffer) => collect(c, out));
    child.stderr.on("data", (c: Buffer) => collect(c, err));
    child.once("error", reject);
    child.once("close", (exit) => {
      for (const rest of [out.text, err.text]) if (rest) lines.push(rest);
      resolve(exit ?? 1);
    });
  });
  // 0 = passed, 99 = thresholds failed (docs/peer-conventions.md#thresholds); anything else means k6 did not finish the
  // run.
  if (code !== 0 && code !== 99)
    throw new K6RunError(
      `k6 exited with code ${code} before finishing the run; its output is above (exit codes: 104 bad options, 105/108 aborted, 107 script error)`,
    );
  let engine: EngineResult;
  try {
    engine = JSON.parse(readFileSync(file, "utf8")) as EngineResult;
  } catch (e) {
    throw new K6RunError(
      `k6 finished but its summary ${file} could not be read (${(e as Error).message}); k6's output above says why handleSummary did not write it`,
    );
  }
  engine.startedAt ??= startedAt;
  if (eviction) {
    return {
      ...toEvictionOutcome(engine, eviction, parseEvictionLines(lines)),
      engineResult: engine,
      resultFile: file,
    };
  }
  const r = rate as NonNullable<typeof rate>;
  return { ...toRateLimitOutcome(engine, r, planRateLimit(r)), engineResult: engine, resultFile: file };
}
