/**
 * An operation's documented success, as the mock answers it: the lowest documented 2xx status (200 when none is
 * documented), and whether that response declares no body. Read from the spec, so the mock answers "as the docs
 * show" (docs/alibaba/sls-consumer-groups.md#operations: Create/Delete pages show `{}`, Update and the checkpoint
 * update document an empty 200; an operation documenting only `204` answers 204) and never keeps a second copy of
 * that knowledge. The spec answers (spec-answer/spec-answers.ts) use the same status.
 */
import type { CompiledOperation, CompiledSpec } from "../openapi/compiled-spec.ts";
import { isJsonObject as isObj } from "../openapi/is-json-object.ts";
import { resolveLocalRef } from "../openapi/resolve-local-ref.ts";
import { indexOperationDocuments } from "./operation-documents.ts";

/** The status of `operation`'s success: its lowest documented 2xx, else 200. */
export function successStatus(operation: CompiledOperation): number {
  return operation.documentedStatuses.find((s) => s >= 200 && s < 300) ?? 200;
}

/** operationId → true when its documented success response declares no body. */
export function findEmptySuccessOperations(spec: CompiledSpec): ReadonlySet<string> {
  const documents = indexOperationDocuments(spec);
  const empty = new Set<string>();
  for (const operation of spec.operations.values()) {
    const responses = documents.get(operation.id)?.responses;
    const response = isObj(responses) ? resolve(spec.document, responses[String(successStatus(operation))]) : undefined;
    if (isObj(response) && response.content === undefined) empty.add(operation.id);
  }
  return empty;
}

function resolve(document: unknown, value: unknown): unknown {
  try {
    return resolveLocalRef(document, value);
  } catch {
    return undefined; // a response $ref the compiler let through is not a documented empty body
  }
}
