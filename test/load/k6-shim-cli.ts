/**
 * A stand-in `k6` command over the shim, for tests of `specgate load --engine k6`: understands
 * `k6 run [--log-format json] [--out json=FILE] [-e NAME=VALUE]... SCRIPT`, prints console lines as k6's JSON
 * log lines on stderr, writes handleSummary's files (into existing folders only, as k6 does), prints its stdout,
 * and exits with k6's codes (0, 99, 107). SIGINT as in k6: the first stops the run (teardown and handleSummary
 * still run, exit 105), a second exits 105 at once.
 */
import { writeFileSync } from "node:fs";
import { runK6Bundle } from "./k6-shim.ts";

const args = process.argv.slice(2);
if (args[0] !== "run") {
  console.error("k6 shim: only `k6 run` is supported");
  process.exit(2);
}
const env: Record<string, string> = {};
for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
let script: string | undefined;
let jsonOut: string | undefined;
for (let i = 1; i < args.length; i++) {
  const a = args[i] as string;
  if (a === "-e" || a === "--env") {
    const kv = args[++i] ?? "";
    const eq = kv.indexOf("=");
    env[kv.slice(0, eq)] = kv.slice(eq + 1);
  } else if (a === "--out") {
    const out = args[++i] ?? "";
    if (!out.startsWith("json=")) {
      console.error(`k6 shim: only --out json=FILE is supported, not ${out}`);
      process.exit(2);
    }
    jsonOut = out.slice("json=".length);
  } else if (a === "--log-format") i++;
  else if (!a.startsWith("-")) script = a;
}
if (script === undefined) {
  console.error("k6 shim: no script");
  process.exit(2);
}
let stopRequested = false;
process.on("SIGINT", () => {
  if (stopRequested) process.exit(105);
  stopRequested = true;
  process.stderr.write(
    `${JSON.stringify({ level: "error", msg: "test run was aborted because k6 received a 'interrupt' signal" })}\n`,
  );
});
const result = await runK6Bundle({
  script,
  env,
  ...(jsonOut === undefined ? {} : { jsonOut }),
  stopRequested: () => stopRequested,
  onLog: (l) => process.stderr.write(`${JSON.stringify({ level: l.level, msg: l.msg, source: "console" })}\n`),
});
// Like real k6 (handleSummaryResult in cmd/run.go of 0.48, internal/cmd/run.go up to 2.x): files are opened
// with O_CREAT only, never creating their folder; a failed write is logged and does not change the exit code.
const unsaved: string[] = [];
for (const [key, content] of Object.entries(result.outputs)) {
  if (key === "stdout") process.stdout.write(content);
  else if (key === "stderr") process.stderr.write(content);
  else {
    try {
      writeFileSync(key, content);
    } catch (e) {
      unsaved.push(`could not open '${key}': ${(e as Error).message}`);
    }
  }
}
if (unsaved.length > 0)
  process.stderr.write(
    `${JSON.stringify({ level: "error", error: `Could not save some summary information:\n\t- ${unsaved.join("\n\t- ")}`, msg: "failed to handle the end-of-test summary" })}\n`,
  );
if (result.error) process.stderr.write(`${JSON.stringify({ level: "error", msg: result.error })}\n`);
process.exit(result.exitCode);
