/**
 * k6's metric stream (`k6 run --out json=FILE`) → the per-second series the built-in engine records. k6's
 * end-of-test summary carries no time series; its JSON output carries every sample as one line, in the same
 * format from v0.48 to v2.x (output/json/wrapper.go in v0.48, internal/output/json/wrapper.go in v1 and v2):
 *
 *   {"type":"Metric","data":{"name":"http_reqs","type":"counter",…},"metric":"http_reqs"}        (once per metric)
 *   {"metric":"http_reqs","type":"Point","data":{"time":"2026-…T14:38:26.150418118Z","value":1,"tags":{…}}}
 *
 * (https://grafana.com/docs/k6/latest/results-output/real-time/json/). Only samples of the scenarios count:
 * those with a `scenario` tag, as the engine records no setup() or teardown() samples. The file is read as a
 * stream, a line at a time; lines of metrics the series do not need are skipped by their name prefix without
 * being parsed (a rate-limit run writes ~20 samples per request).
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { EngineSeries } from "../engine/engine-result.ts";
import type { MetricType } from "../engine/metric-registry.ts";
import { PerSecondSeries } from "./per-second-series.ts";

/** What the stream gave. */
export interface K6StreamSeries {
  series: EngineSeries;
  /** Epoch ms of second 0 (the first scenario sample), or undefined when there was none. */
  originMs: number | undefined;
  /** Samples that went into the series. */
  samples: number;
  /** Lines that were not JSON samples (e.g. the last line of a k6 that was killed mid-write). */
  malformed: number;
  /** Trend samples too late for their second's percentiles (counted, not charted). */
  lateSamples: number;
}

/** One sample line, parsed. */
export interface K6Point {
  metric: string;
  epochMs: number;
  value: number;
  scenario: string | undefined;
}

const POINT_PREFIX = '{"metric":"';

/** The metric a line is about, read from its first bytes when k6 wrote it (`{"metric":"NAME",…`). */
export function lineMetric(line: string): string | undefined {
  if (!line.startsWith(POINT_PREFIX)) return undefined;
  const end = line.indexOf('"', POINT_PREFIX.length);
  return end < 0 ? undefined : line.slice(POINT_PREFIX.length, end);
}

/** Parses a `Point` line; undefined for `Metric` lines; throws SyntaxError for anything else. */
export function parsePointLine(line: string): K6Point | undefined {
  const v = JSON.parse(line) as {
    type?: unknown;
    metric?: unknown;
    data?: { time?: unknown; value?: unknown; tags?: Record<string, unknown> | null };
  };
  if (v.type === "Metric") return undefined;
  const epochMs = typeof v.data?.time === "string" ? Date.parse(v.data.time) : Number.NaN;
  if (v.type !== "Point" || typeof v.metric !== "string" || typeof v.data?.value !== "number" || Number.isNaN(epochMs))
    throw new SyntaxError("not a k6 JSON output sample");
  const scenario = v.data.tags?.scenario;
  return {
    metric: v.metric,
    epochMs,
    value: v.data.value,
    scenario: typeof scenario === "string" ? scenario : undefined,
  };
}

/** Accumulates lines of one stream. */
export class K6StreamReader {
  readonly #series: PerSecondSeries;
  samples = 0;
  malformed = 0;

  constructor(metrics: Readonly<Record<string, MetricType>>) {
    this.#series = new PerSecondSeries(metrics);
  }

  /** Takes one line of the stream. */
  line(text: string): void {
    if (text === "") return;
    const name = lineMetric(text);
    // Until the first scenario sample fixes second 0, every sample is looked at; afterwards only wanted ones.
    if (name !== undefined && this.#series.originMs !== undefined && !this.#series.wants(name)) return;
    let p: K6Point | undefined;
    try {
      p = parsePointLine(text);
    } catch {
      this.malformed++;
      return;
    }
    if (p === undefined || p.scenario === undefined) return;
    this.#series.start(p.epochMs);
    if (!this.#series.wants(p.metric)) return;
    this.#series.add(p.metric, p.epochMs, p.value);
    this.samples++;
  }

  /** The series so far, closed. */
  finish(): K6StreamSeries {
    return {
      originMs: this.#series.originMs,
      lateSamples: this.#series.lateSamples,
      series: this.#series.finish(),
      samples: this.samples,
      malformed: this.malformed,
    };
  }
}

/** Reads `file` (k6's `--out json=FILE`) into per-second series of `metrics` (name → counter or trend). */
export async function readK6MetricStream(
  file: string,
  metrics: Readonly<Record<string, MetricType>>,
): Promise<K6StreamSeries> {
  const reader = new K6StreamReader(metrics);
  const lines = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  for await (const line of lines) reader.line(line);
  return reader.finish();
}
