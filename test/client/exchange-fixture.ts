// An `Exchange` as a client returns it, for tests of what reads one (retry, describeError): the body as
// given, its JSON as the raw body, one attempt.
import type { Exchange } from "../../src/client/exchange.ts";

/** A one-attempt exchange with `status`, `body` (rawBody = its JSON) and `headers` (lowercase names). */
export function buildExchange(status: number, body: unknown, headers: Record<string, string> = {}): Exchange {
  return {
    status,
    headers,
    body,
    rawBody: JSON.stringify(body),
    timings: { startMs: 0, ttfbMs: 1, totalMs: 1 },
    attempts: 1,
  };
}
