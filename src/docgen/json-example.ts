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
    "copy the complete example",
  );
  // --lenient keeps what the cut-off example shows: its complete members, closed.
  const repaired = closeCutJson(parts.join("\n"));
  return repaired === undefined ? undefined : { value: repaired, line: first.n };
}

/**
 * Parses the longest prefix of a cut-off JSON text that can be closed: it is cut before a `,` (or
 * after a `{`/`[`) outside strings, and the brackets still open there are closed.
 */
export function closeCutJson(source: string): unknown {
  const cuts: { at: number; closers: string }[] = [];
  const stack: string[] = [];
  let inString = false;
  let escaped = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i] ?? "";
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === "\\") escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === "{" || ch === "[") {
      stack.push(ch === "{" ? "}" : "]");
      cuts.push({ at: i + 1, closers: [...stack].reverse().join("") });
    } else if (ch === "}" || ch === "]") stack.pop();
    else if (ch === ",") cuts.push({ at: i, closers: [...stack].reverse().join("") });
  }
  for (const cut of cuts.slice(-64).reverse()) {
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
 * `{"MsgId":…}` (alibaba-api-facts.md §6: `Data` is a JSON-encoded callback payload).
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
