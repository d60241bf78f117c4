/**
 * One stage of the rate-limit scenario as the run summary records it (summary `load.scenarios[].stages[]`,
 * docs/summary-schema.md). A module of its own, free of runtime code, so the k6 scenario that computes
 * the stages (load/scenarios/rate-limit-report.ts) can share the type: load/tsconfig.json checks the
 * k6 code without Node's or the DOM's types, and run-summary.ts uses `URL`.
 */

/** One stage of the rate-limit scenario: a constant offered rate held for `durationMs`. */
export interface RateLimitStage {
  name: string;
  durationMs: number;
  offeredRps: number;
  /** Requests that went out (open model: scheduled minus dropped). */
  sent: number;
  admitted: number;
  /** Throttled responses by error code, e.g. { "Throttling.User": 120 }. */
  throttled: Record<string, number>;
  /** Responses that were neither admitted nor throttled (other errors, transport failures). */
  errors: number;
  /** Requests the engine could not send on schedule (k6 `dropped_iterations`). */
  dropped: number;
  /** Latency of admitted requests in ms, measured from the intended send time; null when none were admitted. */
  latency: { p50: number | null; p95: number | null; p99: number | null };
}
