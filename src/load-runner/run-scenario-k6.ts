/**
 * Runs a scenario on real k6: finds `k6` on PATH, bundles the entry points (`npm run build:k6`), runs
 * `k6 run --log-format json --out json=STREAM -e SPECGATE_TARGET=… load/dist/<scenario>.js`, and converts what
 * the script's handleSummary wrote (`<outDir>/load-<scenario>.json`, an EngineResult) plus the per-second series
 * read from k6's metric stream (k6-metric-stream.ts) into the same load scenario entry the built-in engine
 * produces. The stream file is removed afterwards unless `keepMetricStream` asks to keep it. Credentials reach
 * k6 through its environment (k6 exposes the system environment as `__ENV`), never on its command line, where
 * other users could read them.
 *
 * Ctrl-C: k6 runs in its own process group, so a terminal's Ctrl-C reaches specgate only; on `signal` specgate
 * sends k6 one SIGINT, on which k6 stops the scenarios, runs teardown() and handleSummary and exits 105
 * (cmd/run.go, 0.48 to 2.x): the result is read as an interrupted run, not as a k6 failure. A second SIGINT
 * (specgate exiting, e.g. on a second Ctrl-C) makes k6 stop at once, as it would for a second Ctrl-C.
 */
import { spawn } from "node:child_process";
import { accessSync, constants, mkdirSync, readFileSync, rmSync } from "node:fs";
import { delimiter, join } from "node:path";
import { registeredScenarios } from "../../load/scenarios/registry.ts";
import { REPORT_MARKER } from "../../load/scenarios/report-marker.ts";
import { resultFileName } from "../../load/scenarios/scenario-definition.ts";
import { type ScenarioSeries, seriesMetrics } from "../../load/scenarios/scenario-series.ts";
import { k6TargetProducts } from "../../load/scenarios/target-env.ts";
import { exportTargetEnv, type Target } from "../client/target.ts";
import type { EngineResult } from "../engine/engine-result.ts";
import { type LoadedSpecs, loadSpecs } from "../openapi/load-specs.ts";
import { buildK6Bundles } from "./build-k6-bundles.ts";
import { readK6MetricStream } from "./k6-metric-stream.ts";
import {
  type LoadScenarioName,
  planFor,
  type ScenarioRunOutcome,
  saveResult,
  scenarioNamed,
} from "./run-scenario-node.ts";
import { toLoadOutcome } from "./to-load-result.ts";

/** k6's exit codes specgate reads (errext/exitcodes/codes.go, 0.48 to 2.x). */
export const K6_EXIT = { thresholdsFailed: 99, externalAbort: 105 } as const;

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
  /** Real accounts: permit loading an operation that writes (`SPECGATE_ALLOW_WRITES=1`). */
  allowWrites?: boolean;
  outDir?: string;
  specs?: LoadedSpecs;
  /** Keep k6's metric stream (`<outDir>/load-<scenario>.k6-metrics.jsonl`) after reading it. */
  keepMetricStream?: boolean;
  /** Interrupts the run (Ctrl-C): k6 gets one SIGINT and the partial result is read. */
  signal?: AbortSignal;
  /** Receives k6's own output lines (stdout text summary, log lines), for the terminal. */
  onOutput?: (line: string) => void;
}

/** Reads the iterations' reports out of k6's JSON log lines (`--log-format json`) or plain text lines. */
export function parseReportLines(lines: readonly string[]): unknown[] {
  const out: unknown[] = [];
  for (const line of lines) {
    const at = line.indexOf(REPORT_MARKER.trim());
    if (at < 0) continue;
    const report = parseMarkedLine(logMessage(line));
    if (report !== undefined) out.push(report);
  }
  return out;
}

/** The `msg` of a k6 JSON log line, or the line itself. */
function logMessage(line: string): string {
  try {
    const parsed = JSON.parse(line) as { msg?: unknown };
    return typeof parsed.msg === "string" ? parsed.msg : line;
  } catch {
    return line;
  }
}

function parseMarkedLine(msg: string): unknown {
  const at = msg.indexOf(REPORT_MARKER);
  if (at < 0) return undefined;
  try {
    return JSON.parse(msg.slice(at + REPORT_MARKER.length)) as unknown;
  } catch {
    return undefined; // a truncated line: that round is missing from the list, its metrics still count
  }
}

function k6Env(o: RunScenarioK6Options, outDir: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  Object.assign(env, exportTargetEnv(o.target), {
    SPECGATE_REPORT_DIR: outDir,
    SPECGATE_LOAD_OPTIONS: JSON.stringify(o.options ?? {}),
  });
  if (o.allowOverload) env.SPECGATE_ALLOW_OVERLOAD = "1";
  if (o.allowWrites) env.SPECGATE_ALLOW_WRITES = "1";
  return env;
}

/** k6 ran but gave no result to judge (crashed, refused the script, wrote no summary): not a test verdict. */
export class K6RunError extends Error {
  override name = "K6RunError";
}

/** How k6 ended. */
interface K6Exit {
  code: number;
  /** specgate sent it SIGINT (the run's signal fired). */
  interrupted: boolean;
  lines: string[];
}

/** Splits a child's output into lines as it arrives. */
function lineSplitter(onLine: (line: string) => void): { push(chunk: Buffer): void; end(): void } {
  let pending = "";
  return {
    push(chunk) {
      pending += chunk.toString();
      const parts = pending.split("\n");
      pending = parts.pop() ?? "";
      for (const line of parts) onLine(line);
    },
    end() {
      if (pending) onLine(pending);
      pending = "";
    },
  };
}

