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

/** Records `sample` into `http_reqs`, `http_req_duration` and `http_req_failed`. */
export function recordHttp(metrics: MetricsView, sample: HttpSample): void {
  const failed = sample.failed ?? (sample.status < 200 || sample.status > 399);
  const own = { status: String(sample.status), expected_response: failed ? "false" : "true" };
  const tags: Tags = sample.tags ? { ...sample.tags, ...own } : own;
  metrics.counter("http_reqs").add(1, tags);
  metrics.trend("http_req_duration", true).add(sample.durationMs, tags);
  metrics.rate("http_req_failed").add(failed, tags);
}
