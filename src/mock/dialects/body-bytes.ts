/** The request body an operation documents, as received: `undefined` when it documents none or none was sent. */
import type { CompiledOperation } from "../../openapi/compiled-spec.ts";
import type { WireRequest } from "../wire.ts";
import type { BodyOutcome } from "./wire-dialect.ts";

/** The outcome of decoding when there is no body to decode (shared: the common case allocates nothing). */
export const NO_BODY: BodyOutcome = Object.freeze({ ok: true, body: undefined });

export function documentedBodyBytes(operation: CompiledOperation, request: WireRequest): Buffer | undefined {
  const bytes = request.body;
  return operation.requestBody === undefined || bytes === undefined || bytes.length === 0 ? undefined : bytes;
}
