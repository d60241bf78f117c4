/** The request body an operation documents, as received: `undefined` when it documents none or none was sent. */
import type { CompiledOperation } from "../../openapi/compiled-spec.ts";
import type { WireRequest } from "../wire.ts";

export function documentedBodyBytes(operation: CompiledOperation, request: WireRequest): Buffer | undefined {
  const bytes = request.body;
  return operation.requestBody === undefined || bytes === undefined || bytes.length === 0 ? undefined : bytes;
}
