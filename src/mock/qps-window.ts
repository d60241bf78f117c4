/**
 * The window an operation's `x-qps-limit` counts over: `x-qps-limit-window` "second" (the default: a QPS limit)
 * or "minute" (pages such as Live DescribeLiveStreamsOnlineList: "up to 10,000 times per minute per account").
 * Both are enforced alike, as a sliding window (src/mock/domain/rate-limiter.ts).
 */
import { REGENERATE_HINT, SpecError } from "../openapi/spec-error.ts";

const WINDOWS: Readonly<Record<string, number>> = { second: 1000, minute: 60_000 };

/** The window of `operation` (its OpenAPI object) in ms; a SpecError names an unknown window. */
export function readQpsWindowMs(operationId: string, operation: Readonly<Record<string, unknown>> | undefined): number {
  const window = operation?.["x-qps-limit-window"];
  if (window === undefined) return WINDOWS.second as number;
  const ms = typeof window === "string" ? WINDOWS[window] : undefined;
  if (ms === undefined)
    throw new SpecError(
      `operation '${operationId}' has x-qps-limit-window ${JSON.stringify(window)}; use "second" or "minute". ${REGENERATE_HINT}`,
    );
  return ms;
}
