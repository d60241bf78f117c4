/**
 * The run's metrics: k6's four types (Counter, Gauge, Rate, Trend — docs/peer-conventions.md#portable-module-subset
 * `k6/metrics`), tag-filtered sub-metrics (selected up front, as k6 does for thresholds), and per-second series for
 * charts. Pure aggregation over an injected clock: samples are bucketed by the second they arrive in.
 */
import type { Clock } from "../core/clock.ts";
import { isValidMetricName, type MetricSelector, matchesTags } from "./metric-selector.ts";
import { TrendHistogram } from "./trend-histogram.ts";

/** k6's metric types. */
export type MetricType = "counter" | "gauge" | "rate" | "trend";
/** k6's `contains`: "time" marks millisecond Trends (k6 prints them as durations). */
export type MetricContains = "default" | "time" | "data";
/** Sample tags. */
export type Tags = Readonly<Record<string, string>>;

/** Running totals of one metric or sub-metric (fields unused by a type stay 0). */
class Aggregate {
  samples = 0;
  sum = 0;
  passes = 0;
  last = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  readonly hist: TrendHistogram | undefined;
  constructor(readonly type: MetricType) {
    this.hist = type === "trend" ? new TrendHistogram() : undefined;
  }
  add(v: number): void {
    this.samples++;
    this.sum += v;
    if (v !== 0) this.passes++;
    this.last = v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    this.hist?.record(v);
  }
  reset(): void {
    this.samples = this.sum = this.passes = this.last = 0;
    this.min = Number.POSITIVE_INFINITY;
    this.max = Number.NEGATIVE_INFINITY;
    this.hist?.reset();
  }
}

/** One metric's per-second columns; index i covers [i, i+1) seconds after the run started. */
export interface MetricSeries {
  type: MetricType;
  /** Counter: sum of the values added; other types: number of samples. */
  count: number[];
  /** Rate: fraction of non-zero samples (null in a second without samples). */
  rate?: (number | null)[];
  /** Gauge: last value in the second. */
  value?: (number | null)[];
  /** Trend percentiles and maximum per second. */
  p50?: (number | null)[];
  p95?: (number | null)[];
  p99?: (number | null)[];
  max?: (number | null)[];
}

/** One second of one metric, as carried by `tick` events. */
export interface SecondValues {
  count: number;
  rate?: number | null;
  value?: number | null;
  p50?: number | null;
  p95?: number | null;
  p99?: number | null;
  max?: number | null;
}

/** A series of `type` with no seconds yet (the columns that type keeps). */
export function emptySeries(type: MetricType): MetricSeries {
  switch (type) {
    case "counter":
      return { type, count: [] };
    case "gauge":
      return { type, count: [], value: [] };
    case "rate":
      return { type, count: [], rate: [] };
    case "trend":
      return { type, count: [], p50: [], p95: [], p99: [], max: [] };
  }
}

/** Appends one second to `o`: the values of `a`, or an empty second (no aggregate, or no samples). */
function pushSecond(o: MetricSeries, type: MetricType, a: Aggregate | undefined): void {
  const n = a?.samples ?? 0;
  o.count.push(type === "counter" ? (a?.sum ?? 0) : n);
  const filled = n > 0 ? a : undefined;
  o.rate?.push(filled ? filled.passes / n : null);
  o.value?.push(filled ? filled.last : null);
  pushPercentiles(o, filled?.hist);
  o.max?.push(filled ? filled.max : null);
}

/** Appends one second's p50, p95 and p99 of `hist` to a trend series (null for a second without samples). */
export function pushPercentiles(o: MetricSeries, hist: TrendHistogram | undefined): void {
  o.p50?.push(hist ? hist.percentile(50) : null);
  o.p95?.push(hist ? hist.percentile(95) : null);
  o.p99?.push(hist ? hist.percentile(99) : null);
}