/** Spawns k6 in its own process group and waits for it; `signal` sends it one SIGINT. */
function spawnK6(o: RunScenarioK6Options, args: string[], env: Record<string, string>): Promise<K6Exit> {
  const lines: string[] = [];
  const onLine = (line: string): void => {
    lines.push(line);
    if (!line.includes(REPORT_MARKER)) o.onOutput?.(line);
  };
  return new Promise<K6Exit>((resolve, reject) => {
    const child = spawn(o.k6Path, args, { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let interrupted = false;
    const interrupt = (): void => {
      interrupted = true;
      child.kill("SIGINT");
    };
    // specgate exiting while k6 runs (a second Ctrl-C): k6 must not outlive it.
    const onExit = (): void => {
      child.kill("SIGINT");
    };
    o.signal?.addEventListener("abort", interrupt, { once: true });
    process.once("exit", onExit);
    const out = lineSplitter(onLine);
    const err = lineSplitter(onLine);
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    const cleanUp = (): void => {
      o.signal?.removeEventListener("abort", interrupt);
      process.off("exit", onExit);
    };
    child.once("error", (e) => {
      cleanUp();
      reject(e);
    });
    child.once("close", (code) => {
      cleanUp();
      out.end();
      err.end();
      resolve({ code: code ?? 1, interrupted, lines });
    });
    if (o.signal?.aborted) interrupt();
  });
}

/** The run's EngineResult as handleSummary wrote it, marked aborted when k6 was interrupted. */
function readSummary(file: string, exit: K6Exit): EngineResult {
  const stopped = exit.interrupted || exit.code === K6_EXIT.externalAbort;
  // 0 = passed, 99 = thresholds failed (docs/peer-conventions.md#thresholds), 105 = interrupted (still
  // summarised); anything else means k6 did not finish the run.
  if (exit.code !== 0 && exit.code !== K6_EXIT.thresholdsFailed && !stopped)
    throw new K6RunError(
      `k6 exited with code ${exit.code} before finishing the run; its output is above (exit codes: 104 bad options, 105/108 aborted, 107 script error)`,
    );
  let engine: EngineResult;
  try {
    engine = JSON.parse(readFileSync(file, "utf8")) as EngineResult;
  } catch (e) {
    throw new K6RunError(
      stopped
        ? `k6 was interrupted before it wrote its summary ${file}; nothing to report for this scenario`
        : `k6 finished but its summary ${file} could not be read (${(e as Error).message}); k6's output above says why handleSummary did not write it`,
    );
  }
  if (stopped) {
    engine.aborted = true;
    engine.abortReason = "signal";
  }
  return engine;
}

/**
 * Puts the per-second series of k6's metric stream into `engine` (in place). A stream that is missing or
 * unreadable leaves the series empty and says so: the run's verdict does not depend on charts.
 */
async function addStreamSeries(engine: EngineResult, stream: string, plan: ScenarioSeries): Promise<string[]> {
  try {
    const read = await readK6MetricStream(stream, seriesMetrics(plan));
    engine.series = read.series;
    const notes: string[] = [];
    if (read.samples === 0) notes.push(`k6's metric stream ${stream} held no samples: the report has no time series`);
    if (read.malformed > 0) notes.push(`${read.malformed} line(s) of k6's metric stream were not samples (skipped)`);
    return notes;
  } catch (e) {
    return [`k6's metric stream ${stream} could not be read (${(e as Error).message}): the report has no time series`];
  }
}

/** Runs the scenario on k6 and converts its result. */
export async function runScenarioK6(o: RunScenarioK6Options): Promise<ScenarioRunOutcome> {
  const outDir = o.outDir ?? "reports";
  const targetArg = o.target.kind === "real" ? "real" : o.target.baseUrl;
  if (targetArg === undefined) throw new Error("the target has no address; start the mock first");
  // Validate the options the same way the script will, so mistakes are usage errors, not k6 crashes.
  const scenario = scenarioNamed(o.scenario);
  const plan = planFor(scenario, o.target, o.options ?? {}, {
    allowOverload: o.allowOverload === true,
    allowWrites: o.allowWrites === true,
    specs: o.specs ?? loadSpecs(),
    targetProducts: k6TargetProducts(),
  });
  const name = plan.resultName ?? scenario.name;
  await buildK6Bundles(
    "load/dist",
    registeredScenarios().filter((r) => r.definition.name === scenario.name),
  );
  // k6 opens handleSummary's files with O_CREAT only and never makes their folder (cmd/run.go,
  // handleSummaryResult, 0.48 to 2.x): create it. A result left by an earlier run is removed first, so a summary
  // k6 failed to write is reported as such instead of the old one being read as this run's.
  const file = join(outDir, resultFileName(name));
  const stream = join(outDir, resultFileName(name).replace(/\.json$/, ".k6-metrics.jsonl"));
  mkdirSync(outDir, { recursive: true });
  rmSync(file, { force: true });
  const args = ["run", "--log-format", "json", "--out", `json=${stream}`];
  args.push("-e", `SPECGATE_TARGET=${targetArg}`, `load/dist/${o.scenario}.js`);
  const startedAt = new Date().toISOString();
  try {
    const exit = await spawnK6(o, args, k6Env(o, outDir));
    const engine = readSummary(file, exit);
    engine.startedAt ??= startedAt;
    const notes = await addStreamSeries(engine, stream, plan.series);
    saveResult(outDir, name, engine);
    const outcome = toLoadOutcome(name, plan, engine, parseReportLines(exit.lines));
    return { ...outcome, notes: [...outcome.notes, ...notes], engineResult: engine, resultFile: file };
  } finally {
    if (o.keepMetricStream !== true) rmSync(stream, { force: true });
  }
}
