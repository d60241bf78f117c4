/**
 * The small context port every scenario is written against (docs/design.md#engine-neutral-scenarios): HTTP, time,
 * metrics, logging and the crypto port for signing. The k6 entry points implement it over `k6/http`,
 * `k6`'s `sleep` and `k6/metrics` (load/k6/k6-port.ts); the built-in engine over undici and the
 * engine's iteration context (src/load-runner/node-port.ts). Scenario modules import neither `node:*` nor
 * `k6/*`: they only see this interface.
 */
import type { CryptoPort } from "../../src/signing/crypto-port.ts";
import type { MaybePromise } from "./flow.ts";

/** Tags on a metric sample or request (k6 tags: string values). */
export type SampleTags = Readonly<Record<string, string>>;

/** A fully built and signed request. */
export interface HttpRequestSpec {
  method: string;
  /** Absolute URL including the query string. */
  url: string;
  /** Header names as sent; `host` may differ from the URL's host (a mock reached by address). */
  headers: Record<string, string>;
  body?: string;
  /** Tags for the engine's built-in HTTP metrics (`http_reqs`, `http_req_duration`). */
  tags?: SampleTags;
  /** Give up after this long; default 10 s. */
  timeoutMs?: number;
}

/** What came back. `status` 0 means no response (connection refused, dropped, timed out). */
export interface HttpResult {
  status: number;
  /** Lowercase header names. */
  headers: Record<string, string>;
  body: string;
  /** From sending the request to the end of the response body, ms. */
  durationMs: number;
  /** Transport error text when `status` is 0. */
  error?: string;
}

/** k6's four metric types (k6/metrics). */
export type MetricKind = "counter" | "gauge" | "rate" | "trend";

/** A custom metric a scenario records; k6 needs them declared in its init context, hence a list. */
export interface MetricDefinition {
  name: string;
  kind: MetricKind;
  /** Trend of milliseconds (k6 `new Trend(name, true)`). */
  isTime?: boolean;
}

/** Where scenario code records samples; the metric must be one of the scenario's definitions. */
export interface MetricSink {
  add(name: string, value: number, tags?: SampleTags): void;
}

/** Diagnostics (never secrets). */
export interface ScenarioLog {
  info(message: string): void;
  warn(message: string): void;
}

/** The port. */
export interface ScenarioPort {
  /** Sends a signed request; never throws for HTTP errors or transport failures (status 0 instead). */
  request(spec: HttpRequestSpec): MaybePromise<HttpResult>;
  /** A millisecond clock for durations and schedules (monotonic in Node, `Date.now()` in k6). */
  nowMs(): number;
  /** Wall-clock epoch ms, for signature dates and time windows. */
  wallMs(): number;
  /** Waits `ms` (k6: blocking `sleep`; Node: the engine's scheduler). */
  sleep(ms: number): MaybePromise<void>;
  metrics: MetricSink;
  log: ScenarioLog;
  /** HMAC/SHA/MD5 for the signers (node-crypto in Node, k6-crypto in k6). */
  crypto: CryptoPort;
}
