/**
 * Real k6 in the engine benchmark, when a `k6` binary is on PATH (`specgate load --engine auto` finds it the
 * same way): the targets are relative to k6 ("k6's accuracy or better, ≥ 2× k6's req/s"), and its
 * published figures came from another machine, so a k6 on this one is measured in the same run instead.
 * Without k6 the benchmark prints the published figures as the reference. Nothing here installs k6.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** What one k6 run cost and printed. */
export interface K6Run {
  code: number;
  stdout: string;
  /** CPU seconds of the k6 process (user + system), read from this process's reaped-children times. */
  cpuS: number;
  wallS: number;
}

/**
 * User + system time of this process's waited-for children, in seconds (`/proc/self/stat` fields 16–17,
 * cutime and cstime, in clock ticks of 1/100 s on Linux). Node reaps a child when it exits, so the difference
 * across one `k6` run is that run's CPU; `undefined` where /proc is not available.
 */
function childrenCpuS(): number | undefined {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    // Fields after the command name, which is in parentheses and may itself contain spaces.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return undefined;
  }
}

/** Runs `k6 run` on a script given as source text, with `-e` variables; resolves once k6 has exited. */
export async function runK6(k6Path: string, source: string, env: Record<string, string>): Promise<K6Run> {
  const dir = mkdtempSync(join(tmpdir(), "specgate-bench-k6-"));
  const script = join(dir, "script.js");
  writeFileSync(script, source);
  const args = [
    "run",
    "--no-color",
    "--quiet",
    ...Object.entries(env).flatMap(([k, v]) => ["-e", `${k}=${v}`]),
    script,
  ];
  const cpuBefore = childrenCpuS();
  const started = performance.now();
  try {
    return await new Promise<K6Run>((resolve, reject) => {
      const child = spawn(k6Path, args, { stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      child.stdout.on("data", (d: Buffer) => {
        stdout += d.toString();
      });
      child.stderr.resume();
      child.once("error", reject);
      child.once("close", (code) => {
        const cpuAfter = childrenCpuS();
        resolve({
          code: code ?? 1,
          stdout,
          cpuS: cpuBefore === undefined || cpuAfter === undefined ? Number.NaN : cpuAfter - cpuBefore,
          wallS: (performance.now() - started) / 1000,
        });
      });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The CPU k6 spends starting and stopping with nothing to do, subtracted from throughput runs. */
export const IDLE_SCRIPT = "export default function () {}\n";

/** constant-arrival-rate GETs of `__ENV.URL` at `__ENV.RATE`/s for `__ENV.DURATION`, as the engine's run. */
export const ARRIVAL_SCRIPT = `import http from "k6/http";
export const options = {
  discardResponseBodies: true,
  scenarios: {
    arrival: {
      executor: "constant-arrival-rate",
      rate: Number(__ENV.RATE),
      timeUnit: "1s",
      duration: __ENV.DURATION,
      preAllocatedVUs: 50,
      maxVUs: 200,
      gracefulStop: "2s",
    },
  },
};
export default function () {
  http.get(__ENV.URL);
}
export function handleSummary(data) {
  const dropped = data.metrics.dropped_iterations ? data.metrics.dropped_iterations.values.count : 0;
  return { stdout: JSON.stringify({ requests: data.metrics.http_reqs.values.count, dropped }) };
}
`;

/** 50 VUs in a closed loop for `__ENV.DURATION`, as the engine's maximum-throughput rounds. */
export const MAX_SCRIPT = `import http from "k6/http";
export const options = {
  discardResponseBodies: true,
  summaryTrendStats: ["p(99)"],
  scenarios: { max: { executor: "constant-vus", vus: 50, duration: __ENV.DURATION, gracefulStop: "2s" } },
};
export default function () {
  http.get(__ENV.URL);
}
export function handleSummary(data) {
  // http_req_failed counts answers of an expected status (200-399) as its "fails".
  return {
    stdout: JSON.stringify({
      requests: data.metrics.http_reqs.values.count,
      expected: data.metrics.http_req_failed.values.fails,
      p99: data.metrics.http_req_duration.values["p(99)"],
    }),
  };
}
`;

/** The JSON line a script's handleSummary printed, or undefined when k6 printed none. */
export function readSummaryLine<T>(run: K6Run): T | undefined {
  const line = run.stdout
    .split("\n")
    .reverse()
    .find((l) => l.trim().startsWith("{"));
  return line === undefined ? undefined : (JSON.parse(line) as T);
}
