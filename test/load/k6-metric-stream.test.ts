// k6's JSON output → per-second series. The fixture is real k6 v0.48.0 output of one heartbeat-eviction round
// against the mock (`k6 run --out json=…`), with most samples of the metrics the series do not read left out
// (every `Metric` line, every http_reqs / heartbeat_rtt_ms / vus sample, and the first two of each other metric
// kept); it reads exactly as the whole file did.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import {
  K6StreamReader,
  lineMetric,
  parsePointLine,
  readK6MetricStream,
} from "../../src/load-runner/k6-metric-stream.ts";

const FIXTURE = new URL("fixtures/k6-v0.48.0-eviction.jsonl", import.meta.url);
const WANTED = { heartbeat_rtt_ms: "trend", http_reqs: "counter" } as const;
const dir = mkdtempSync(join(tmpdir(), "specgate-k6-stream-"));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Line {
  type: string;
  metric: string;
  data: { time: string; value: number; tags: Record<string, string> };
}
const lines = readFileSync(FIXTURE, "utf8").trim().split("\n");
const points = lines.map((l) => JSON.parse(l) as Line).filter((l) => l.type === "Point");

test("only the scenario's samples count, bucketed by the second after its first sample", async () => {
  const read = await readK6MetricStream(FIXTURE.pathname, WANTED);
  const inScenario = points.filter((p) => p.data.tags.scenario !== undefined);
  const origin = Date.parse(inScenario[0]?.data.time ?? "");
  const perSecond = (metric: string) => {
    const out: number[] = [];
    for (const p of inScenario.filter((q) => q.metric === metric)) {
      const i = Math.floor((Date.parse(p.data.time) - origin) / 1000);
      while (out.length <= i) out.push(0);
      out[i] = (out[i] ?? 0) + (metric === "http_reqs" ? p.data.value : 1);
    }
    return out;
  };
  assert.equal(read.originMs, origin);
  assert.deepEqual(read.series.metrics.http_reqs?.count, perSecond("http_reqs"));
  assert.deepEqual(read.series.metrics.heartbeat_rtt_ms?.count, perSecond("heartbeat_rtt_ms"));
  // setup() made requests too (group ::setup, no scenario tag); the engine records none of those.
  assert.ok(points.some((p) => p.data.tags.group === "::setup"));
  assert.equal(read.samples, inScenario.filter((p) => p.metric in WANTED).length);
  const rtt = inScenario.filter((p) => p.metric === "heartbeat_rtt_ms").map((p) => p.data.value);
  assert.equal(Math.max(...(read.series.metrics.heartbeat_rtt_ms?.max ?? []).map((x) => x ?? 0)), Math.max(...rtt));
  assert.equal(read.malformed, 0);
  assert.equal(read.series.seconds, read.series.metrics.http_reqs?.count.length);
});

test("a line cut off by a killed k6 is counted, not fatal; unwanted metrics are skipped unparsed", async () => {
  const file = join(dir, "cut.jsonl");
  const cut = (lines.at(-1) ?? "").slice(0, 40);
  writeFileSync(file, `${lines.join("\n")}\n${cut}`);
  const read = await readK6MetricStream(file, WANTED);
  assert.equal(read.malformed, 1);
  assert.equal(read.samples, (await readK6MetricStream(FIXTURE.pathname, WANTED)).samples);
  // Once second 0 is known, a broken line of a metric nobody reads is never parsed, so it is not even counted.
  const r = new K6StreamReader(WANTED);
  for (const l of lines) r.line(l);
  r.line('{"metric":"http_req_blocked","type":"Point","data":{"ti');
  r.line('{"metric":"http_reqs","type":"Point","data":{"ti');
  assert.equal(r.finish().malformed, 1);
});

test("line helpers: the metric name from the prefix, Metric lines and foreign JSON told apart", () => {
  assert.equal(lineMetric(points[0] ? JSON.stringify(points[0]) : ""), points[0]?.metric);
  assert.equal(lineMetric('{"type":"Metric","data":{}}'), undefined);
  assert.equal(parsePointLine(lines[0] ?? ""), undefined);
  assert.throws(() => parsePointLine('{"level":"info","msg":"hello"}'), SyntaxError);
  const p = parsePointLine(
    '{"metric":"x","type":"Point","data":{"time":"2026-12-06T14:48:56.401737865Z","value":2.5,"tags":{"scenario":"s"}}}',
  );
  assert.deepEqual(p, { metric: "x", epochMs: Date.UTC(2026, 11, 6, 14, 48, 56, 401), value: 2.5, scenario: "s" });
});
