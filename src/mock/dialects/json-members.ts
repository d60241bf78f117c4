/**
 * The members of a POP success body after `RequestId`, as JSON text: `{"RequestId":…,<members>}` is then assembled
 * per request without serialising the documented fields again (each answer gets its own RequestId).
 */
import { isJsonObject } from "../../openapi/is-json-object.ts";

/** `JSON.stringify(value)` without its braces and without a `RequestId` member; `undefined` for a non-object. */
export function jsonMembersOf(value: unknown): string | undefined {
  if (value === undefined) return "";
  if (!isJsonObject(value)) return undefined;
  const { RequestId: _replaced, ...rest } = value;
  return JSON.stringify(rest).slice(1, -1);
}
