/**
 * Per-second columns from timestamped samples, in the shape the built-in engine records (`EngineSeries`,
 * src/engine/engine-result.ts): second i covers [i, i+1) s after the first scenario sample. Counters sum their
 * values per second; trends count their samples and give p50, p95, p99 and the maximum per second, from the
 * same HDR histogram the engine uses (src/engine/trend-histogram.ts), so both engines' charts mean the same.
 *
 * Samples may arrive a little out of order (k6 flushes each output's buffer every 200 ms to 1 s): a second's
 * histogram stays open until samples {@link OPEN_SECONDS} seconds later have been seen. A trend sample later
 * than that still counts in its second's `count` but not in its percentiles; `lateSamples` says how many.
 * Memory is bounded by the open seconds, not by the run's length.
 */
import type { EngineSeries } from "../engine/engine-result.ts";
import { emptySeries, type MetricSeries, type MetricType, pushPercentiles } from "../engine/metric-registry.ts";
import { TrendHistogram } from "../engine/trend-histogram.ts";

/** Seconds a trend's histogram stays open behind the newest sample. */
export const OPEN_SECONDS = 5;

class TrendColumns {
  readonly out: MetricSeries = emptySeries("trend");
  readonly #open = new Map<number, TrendHistogram>();
  late = 0;

  add(second: number, value: number): void {
    bump(this.out.count, second, 1);
    const h = this.#histogramFor(second);
    if (h === undefined) this.late++;
    else h.record(value);
  }

  #histogramFor(second: number): TrendHistogram | undefined {
    let h = this.#open.get(second);
    if (h !== undefined) return h;
    if (second < (this.out.p50?.length ?? 0)) return undefined; // already closed
    h = new TrendHistogram();
    this.#open.set(second, h);
    return h;
  }

  /** Writes the percentiles of every second before `second` (empty seconds get null). */
  closeBefore(second: number): void {
    const o = this.out as Required<MetricSeries>;
    for (let i = o.p50.length; i < second; i++) {
      const h = this.#open.get(i);
      this.#open.delete(i);
      const filled = h !== undefined && h.count > 0 ? h : undefined;
      pushPercentiles(o, filled);
      o.max.push(filled === undefined ? null : filled.max);
    }
  }
}

function bump(column: number[], index: number, by: number): void {
  while (column.length <= index) column.push(0);
  column[index] = (column[index] ?? 0) + by;
}

/** Builds per-second columns for a fixed set of counters and trends from samples with epoch-ms times. */
export class PerSecondSeries {
  readonly #counters = new Map<string, MetricSeries>();
  readonly #trends = new Map<string, TrendColumns>();
  #originMs: number | undefined;
  #newest = -1;

  /** `metrics`: name → type of every metric to keep; samples of other metrics are ignored. */
  constructor(metrics: Readonly<Record<string, MetricType>>) {
    for (const [name, type] of Object.entries(metrics)) {
      if (type === "trend") this.#trends.set(name, new TrendColumns());
      else if (type === "counter") this.#counters.set(name, emptySeries(type));
      else throw new RangeError(`per-second series: metric ${name} is a ${type}; only counters and trends are kept`);
    }
  }

  /** Whether samples of `name` are kept. */
  wants(name: string): boolean {
    return this.#counters.has(name) || this.#trends.has(name);
  }

  /** The epoch ms second 0 starts at (the first `start` or `add`). */
  get originMs(): number | undefined {
    return this.#originMs;
  }

  /** Starts second 0 at `epochMs` unless it has started already. */
  start(epochMs: number): void {
    if (Number.isFinite(epochMs)) this.#originMs ??= epochMs;
  }

  /** Adds one sample; samples before the origin count in second 0, as the engine's do. */
  add(name: string, epochMs: number, value: number): void {
    if (!Number.isFinite(epochMs) || !Number.isFinite(value)) return;
    this.start(epochMs);
    const second = Math.max(0, Math.floor((epochMs - (this.#originMs as number)) / 1000));
    if (second > this.#newest) {
      this.#newest = second;
      for (const t of this.#trends.values()) t.closeBefore(second - OPEN_SECONDS);
    }
    const counter = this.#counters.get(name);
    if (counter !== undefined) bump(counter.count, second, value);
    this.#trends.get(name)?.add(second, value);
  }

  /** Trend samples that came too late for their second's percentiles. */
  get lateSamples(): number {
    let n = 0;
    for (const t of this.#trends.values()) n += t.late;
    return n;
  }

  /** Closes every second and returns the columns, all of the same length. */
  finish(): EngineSeries {
    const seconds = this.#newest + 1;
    const metrics: Record<string, MetricSeries> = {};
    for (const [name, c] of this.#counters) {
      while (c.count.length < seconds) c.count.push(0);
      metrics[name] = c;
    }
    for (const [name, t] of this.#trends) {
      while (t.out.count.length < seconds) t.out.count.push(0);
      t.closeBefore(seconds);
      metrics[name] = t.out;
    }
    return { intervalMs: 1000, seconds, metrics };
  }
}
