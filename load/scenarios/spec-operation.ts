/**
 * The operation object of a spec document by its operationId, for the scenarios that read a spec as plain JSON
 * (both engines: k6 bundles carry the documents, not the compiled specs).
 */
import { isJsonObject } from "../../src/openapi/is-json-object.ts";

type Json = Readonly<Record<string, unknown>>;

/** The operation `operationId` of `document`, or undefined when it has none. */
export function specOperationOf(document: unknown, operationId: string): Json | undefined {
  const paths = isJsonObject(document) && isJsonObject(document.paths) ? document.paths : {};
  for (const item of Object.values(paths)) {
    if (!isJsonObject(item)) continue;
    for (const op of Object.values(item)) if (isJsonObject(op) && op.operationId === operationId) return op;
  }
  return undefined;
}

/** The operation `operationId` of `document`; a RangeError when the document has none. */
export function findSpecOperation(document: unknown, operationId: string): Json {
  const op = specOperationOf(document, operationId);
  if (op === undefined) throw new RangeError(`operation ${operationId} is not in the spec`);
  return op;
}
