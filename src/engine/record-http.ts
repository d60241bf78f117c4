/**
 * Fills k6's built-in HTTP metrics from one response, for scenario code that makes its own requests
 * (the engine does not know HTTP). Names and tags follow k6: `http_reqs` (counter), `http_req_duration`
 * (time trend), `http_req_failed` (rate), tagged `status` and `expected_response`.
 */
import type { MetricsView, Tags } from "./metric-registry.ts";

/** One HTTP exchange. */
export interface HttpSample {
  /** HTTP status; 0 when no response arrived (connection error, timeout). */
  status: number;
  /** Latency in ms; for open-model scenarios measure it from the intended start. */
  durationMs: number;
  /** Extra tags, e.g. `{ code: "Throttling", stage: "2x" }`. */
  tags?: Tags;
  /** Whether the response counts as failed; default: status 0 or outside 200–399, k6's default `expectedStatuses`. */
  failed?: boolean;
}

// One frozen tag object per (status, failed) pair, so a sample without extra tags allocates none
// (this runs once per request: at 20k req/s every allocation shows up as GC and schedule jitter).
const OWN_TAGS = new Map<number, Tags>();
const OWN_TAGS_LIMIT = 1024; // statuses are few; a caller inventing thousands just skips the cache

function ownTags(status: number, failed: boolean): Tags {
  const key = failed ? -1 - status : status;
  let tags = OWN_TAGS.get(key);
  if (tags === undefined) {
    tags = Object.freeze({ status: String(status), expected_response: failed ? "false" : "true" });
    if (OWN_TAGS.size < OWN_TAGS_LIMIT) OWN_TAGS.set(key, tags);
  }
  return tags;
}

/** Records `sample` into `http_reqs`, `http_req_duration` and `http_req_failed`. */
export function recordHttp(metrics: MetricsView, sample: HttpSample): void {
  const failed = sample.failed ?? (sample.status < 200 || sample.status > 399);
  const own = ownTags(sample.status, failed);
  const tags: Tags = sample.tags ? { ...sample.tags, ...own } : own;
  metrics.counter("http_reqs").add(1, tags);
  metrics.trend("http_req_duration", true).add(sample.durationMs, tags);
  metrics.rate("http_req_failed").add(failed, tags);
}
