/**
 * k6-style durations ("30s", "1m30s", "500ms", "2h", "1.5s") or plain milliseconds.
 * k6 writes every scenario duration this way (docs/peer-conventions.md#arrival-rate-executors), so scenario modules
 * shared with k6 can hand their options to this engine unchanged.
 */

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/y;

/** A duration option: a k6 duration string or a number of milliseconds. */
export type DurationInput = string | number;

/**
 * Parses a duration into milliseconds. `what` names the option in the error message
 * (e.g. `scenarios.load.duration`), so a typo tells the user exactly where to look.
 */
export function parseDuration(input: DurationInput, what: string): number {
  if (typeof input === "number") {
    if (!Number.isFinite(input) || input < 0) {
      throw new RangeError(
        `${what}: ${input} is not a duration; use a non-negative number of ms or a string like "30s"`,
      );
    }
    return input;
  }
  const text = input.trim();
  if (text === "0") return 0;
  let total = 0;
  let pos = 0;
  PART.lastIndex = 0;
  while (pos < text.length) {
    PART.lastIndex = pos;
    const m = PART.exec(text);
    if (!m) break;
    total += Number(m[1]) * (UNIT_MS[m[2] ?? ""] ?? Number.NaN);
    pos = PART.lastIndex;
  }
  if (text.length === 0 || pos !== text.length || !Number.isFinite(total)) {
    throw new RangeError(
      `${what}: "${input}" is not a duration; write it like k6 does, e.g. "500ms", "30s", "1m30s", "2h", or a number of ms`,
    );
  }
  return total;
}
