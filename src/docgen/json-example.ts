import type { PageLine } from "./page-sections.ts";
import type { Problems } from "./problems.ts";

/** A JSON example read from a page, with the line it starts on. */
export interface JsonExample {
  value: unknown;
  line: number;
}

/**
 * Reads one JSON value starting at `lines[start]`: scans characters (strings and escapes aware) until the
 * brackets balance. A value the section ends inside is a truncated page; text that does not parse is an
 * error naming its first line.
 */
function readJsonBlock(lines: readonly PageLine[], start: number, problems: Problems): JsonExample | undefined {
  const first = lines[start];
  if (first === undefined) return undefined;
  let depth = 0;
  let inString = false;
  let escaped = false;
  const parts: string[] = [];
  for (let i = start; i < lines.length; i++) {
    const text = lines[i]?.text ?? "";
    parts.push(text);
    for (const ch of text) {
      if (inString) {
        if (escaped) escaped = false;
        else if (ch === "\\") escaped = true;
        else if (ch === '"') inString = false;
      } else if (ch === '"') inString = true;
      else if (ch === "{" || ch === "[") depth++;
      else if (ch === "}" || ch === "]") depth--;
    }
    if (depth <= 0 && !inString) {
      const source = parts.join("\n");
      try {
        return { value: JSON.parse(source), line: first.n };
      } catch (err) {
        problems.report(
          first.n,
          `JSON example does not parse: ${(err as Error).message}`,
          "copy the example exactly as the documentation shows it",
        );
        return undefined;
      }
    }
  }
  problems.report(
    first.n,
    "JSON example is cut off: its brackets never close before the section ends",
    "the page looks truncated; copy the complete example",
  );
  return undefined;
}

/**
 * Finds the success-response JSON example of an "Examples" section: the first value starting with `{` or
 * `[` after a "Sample success responses"/"Success response" line (or anywhere when there is none). An HTTP
 * transcript (`HTTP/1.1 200 OK`, headers) before the JSON is skipped, as its lines start with neither.
 */
export function findSuccessExample(lines: readonly PageLine[], problems: Problems): JsonExample | undefined {
  const marker = lines.findIndex((l) => /^(sample\s+)?success(ful)?\s+responses?$/i.test(l.text.trim()));
  const end = lines.findIndex((l, i) => i > marker && /^(sample\s+)?error\s+responses?$/i.test(l.text.trim()));
  const scope = end < 0 ? lines : lines.slice(0, end);
  for (let i = Math.max(marker, 0); i < scope.length; i++) {
    const t = scope[i]?.text.trim() ?? "";
    if (t.startsWith("{") || t.startsWith("[")) return readJsonBlock(scope, i, problems);
  }
  return undefined;
}

/**
 * Undoes one level of escaping in string values that hold escaped JSON. The Live example's `Data` is
 * written `"{\\\"MsgId\\\":…}"`, which parses to the text `{\"MsgId\":…}`; the API returns the JSON text
 * `{"MsgId":…}` (docs/alibaba/live-event-subscriptions.md#callback-records: `Data` is a JSON-encoded callback payload).
 */
export function repairDoubleEscaped(value: unknown): unknown {
  if (typeof value === "string") return repairString(value);
  if (Array.isArray(value)) return value.map(repairDoubleEscaped);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = repairDoubleEscaped(v);
    return out;
  }
  return value;
}

function repairString(s: string): string {
  if (!s.includes('\\"')) return s;
  try {
    const once = JSON.parse(`"${s}"`) as unknown;
    if (typeof once !== "string") return s;
    const inner = JSON.parse(once) as unknown;
    return inner !== null && typeof inner === "object" ? once : s;
  } catch {
    return s;
  }
}
