/**
 * Latency distribution for a Trend: an HDR histogram (hdr-histogram-js, 3 significant digits) of
 * microseconds, plus exact count/sum/min/max. HDR keeps memory constant at any request rate, where
 * k6 keeps every sample; percentiles therefore carry ≤ 0.1 % relative error (plus the 1 µs floor).
 * HDR cannot hold negative values, and custom Trends may be negative (e.g. "evicted 200 ms before the
 * timeout"), so negatives go to a second histogram of magnitudes and percentiles span both.
 */
import { build, type Histogram } from "hdr-histogram-js";

const US_PER_MS = 1000;

function makeHistogram(): Histogram {
  return build({ numberOfSignificantValueDigits: 3, autoResize: true, lowestDiscernibleValue: 1 });
}

/** Percentile statistics of one metric's values, in the unit they were recorded (ms for time). */
export class TrendHistogram {
  #pos: Histogram = makeHistogram();
  #neg: Histogram | undefined;
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;

  /** Records one value (milliseconds for time trends). Non-finite values are ignored. */
  record(value: number): void {
    if (!Number.isFinite(value)) return;
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (value >= 0) {
      this.#pos.recordValue(Math.round(value * US_PER_MS));
    } else {
      this.#neg ??= makeHistogram();
      this.#neg.recordValue(Math.round(-value * US_PER_MS));
    }
  }

  /** The value at percentile `p` (0–100); 0 when empty, as k6 reports an empty Trend. */
  percentile(p: number): number {
    if (this.count === 0) return 0;
    if (p <= 0) return this.min;
    if (p >= 100) return this.max;
    const negCount = this.#neg?.totalCount ?? 0;
    const rank = (p / 100) * this.count;
    let v: number;
    if (negCount > 0 && rank <= negCount) {
      // The k-th smallest negative is the (negCount-k)-th largest magnitude.
      const q = 100 * (1 - rank / negCount);
      v = -(this.#neg as Histogram).getValueAtPercentile(Math.min(100, Math.max(0, q))) / US_PER_MS;
    } else {
      const posCount = this.count - negCount;
      const q = (100 * (rank - negCount)) / posCount;
      v = this.#pos.getValueAtPercentile(Math.min(100, Math.max(0, q))) / US_PER_MS;
    }
    // HDR answers with the top of a bucket; never report beyond the exact extremes.
    return Math.min(this.max, Math.max(this.min, v));
  }

  /** Mean, or 0 when empty. */
  get avg(): number {
    return this.count === 0 ? 0 : this.sum / this.count;
  }

  /** Forgets every value (the per-second buckets reuse one histogram). */
  reset(): void {
    this.#pos.reset();
    this.#neg?.reset();
    this.count = 0;
    this.sum = 0;
    this.min = Number.POSITIVE_INFINITY;
    this.max = Number.NEGATIVE_INFINITY;
  }
}
