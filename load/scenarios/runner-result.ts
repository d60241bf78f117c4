/**
 * How a runner of a distributed k6 run hands its result to `specgate load SCENARIO --merge`: the
 * `load-<scenario>.json` its handleSummary wrote, or — where runners are pods whose files are gone when
 * they end (k6-operator) — one line on stdout, `SPECGATE_RESULT {json}`, printed when the runner has
 * `SPECGATE_PRINT_RESULT=1`, so `kubectl logs` of the runners is the input. Engine-neutral (the k6
 * bundles print the line, the CLI reads it).
 */
import type { EngineResult } from "../../src/engine/engine-result.ts";

/** The prefix of a runner's result line. */
export const RESULT_MARKER = "SPECGATE_RESULT ";

/** The stdout line carrying `result` (one line: compact JSON). */
export function formatResultLine(result: EngineResult): string {
  return `${RESULT_MARKER}${JSON.stringify(result)}`;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function checkResult(x: unknown, where: string): EngineResult {
  if (!isRecord(x) || x.schemaVersion !== 1 || !isRecord(x.metrics) || typeof x.durationMs !== "number")
    throw new Error(`${where}: not a specgate load result (schemaVersion 1 with metrics and durationMs)`);
  return x as unknown as EngineResult;
}

/**
 * The JSON after the marker: a plain line, or the `msg` of a JSON log line (k6's `--log-format json`, a
 * log collector's), which may itself follow a prefix (`kubectl logs --prefix`: `[pod/NAME/CONTAINER] `).
 */
function parseResultLine(line: string, at: number, where: string): unknown {
  try {
    return JSON.parse(line.slice(at + RESULT_MARKER.length));
  } catch {
    // not a plain line: the marker may be inside a JSON log line's msg
  }
  const open = line.indexOf("{");
  if (open >= 0 && open < at)
    try {
      const wrapped: unknown = JSON.parse(line.slice(open));
      const msg = isRecord(wrapped) ? wrapped.msg : undefined;
      const inner = typeof msg === "string" ? msg.indexOf(RESULT_MARKER) : -1;
      if (typeof msg === "string" && inner >= 0) return JSON.parse(msg.slice(inner + RESULT_MARKER.length));
    } catch {
      // cut short: said below
    }
  throw new Error(`${where}: the ${RESULT_MARKER.trim()} line is cut short or not JSON; take the whole log`);
}

/**
 * The runner results in `text` (the contents of `source`): a whole `load-<scenario>.json`, or every
 * `SPECGATE_RESULT` line of a log — plain, or inside k6's JSON log lines (`--log-format json`, field `msg`).
 * Throws naming the source (and line) when there is none or one is cut short.
 */
export function readRunnerResults(given: string, source: string): EngineResult[] {
  // A byte order mark (files saved by Windows PowerShell's Out-File) is not JSON.
  const text = given.charCodeAt(0) === 0xfeff ? given.slice(1) : given;
  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch {
    // not one JSON document: a log, read line by line below
  }
  if (isRecord(whole) && "schemaVersion" in whole) return [checkResult(whole, source)];
  const out: EngineResult[] = [];
  text.split("\n").forEach((line, i) => {
    const at = line.indexOf(RESULT_MARKER);
    if (at < 0) return;
    const where = `${source}:${i + 1}`;
    out.push(checkResult(parseResultLine(line, at, where), where));
  });
  if (out.length === 0)
    throw new Error(
      `${source}: no runner result in it; give the load-<scenario>.json a runner wrote, or its log with SPECGATE_RESULT lines (runners need -e SPECGATE_PRINT_RESULT=1)`,
    );
  return out;
}
