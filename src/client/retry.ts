/**
 * Retries of functional calls on throttling (not of load measurements, which pass `retry: false`).
 * Throttled = POP `Throttling`, `Throttling.User`, `Throttling.Api` (docs/alibaba/pop-errors.md#flow-control) or SLS
 * 403 `MetaOperationQpsLimitExceeded` (docs/alibaba/sls-errors.md#common-codes). The wait honours `x-acs-retry-after`
 * (milliseconds, only values > 0 count: darabonba 8b916ca), else grows exponentially; attempts and total time are
 * bounded.
 */
import type { Clock } from "../core/clock.ts";
import type { Exchange } from "./exchange.ts";

/** Bounds of the retry loop. */
export interface RetryPolicy {
  /** Requests in all, the first included; default 4. */
  maxAttempts: number;
  /** No retry starts once this much time (ms, from the first request) would be exceeded; default 20 000. */
  maxTotalMs: number;
  /** First back-off without `x-acs-retry-after`, doubled per retry; default 200. */
  baseDelayMs: number;
  /** Cap of one wait, also applied to `x-acs-retry-after`; default 5 000. */
  maxDelayMs: number;
}

/** The default policy. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  maxTotalMs: 20_000,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
};

/** Injected time: the clock measures, `sleep` waits. */
export interface RetryDeps {
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
}

const POP_THROTTLING = new Set(["Throttling", "Throttling.User", "Throttling.Api"]);

/** The error code of a POP (`Code`) or SLS (`errorCode`) error body, if any. */
export function readErrorCode(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const b = body as Record<string, unknown>;
  const code = b.Code ?? b.errorCode ?? b.code;
  return typeof code === "string" ? code : undefined;
}

/** True when the exchange is a throttling rejection. */
export function isThrottled(ex: Exchange): boolean {
  if (ex.status < 400) return false;
  const code = readErrorCode(ex.body);
  if (code !== undefined && POP_THROTTLING.has(code)) return true;
  return ex.status === 403 && code === "MetaOperationQpsLimitExceeded";
}

/** The wait before retry number `retry` (1-based) after `ex`. */
export function computeRetryDelayMs(ex: Exchange, retry: number, policy: RetryPolicy): number {
  const header = Number(ex.headers["x-acs-retry-after"]);
  if (Number.isFinite(header) && header > 0) return Math.min(header, policy.maxDelayMs);
  return Math.min(policy.baseDelayMs * 2 ** (retry - 1), policy.maxDelayMs);
}

/**
 * Runs `attempt` (which must build and sign a fresh request each time: new date, new nonce) until it
 * is not throttled, the attempts are used up, or the next wait would pass `maxTotalMs`. Returns the
 * last exchange with `attempts` set.
 */
export async function sendWithRetry(
  attempt: (n: number) => Promise<Exchange>,
  policy: RetryPolicy,
  deps: RetryDeps,
): Promise<Exchange> {
  const start = deps.clock.monotonicMs();
  for (let n = 1; ; n++) {
    const ex = await attempt(n);
    if (!isThrottled(ex) || n >= policy.maxAttempts) return { ...ex, attempts: n };
    const delay = computeRetryDelayMs(ex, n, policy);
    if (deps.clock.monotonicMs() - start + delay > policy.maxTotalMs) return { ...ex, attempts: n };
    await deps.sleep(delay);
  }
}
