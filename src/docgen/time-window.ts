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

const SPAN = new RegExp(
  `(?:maximum|max\\.?|longest)\\s+(?:time\\s+)?(?:range|span|interval)[^.]*?\\s(?:is|of|:)\\s*(${NUMBER_PATTERN})\\s+${UNIT}|(?:time\\s+)?(?:range|span)[^.]*?(?:cannot|can't|must not|may not)\\s+exceed\\s+(${NUMBER_PATTERN})\\s+${UNIT}`,
  "i",
);
const AGE = new RegExp(
  `(?:in|within|from|of)\\s+the\\s+(?:last|past|most recent)\\s+(${NUMBER_PATTERN})\\s+${UNIT}`,
  "i",
);
const GRANULARITY = new RegExp(`granularity[^.]*?\\s(?:is|of|:)\\s*(${NUMBER_PATTERN})\\s+${UNIT}`, "i");

type Rule = "granularitySeconds" | "maxSpanSeconds" | "maxAgeSeconds";

/**
 * The rule one sentence states, tried in order: a granularity sentence is not a span ("the time
 * granularity … is 1 minute"), a span sentence is not an age ("… range … in the last seven days").
 */
function ruleOf(sentence: string): { rule: Rule; seconds: number | undefined } | undefined {
  const g = GRANULARITY.exec(sentence);
  if (g !== null) return { rule: "granularitySeconds", seconds: parseDuration(g[1] ?? "", g[2] ?? "") };
  const sp = SPAN.exec(sentence);
  if (sp !== null)
    return { rule: "maxSpanSeconds", seconds: parseDuration(sp[1] ?? sp[3] ?? "", sp[2] ?? sp[4] ?? "") };
  const a = AGE.exec(sentence);
  if (a !== null) return { rule: "maxAgeSeconds", seconds: parseDuration(a[1] ?? "", a[2] ?? "") };
  return undefined;
}

/**
 * Reads time-window rules from the operation description (ListEventSubEvent):
 * "The maximum time range to query is seven days." → maxSpanSeconds; "You can query data in the last
 * seven days." → maxAgeSeconds; "The minimum time granularity to query is 1 minute." → granularitySeconds.
 * `start`/`end` name the parameter pair; returns undefined when no rule is stated.
 */
export function parseTimeWindow(description: string, start: string, end: string): XTimeWindow | undefined {
  const found: Partial<Record<Rule, number>> = {};
  const source: string[] = [];
  for (const s of sentences(description)) {
    const r = ruleOf(s);
    if (r === undefined || r.seconds === undefined || found[r.rule] !== undefined) continue;
    found[r.rule] = r.seconds;
    source.push(s);
  }
  if (source.length === 0) return undefined;
  // Fixed key order, so the committed spec is byte-stable.
  const out = { start, end } as XTimeWindow;
  for (const k of ["maxSpanSeconds", "maxAgeSeconds", "granularitySeconds"] as const)
    if (found[k] !== undefined) out[k] = found[k];
  out.source = source;
  return out;
}

/** Finds the start/end parameter pair among parameter names (`StartTime`/`EndTime`, `from`/`to`). */
export function findTimeParameters(names: readonly string[]): { start: string; end: string } | undefined {
  const start = names.find((n) => /^start(time)?$|starttime$|^from$/i.test(n));
  const end = names.find((n) => /^end(time)?$|endtime$|^to$/i.test(n));
  return start !== undefined && end !== undefined ? { start, end } : undefined;
}
