/**
 * A time series in a few characters, for reports without charts (summary.md): how many seconds it covers, its
 * minimum, median and maximum, and a sparkline (one block character per second, or per group of seconds when
 * there are more than {@link SPARK_WIDTH}, drawing the group's maximum). Pure and deterministic.
 */
import type { TimeSeries } from "./run-summary.ts";

/** Most characters of a sparkline. */
export const SPARK_WIDTH = 60;

const BLOCKS = "▁▂▃▄▅▆▇█";

/** What a series comes to. `min`, `median`, `max` are null when it has no value at all. */
export interface SeriesDigest {
  seconds: number;
  min: number | null;
  median: number | null;
  max: number | null;
  /** Block characters from ▁ (the minimum) to █ (the maximum); a space for a stretch without values. */
  spark: string;
}

function groupMax(values: readonly (number | null)[], width: number): (number | null)[] {
  if (values.length <= width) return [...values];
  const out: (number | null)[] = [];
  for (let i = 0; i < width; i++) {
    const from = Math.floor((i * values.length) / width);
    const to = Math.floor(((i + 1) * values.length) / width);
    let m: number | null = null;
    for (const v of values.slice(from, to)) if (v !== null && (m === null || v > m)) m = v;
    out.push(m);
  }
  return out;
}

/** The digest of `series`. */
export function digestSeries(series: TimeSeries): SeriesDigest {
  const present = series.values.filter((v): v is number => v !== null && Number.isFinite(v));
  const sorted = [...present].sort((a, b) => a - b);
  const min = sorted[0] ?? null;
  const max = sorted.at(-1) ?? null;
  const median = sorted.length === 0 ? null : (sorted[Math.floor((sorted.length - 1) / 2)] ?? null);
  const span = min === null || max === null ? 0 : max - min;
  const spark = groupMax(series.values, SPARK_WIDTH)
    .map((v) => {
      if (v === null || min === null) return " ";
      const level = span === 0 ? 0 : Math.round(((v - min) / span) * (BLOCKS.length - 1));
      return BLOCKS[level] ?? " ";
    })
    .join("");
  return { seconds: series.t.length, min, median, max, spark };
}
