import type { PageLine } from "./page-sections.ts";
import type { Problems } from "./problems.ts";

/** A JSON example read from a page, with the line it starts on. */
export interface JsonExample {
  value: unknown;
  line: number;
  /** The page's example was cut off (or broken) and closed after its last complete member. */
  cut?: true;
}

/** String and escape state of a JSON text read character by character. */
class JsonScanner {
  private inString = false;
  private escaped = false;

  /** True when `ch` is structural (outside strings); updates the string state. */
  structural(ch: string): boolean {
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (ch === "\\") this.escaped = true;
      else if (ch === '"') this.inString = false;
      return false;
    }
    if (ch === '"') this.inString = true;
    return !this.inString;
  }

  get insideString(): boolean {
    return this.inString;
  }
}

function depthChange(ch: string): number {
  if (ch === "{" || ch === "[") return 1;
  return ch === "}" || ch === "]" ? -1 : 0;
}

function parseBlock(source: string, line: number, problems: Problems): JsonExample | undefined {
  try {
    return { value: JSON.parse(source), line };
  } catch (err) {
    problems.report(
      line,
      `JSON example does not parse: ${(err as Error).message}`,
      "copy the example exactly as the documentation shows it",
    );
    // --lenient keeps the members before the text that does not parse (`{ ... }` placeholders).
    const repaired = closeCutJson(source);
    return repaired === undefined ? undefined : { value: repaired, line, cut: true };
  }
}

/**
 * Reads one JSON value starting at `lines[start]`: scans characters (strings and escapes aware) until the
 * brackets balance. A value the section ends inside is a truncated page; text that does not parse is an
 * error naming its first line.
 */
function readJsonBlock(lines: readonly PageLine[], start: number, problems: Problems): JsonExample | undefined {
  const first = lines[start];
  if (first === undefined) return undefined;
  const scanner = new JsonScanner();
  let depth = 0;
  const parts: string[] = [];
  for (const line of lines.slice(start)) {
    parts.push(line.text);
    for (const ch of line.text) if (scanner.structural(ch)) depth += depthChange(ch);
    if (depth <= 0 && !scanner.insideString) return parseBlock(parts.join("\n"), first.n, problems);
  }
  problems.report(
    first.n,
    "JSON example is cut off: its brackets never close before the section ends",
    "copy the complete example",
  );
  // --lenient keeps what the cut-off example shows: its complete members, closed.
  const repaired = closeCutJson(parts.join("\n"));
  return repaired === undefined ? undefined : { value: repaired, line: first.n, cut: true };
}

/** Where a cut-off JSON text can be cut and closed: before a `,` or after a `{`/`[`, outside strings. */
function cutPoints(source: string): { at: number; closers: string }[] {
  const cuts: { at: number; closers: string }[] = [];
  const closers: string[] = [];
  const scanner = new JsonScanner();
  for (let i = 0; i < source.length; i++) {
    const ch = source[i] ?? "";
    if (!scanner.structural(ch)) continue;
    if (ch === "{" || ch === "[") {
      closers.unshift(ch === "{" ? "}" : "]");
      cuts.push({ at: i + 1, closers: closers.join("") });
    } else if (ch === "}" || ch === "]") closers.shift();
    else if (ch === ",") cuts.push({ at: i, closers: closers.join("") });
  }
  return cuts;
}

/** Parses the longest prefix of a cut-off JSON text that can be closed (see `cutPoints`). */
function closeCutJson(source: string): unknown {
  for (const cut of cutPoints(source).slice(-64).reverse()) {
    try {
      return JSON.parse(source.slice(0, cut.at) + cut.closers) as unknown;
    } catch {
      // try the cut before
    }
  }
  return undefined;
}

// "Sample success responses", "Success response", and the Chinese pages' 正常返回示例 / 返回示例 / 响应示例.
const SUCCESS_MARKER =
  /^((sample\s+)?success(ful)?\s+responses?|response\s+examples?|正常返回示例|返回示例|响应示例|響應示例|返回結果示例)[:：]?$/i;
const ERROR_MARKER =
  /^((sample\s+)?error\s+responses?|exception return example|异常返回示例|異常返回示例|错误返回示例)[:：]?$/i;
// The JSON block of an HTTP transcript's headers (`Header :` then `{ x-log-apiversion=… }`) is not the body.
const HEADER_LABEL = /^(request\s+)?headers?\s*[:：]?$/i;

/**
 * Finds the success-response JSON example of an "Examples" section: the first value starting with `{` or
 * `[` after a success marker ("Sample success responses", 正常返回示例; anywhere when there is none),
 * before an error marker. An HTTP transcript (`HTTP/1.1 200 OK`, headers) before the JSON is skipped,
 * as its lines start with neither, and so is a JSON block of headers.
 */
export function findSuccessExample(lines: readonly PageLine[], problems: Problems): JsonExample | undefined {
  const marker = lines.findIndex((l) => SUCCESS_MARKER.test(l.text.trim()));
  const end = lines.findIndex((l, i) => i > marker && ERROR_MARKER.test(l.text.trim()));
  const scope = end < 0 ? lines : lines.slice(0, end);
  let previous = "";
  for (let i = Math.max(marker, 0); i < scope.length; i++) {
    const t = scope[i]?.text.trim() ?? "";
    if ((t.startsWith("{") || t.startsWith("[")) && !HEADER_LABEL.test(previous))
      return readJsonBlock(scope, i, problems);
    if (t !== "") previous = t;
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
