import assert from "node:assert/strict";
import { test } from "node:test";
import { formatResultLine, readRunnerResults } from "../../load/scenarios/runner-result.ts";
import { ENGINE_RESULT_SCHEMA_VERSION, type EngineResult } from "../../src/engine/engine-result.ts";

function result(count: number): EngineResult {
  return {
    schemaVersion: ENGINE_RESULT_SCHEMA_VERSION,
    engine: "k6",
    startedAt: null,
    durationMs: 1000,
    aborted: false,
    scenarios: {},
    metrics: { admitted_requests: { type: "counter", contains: "default", values: { count, rate: count } } },
    series: { intervalMs: 1000, seconds: 0, metrics: {} },
    thresholds: { ok: true, results: [] },
    errors: [],
  };
}

test("a load-<scenario>.json file is one runner's result", () => {
  const read = readRunnerResults(`${JSON.stringify(result(3), null, 2)}\n`, "r1/load-rate-limit.json");
  assert.deepEqual(read, [result(3)]);
});

test("a log holds one result per SPECGATE_RESULT line: plain stdout lines and k6 JSON log lines alike", () => {
  const log = [
    "specgate rate-limit (k6): PASSED",
    "  ✓ dropped_iterations count==0 (observed 0)",
    formatResultLine(result(1)),
    '{"level":"info","msg":"starting","time":"2026-11-23T17:44:15Z"}',
    JSON.stringify({ level: "info", msg: formatResultLine(result(2)), time: "2026-11-23T17:44:16Z" }),
    "{ not json, a plain line }",
    "",
  ].join("\n");
  assert.deepEqual(readRunnerResults(log, "runners.log"), [result(1), result(2)]);
});

test("a cut-short line, a foreign JSON object or a log without results are refused naming source and fix", () => {
  const line = formatResultLine(result(1));
  assert.throws(
    () => readRunnerResults(`first\n${line.slice(0, 40)}\n`, "pod.log"),
    /^Error: pod\.log:2: the SPECGATE_RESULT line is cut short or not JSON; take the whole log$/,
  );
  assert.throws(
    () => readRunnerResults('SPECGATE_RESULT {"schemaVersion":2,"metrics":{}}', "pod.log"),
    /pod\.log:1: not a specgate load result/,
  );
  assert.throws(() => readRunnerResults('{"schemaVersion":7}', "x.json"), /x\.json: not a specgate load result/);
  assert.throws(
    () => readRunnerResults("just k6 output\n", "pod.log"),
    /pod\.log: no runner result in it; .*SPECGATE_PRINT_RESULT=1/,
  );
});

test("Windows files: a byte order mark and CRLF line ends; several pods' logs concatenated with kubectl --prefix", () => {
  assert.deepEqual(readRunnerResults(`\uFEFF${JSON.stringify(result(3), null, 2)}\r\n`, "load-rate-limit.json"), [
    result(3),
  ]);
  const log = [
    "[pod/run-1-abc/k6] specgate rate-limit (k6): FAILED",
    `[pod/run-1-abc/k6] ${formatResultLine(result(1))}`,
    `[pod/run-2-def/k6] ${JSON.stringify({ level: "info", msg: formatResultLine(result(2)) })}`,
    "",
  ].join("\r\n");
  assert.deepEqual(readRunnerResults(`\uFEFF${log}`, "all.log"), [result(1), result(2)]);
});
