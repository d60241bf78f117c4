/**
 * The time-range rules of a pair of epoch-second parameters (`x-time-window`, e.g. ListEventSubEvent's
 * StartTime/EndTime): "maximum time range … seven days", "data in the last seven days", "minimum time
 * granularity … 1 minute" (docs/alibaba/live-event-subscriptions.md#time-window). The docs name no error for a
 * violation (docs/unconfirmed-behaviour.md#listeventsubevent-time-window-errors), so the error status and code are
 * options, default 400 `InputInvalid` (the operation's documented input error).
 *
 * Reading of "granularity 1 minute" (docs/unconfirmed-behaviour.md#listeventsubevent-time-window-errors leaves it
 * open):
 * - `truncate` (default): times need not be whole minutes; the query covers whole minutes, from the minute
 *   containing StartTime through the minute containing EndTime. The doc's own example pairs a whole-minute
 *   StartTime (1698195600) with an EndTime that is not one (1698201013), which suggests input is not rejected.
 * - `reject`: StartTime and EndTime must be whole minutes, otherwise the error names the rule.
 * In both modes EndTime's minute is included, so no record timed within [StartTime, EndTime] is missed.
 * The age rule allows StartTime anywhere in the minute containing "now − maxAge", since that minute is
 * partly inside the allowed range. StartTime > EndTime is refused; EndTime in the future is allowed.
 */
import type { XTimeWindow } from "../../openapi/extensions.ts";
import { type DomainError, failWith } from "./domain-error.ts";

/** How violations are reported and how granularity is read. */
export interface TimeWindowOptions {
  granularity: "truncate" | "reject";
  errorStatus: number;
  errorCode: string;
}

/** Default: truncate to minutes, 400 InputInvalid. */
export const defaultTimeWindowOptions: Readonly<TimeWindowOptions> = Object.freeze({
  granularity: "truncate",
  errorStatus: 400,
  errorCode: "InputInvalid",
});

/** The half-open millisecond range a checked window covers. */
export interface ResolvedTimeWindow {
  startMs: number;
  endMs: number;
}

/**
 * `undefined` when `params[window.start]`/`params[window.end]` satisfy every rule of `window` at `nowMs`,
 * otherwise the error to answer with; its message names the parameter and the rule.
 * Parameter values may be numbers or decimal strings (RPC parameters arrive as strings).
 */
export function checkTimeWindow(
  window: XTimeWindow,
  params: Readonly<Record<string, unknown>>,
  nowMs: number,
  options: Readonly<TimeWindowOptions> = defaultTimeWindowOptions,
): DomainError | undefined {
  const start = readEpochSeconds(params[window.start]);
  const end = readEpochSeconds(params[window.end]);
  if (start === undefined) return fail(options, `${window.start} must be a UNIX timestamp in seconds.`);
  if (end === undefined) return fail(options, `${window.end} must be a UNIX timestamp in seconds.`);
  if (start > end) return fail(options, `${window.start} (${start}) must not be later than ${window.end} (${end}).`);
  const g = window.granularitySeconds ?? 1;
  if (options.granularity === "reject" && g > 1 && (start % g !== 0 || end % g !== 0)) {
    return fail(
      options,
      `${window.start} and ${window.end} must be whole multiples of ${g} s (rule granularitySeconds=${g}: "${ruleSentence(window, "granularity")}").`,
    );
  }
  if (window.maxSpanSeconds !== undefined && end - start > window.maxSpanSeconds) {
    return fail(
      options,
      `${window.end} − ${window.start} is ${end - start} s, more than ${window.maxSpanSeconds} s (rule maxSpanSeconds: "${ruleSentence(window, "range")}").`,
    );
  }
  if (window.maxAgeSeconds !== undefined) {
    const oldestAllowed = Math.floor((Math.floor(nowMs / 1000) - window.maxAgeSeconds) / g) * g;
    if (start < oldestAllowed) {
      return fail(
        options,
        `${window.start} (${start}) is older than ${window.maxAgeSeconds} s before now (rule maxAgeSeconds: "${ruleSentence(window, "last")}").`,
      );
    }
  }
  return undefined;
}

/** The millisecond range a window passed by `checkTimeWindow` covers: whole granules, EndTime's included. */
export function resolveTimeWindow(
  window: XTimeWindow,
  params: Readonly<Record<string, unknown>>,
): ResolvedTimeWindow | undefined {
  const start = readEpochSeconds(params[window.start]);
  const end = readEpochSeconds(params[window.end]);
  if (start === undefined || end === undefined) return undefined;
  const g = window.granularitySeconds ?? 1;
  return { startMs: Math.floor(start / g) * g * 1000, endMs: (Math.floor(end / g) * g + g) * 1000 };
}

/** The configured error for a violated rule (a plain function: this runs on every ListEventSubEvent request). */
function fail(options: Readonly<TimeWindowOptions>, message: string): DomainError {
  return failWith(options.errorStatus, options.errorCode, message).error;
}

function readEpochSeconds(value: unknown): number | undefined {
  const n = typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof n === "number" && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** The page's sentence for a rule, found by a keyword, else a generic name; for error messages only. */
function ruleSentence(window: XTimeWindow, keyword: string): string {
  return window.source.find((s) => s.toLowerCase().includes(keyword)) ?? `${keyword} rule`;
}
