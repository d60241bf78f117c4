const UNITS: Record<string, number> = {
  zero: 0,
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

/**
 * Parses a count written in digits or English words, as the pages do ("seven days", "1 minute",
 * "twenty-four hours", "one hundred"). Returns undefined for anything else.
 */
export function parseNumberWord(text: string): number | undefined {
  const t = text.trim().toLowerCase().replace(/,/g, "");
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  const words = t.split(/[\s-]+/).filter((w) => w !== "" && w !== "and");
  if (words.length === 0) return undefined;
  let total = 0;
  let group = 0;
  for (const w of words) {
    const unit = UNITS[w];
    const ten = TENS[w];
    if (unit !== undefined) group += unit;
    else if (ten !== undefined) group += ten;
    else if (w === "hundred") group = (group || 1) * 100;
    else if (w === "thousand") {
      total += (group || 1) * 1000;
      group = 0;
    } else return undefined;
  }
  return total + group;
}

const UNIT_SECONDS: Record<string, number> = {
  second: 1,
  sec: 1,
  s: 1,
  minute: 60,
  min: 60,
  hour: 3600,
  h: 3600,
  day: 86_400,
  d: 86_400,
  week: 604_800,
};

/** Seconds in one of a time unit word ("seconds", "minute", "days"), or undefined. */
export function secondsPerUnit(unit: string): number | undefined {
  const u = unit.trim().toLowerCase().replace(/s$/, "");
  return UNIT_SECONDS[u] ?? UNIT_SECONDS[unit.trim().toLowerCase()];
}

/** The number pattern used by the prose parsers: digits, or up to three number words. */
export const NUMBER_PATTERN = "\\d+(?:\\.\\d+)?|[a-z]+(?:[\\s-][a-z]+){0,2}?";

/** Parses "<number> <unit>" ("seven days", "1 minute") into seconds, or undefined. */
export function parseDuration(count: string, unit: string): number | undefined {
  const n = parseNumberWord(count);
  const s = secondsPerUnit(unit);
  return n === undefined || s === undefined ? undefined : n * s;
}