class SeriesRecorder {
  bucket = 0;
  readonly current: Aggregate;
  readonly out: MetricSeries;
  constructor(readonly type: MetricType) {
    this.current = new Aggregate(type);
    this.out = emptySeries(type);
  }
  add(bucket: number, v: number): void {
    if (bucket > this.bucket) this.closeUpTo(bucket);
    this.current.add(v);
  }
  /** Writes the open bucket (and empty ones) so that `out` covers every second before `bucket`. */
  closeUpTo(bucket: number): void {
    while (this.out.count.length < bucket) {
      const i = this.out.count.length;
      const a = i === this.bucket ? this.current : undefined;
      pushSecond(this.out, this.type, a);
      if (a) a.reset();
    }
    this.bucket = bucket;
  }
  second(i: number): SecondValues {
    const o = this.out;
    const v: SecondValues = { count: o.count[i] ?? 0 };
    if (o.rate) v.rate = o.rate[i] ?? null;
    if (o.value) v.value = o.value[i] ?? null;
    if (o.p50) v.p50 = o.p50[i] ?? null;
    if (o.p95) v.p95 = o.p95[i] ?? null;
    if (o.p99) v.p99 = o.p99[i] ?? null;
    if (o.max) v.max = o.max[i] ?? null;
    return v;
  }
}

interface Track {
  readonly key: string;
  readonly total: Aggregate;
  readonly series: SeriesRecorder;
}

interface SubTrack extends Track {
  readonly tags: Tags;
}

class MetricStore implements Track {
  readonly total: Aggregate;
  readonly series: SeriesRecorder;
  readonly subs: SubTrack[] = [];
  constructor(
    readonly key: string,
    readonly type: MetricType,
    readonly contains: MetricContains,
  ) {
    this.total = new Aggregate(type);
    this.series = new SeriesRecorder(type);
  }
}

/** A handle to add samples to one metric, carrying the tags of the view it came from. */
export interface MetricHandle {
  readonly name: string;
  readonly type: MetricType;
  /** Adds a sample; Rate takes booleans (or numbers: non-zero is a pass), Counter defaults to 1. */
  add(value?: number | boolean, tags?: Tags): void;
}

/** What scenario code sees: get-or-create metrics by name, with the iteration's tags applied. */
export interface MetricsView {
  /** Tags applied to every sample added through this view. */
  readonly tags: Tags;
  counter(name: string): MetricHandle;
  gauge(name: string): MetricHandle;
  rate(name: string): MetricHandle;
  /** `isTime` marks values as milliseconds (k6 `new Trend(name, true)`). */
  trend(name: string, isTime?: boolean): MetricHandle;
  /** A view adding `tags` on top of this view's tags. */
  withTags(tags: Tags): MetricsView;
}

/** Aggregate statistic names understood by thresholds (k6's trend/counter/rate/gauge methods). */
export type Aggregation =
  | { kind: "avg" | "min" | "max" | "med" | "count" | "rate" | "value" }
  | { kind: "p"; percentile: number };

/** Which aggregations each metric type supports, as in k6. */
export const AGGREGATIONS_BY_TYPE: Readonly<Record<MetricType, readonly string[]>> = {
  counter: ["count", "rate"],
  gauge: ["value"],
  rate: ["rate"],
  trend: ["avg", "min", "max", "med", "p(N)"],
};

/** One metric or sub-metric in the summary, in k6's legacy `data.metrics[name]` shape. */
export interface MetricSummaryValues {
  type: MetricType;
  contains: MetricContains;
  values: Record<string, number>;
}

/** Holds every metric of one run. */
export class MetricRegistry {
  readonly #clock: Clock;
  readonly #stores = new Map<string, MetricStore>();
  readonly #pendingSubs = new Map<string, MetricSelector[]>();
  readonly #subByKey = new Map<string, SubTrack & { metric: string }>();
  #originMs: number;

  constructor(clock: Clock) {
    this.#clock = clock;
    this.#originMs = clock.monotonicMs();
  }

  /** Starts the per-second series at `originMs` (the run's start). */
  setOrigin(originMs: number): void {
    this.#originMs = originMs;
  }

