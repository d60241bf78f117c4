/**
 * A contract violation as data (docs/design.md#errors-are-data): reporters render from these fields,
 * never by parsing `message`.
 */
export interface Violation {
  operationId: string;
  /** e.g. "request.query", "request.path", "request.header", "request.body", "response.body", "response.status", "response.content-type" */
  check: string;
  /** Human-readable, from the schema (e.g. "integer ≥ 1 and ≤ 100"). */
  expected: string;
  /** The received value, JSON-rendered and truncated to 200 chars. */
  actual: string;
  /** RFC 6901 pointer into the validated instance, e.g. "/Logs/0/Cost" (for parameters: "/<name>"). */
  jsonPointer: string;
  /** For request parameters: its name. */
  parameter?: string;
  /** One line, "… Received … / Documented …". */
  message: string;
}

/** The shared result for "no violations": frozen so that no caller can accidentally fill it for everyone. */
export const NO_VIOLATIONS: Violation[] = Object.freeze([]) as unknown as Violation[];

const MAX_ACTUAL = 200;

/** Renders a received value for `Violation.actual`: JSON, truncated to 200 characters ("…" marks the cut). */
export function renderActual(value: unknown): string {
  let text: string;
  if (value === undefined) text = "undefined";
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > MAX_ACTUAL ? `${text.slice(0, MAX_ACTUAL - 1)}…` : text;
}

/** Builds a violation with the standard one-line message `"<op> <check> at <pointer>: Received <a> / Documented <e>"`. */
export function createViolation(
  operationId: string,
  check: string,
  jsonPointer: string,
  expected: string,
  actual: string,
  parameter?: string,
): Violation {
  const message = `${operationId} ${check} at ${jsonPointer === "" ? "(root)" : jsonPointer}: Received ${actual} / Documented ${expected}`;
  return parameter === undefined
    ? { operationId, check, expected, actual, jsonPointer, message }
    : { operationId, check, expected, actual, jsonPointer, parameter, message };
}

/** Escapes one RFC 6901 reference token (`~` → `~0`, `/` → `~1`). */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** Unescapes one RFC 6901 reference token. */
export function unescapePointerToken(token: string): string {
  return token.replace(/~1/g, "/").replace(/~0/g, "~");
}
