import type { XTimeWindow } from "../openapi/extensions.ts";
import { NUMBER_PATTERN, parseDuration } from "./number-words.ts";

const UNIT = "(seconds?|minutes?|hours?|days?|weeks?)";

/** Splits prose into sentences (bullets and line breaks end sentences too). */
function sentences(text: string): string[] {
  return text
    .split(/\n|(?<=[.!?])\s+/)
    .map((s) => s.replace(/^[\s•\-*]+/, "").trim())
    .filter((s) => s !== "");
}

/**
 * Reads time-window rules from the operation description (ListEventSubEvent):
 * "The maximum time range to query is seven days." → maxSpanSeconds; "You can query data in the last
 * seven days." → maxAgeSeconds; "The minimum time granularity to query is 1 minute." → granularitySeconds.
 * `start`/`end` name the parameter pair; returns undefined when no rule is stated.
 */
export function parseTimeWindow(description: string, start: string, end: string): XTimeWindow | undefined {
  const span = new RegExp(
    `(?:maximum|max\\.?|longest)\\s+(?:time\\s+)?(?:range|span|interval)[^.]*?\\s(?:is|of|:)\\s*(${NUMBER_PATTERN})\\s+${UNIT}|(?:time\\s+)?(?:range|span)[^.]*?(?:cannot|can't|must not|may not)\\s+exceed\\s+(${NUMBER_PATTERN})\\s+${UNIT}`,
    "i",
  );
  const age = new RegExp(
    `(?:in|within|from|of)\\s+the\\s+(?:last|past|most recent)\\s+(${NUMBER_PATTERN})\\s+${UNIT}`,
    "i",
  );
  const gran = new RegExp(`granularity[^.]*?\\s(?:is|of|:)\\s*(${NUMBER_PATTERN})\\s+${UNIT}`, "i");
  const window: XTimeWindow = { start, end, source: [] };
  for (const s of sentences(description)) {
    let used = false;
    const g = gran.exec(s);
    if (g !== null) {
      const v = parseDuration(g[1] ?? "", g[2] ?? "");
      if (v !== undefined && window.granularitySeconds === undefined) {
        window.granularitySeconds = v;
        used = true;
      }
    }
    const sp = span.exec(s);
    if (sp !== null && g === null) {
      const v = parseDuration(sp[1] ?? sp[3] ?? "", sp[2] ?? sp[4] ?? "");
      if (v !== undefined && window.maxSpanSeconds === undefined) {
        window.maxSpanSeconds = v;
        used = true;
      }
    }
    const a = age.exec(s);
    if (a !== null && sp === null) {
      const v = parseDuration(a[1] ?? "", a[2] ?? "");
      if (v !== undefined && window.maxAgeSeconds === undefined) {
        window.maxAgeSeconds = v;
        used = true;
      }
    }
    if (used) window.source.push(s);
  }
  if (window.source.length === 0) return undefined;
  // Fixed key order, so the committed spec is byte-stable.
  const out = { start, end } as XTimeWindow;
  if (window.maxSpanSeconds !== undefined) out.maxSpanSeconds = window.maxSpanSeconds;
  if (window.maxAgeSeconds !== undefined) out.maxAgeSeconds = window.maxAgeSeconds;
  if (window.granularitySeconds !== undefined) out.granularitySeconds = window.granularitySeconds;
  out.source = window.source;
  return out;
}

/** Finds the start/end parameter pair among parameter names (`StartTime`/`EndTime`, `from`/`to`). */
export function findTimeParameters(names: readonly string[]): { start: string; end: string } | undefined {
  const start = names.find((n) => /^start(time)?$|starttime$|^from$/i.test(n));
  const end = names.find((n) => /^end(time)?$|endtime$|^to$/i.test(n));
  return start !== undefined && end !== undefined ? { start, end } : undefined;
}