  /** Get-or-create a metric; a name reused with another type is an error naming both. */
  define(name: string, type: MetricType, contains: MetricContains = "default"): MetricStore {
    const existing = this.#stores.get(name);
    if (existing) {
      if (existing.type !== type) {
        throw new TypeError(`metric "${name}" is a ${existing.type}; it cannot also be used as a ${type}`);
      }
      return existing;
    }
    if (!isValidMetricName(name)) {
      throw new RangeError(`metric name "${name}" is invalid: use letters, digits and "_", not starting with a digit`);
    }
    const store = new MetricStore(name, type, contains);
    this.#stores.set(name, store);
    for (const sel of this.#pendingSubs.get(name) ?? []) this.#attach(store, sel);
    this.#pendingSubs.delete(name);
    return store;
  }

  /** Tracks a tag-filtered sub-metric (for thresholds and summaries); works before the metric exists. */
  trackSubMetric(selector: MetricSelector): void {
    if (Object.keys(selector.tags).length === 0 || this.#subByKey.has(selector.key)) return;
    const store = this.#stores.get(selector.metric);
    if (store) this.#attach(store, selector);
    else {
      const list = this.#pendingSubs.get(selector.metric) ?? [];
      if (!list.some((s) => s.key === selector.key)) list.push(selector);
      this.#pendingSubs.set(selector.metric, list);
    }
  }

  #attach(store: MetricStore, sel: MetricSelector): void {
    const sub = {
      key: sel.key,
      metric: store.key,
      tags: sel.tags,
      total: new Aggregate(store.type),
      series: new SeriesRecorder(store.type),
    };
    store.subs.push(sub);
    this.#subByKey.set(sel.key, sub);
  }

  /**
   * Adds a sample. Tags come as the view's `tags` plus the call's `extra` (which wins on conflicts),
   * kept apart so the common case — no sub-metric on this metric — allocates nothing.
   */
  record(store: MetricStore, value: number, tags: Tags, extra?: Tags): void {
    const bucket = Math.max(0, Math.floor((this.#clock.monotonicMs() - this.#originMs) / 1000));
    store.total.add(value);
    store.series.add(bucket, value);
    for (const sub of store.subs) {
      if (matchesTags(sub.tags, tags, extra)) {
        sub.total.add(value);
        sub.series.add(bucket, value);
      }
    }
  }

  /** A view whose samples carry `tags`. */
  view(tags: Tags = {}): MetricsView {
    return createView(this, tags);
  }

  /**
   * Closes every second that ended before now and returns how many whole seconds have passed;
   * afterwards every series has exactly that many entries.
   */
  closeSeconds(nowMs: number = this.#clock.monotonicMs()): number {
    const done = Math.max(0, Math.floor((nowMs - this.#originMs) / 1000));
    for (const t of this.#tracks()) t.series.closeUpTo(done);
    return done;
  }

  /** Closes the series including the partial last second (at the end of a run). */
  closeAll(nowMs: number = this.#clock.monotonicMs()): number {
    const seconds = Math.max(0, Math.ceil((nowMs - this.#originMs) / 1000));
    for (const t of this.#tracks()) t.series.closeUpTo(seconds);
    return seconds;
  }

  /** Values of every metric and sub-metric for second `i` (already closed). */
  second(i: number): Record<string, SecondValues> {
    const out: Record<string, SecondValues> = {};
    for (const t of this.#tracks()) out[t.key] = t.series.second(i);
    return out;
  }

  /** The per-second columns of every metric and sub-metric. */
  series(): Record<string, MetricSeries> {
    const out: Record<string, MetricSeries> = {};
    for (const t of this.#tracks()) out[t.key] = t.series.out;
    return out;
  }

  /** Type of a metric or sub-metric key, if it exists. */
  typeOf(key: string): MetricType | undefined {
    const sub = this.#subByKey.get(key);
    if (sub) return this.#stores.get(sub.metric)?.type;
    return this.#stores.get(key)?.type;
  }

  /**
   * The value of `aggregation` over a metric or sub-metric (`durationMs` is the run time, for
   * a Counter's per-second rate). Undefined when the metric was never created or the aggregation
   * does not apply to its type.
   */
  observe(key: string, aggregation: Aggregation, durationMs: number): number | undefined {
    const type = this.typeOf(key);
    const agg = this.#subByKey.get(key)?.total ?? this.#stores.get(key)?.total;
    if (!type || !agg) return undefined;
    return observeAggregate(agg, type, aggregation, durationMs);
  }

  /** Every metric and sub-metric in k6's summary shape. Sub-metrics of metrics never created are left out. */
  summarize(durationMs: number): Record<string, MetricSummaryValues> {
    const out: Record<string, MetricSummaryValues> = {};
    for (const store of this.#stores.values()) {
      out[store.key] = { type: store.type, contains: store.contains, values: summaryValues(store.total, durationMs) };
      for (const sub of store.subs) {
        out[sub.key] = { type: store.type, contains: store.contains, values: summaryValues(sub.total, durationMs) };
      }
    }
    return out;
  }

  *#tracks(): Generator<Track> {
    for (const store of this.#stores.values()) {
      yield store;
      yield* store.subs;
    }
  }
}

function observeAggregate(a: Aggregate, type: MetricType, g: Aggregation, durationMs: number): number | undefined {
  switch (type) {
    case "counter":
      if (g.kind === "count") return a.sum;
      if (g.kind === "rate") return durationMs > 0 ? a.sum / (durationMs / 1000) : 0;
      return undefined;
    case "gauge":
      return g.kind === "value" ? a.last : undefined;
    case "rate":
      return g.kind === "rate" ? (a.samples === 0 ? 0 : a.passes / a.samples) : undefined;
    case "trend":
      return observeTrend(a.hist as TrendHistogram, g);
  }
}

function observeTrend(h: TrendHistogram, g: Aggregation): number | undefined {
  switch (g.kind) {
    case "avg":
      return h.avg;
    case "min":
      return h.count === 0 ? 0 : h.min;
    case "max":
      return h.count === 0 ? 0 : h.max;
    case "med":
      return h.percentile(50);
    case "p":
      return h.percentile(g.percentile);
    default:
      return undefined;
  }
}

function summaryValues(a: Aggregate, durationMs: number): Record<string, number> {
  switch (a.type) {
    case "counter":
      return { count: a.sum, rate: durationMs > 0 ? a.sum / (durationMs / 1000) : 0 };
    case "gauge":
      return a.samples === 0 ? { value: 0, min: 0, max: 0 } : { value: a.last, min: a.min, max: a.max };
    case "rate":
      return { rate: a.samples === 0 ? 0 : a.passes / a.samples, passes: a.passes, fails: a.samples - a.passes };
    case "trend": {
      const h = a.hist as TrendHistogram;
      const empty = h.count === 0;
      return {
        count: h.count,
        avg: h.avg,
        min: empty ? 0 : h.min,
        med: h.percentile(50),
        max: empty ? 0 : h.max,
        "p(90)": h.percentile(90),
        "p(95)": h.percentile(95),
        "p(99)": h.percentile(99),
      };
    }
  }
}

function toNumber(name: string, type: MetricType, value: number | boolean | undefined): number {
  if (value === undefined) {
    if (type === "counter") return 1;
    throw new TypeError(`metric "${name}" (${type}): add() needs a value`);
  }
  if (typeof value === "boolean") return value ? 1 : 0;
  if (!Number.isFinite(value)) throw new TypeError(`metric "${name}" (${type}): ${value} is not a finite number`);
  return value;
}

function createView(registry: MetricRegistry, tags: Tags): MetricsView {
  // Handles are cached per view: scenario code calls `metrics.counter("x")` on every iteration.
  const handles = new Map<string, MetricHandle>();
  const handle = (name: string, type: MetricType, contains: MetricContains): MetricHandle => {
    const cached = handles.get(name);
    if (cached && cached.type === type) return cached;
    const store = registry.define(name, type, contains);
    const h: MetricHandle = {
      name,
      type,
      add(value, extra) {
        registry.record(store, toNumber(name, type, value), tags, extra);
      },
    };
    handles.set(name, h);
    return h;
  };
  return {
    tags,
    counter: (name) => handle(name, "counter", "default"),
    gauge: (name) => handle(name, "gauge", "default"),
    rate: (name) => handle(name, "rate", "default"),
    trend: (name, isTime = false) => handle(name, "trend", isTime ? "time" : "default"),
    withTags: (more) => createView(registry, { ...tags, ...more }),
  };
}
