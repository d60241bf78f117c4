/**
 * The `contract-drift` fault (docs/design.md#command-line): answers that violate the spec in ways a careless
 * server change would, so the contract checks can be seen to fail, naming the operation and JSON pointer.
 * Each rule breaks the documented schema whatever the data (an empty list becomes a wrong type too). A behaviour
 * whose answer the generic rule would not break in a telling way carries its own (`Behaviour.drift`).
 */
import type { CompiledOperation } from "../openapi/compiled-spec.ts";
import { BEHAVIOURS } from "./behaviours/index.ts";

/** Each behaviour's own drift, by its product and operation (behaviours/index.ts registers them). */
const OWN_DRIFT: ReadonlyMap<string, (body: unknown) => unknown> = new Map(
  BEHAVIOURS.flatMap((b) => (b.drift === undefined ? [] : [[`${b.product}/${b.operation}`, b.drift] as const])),
);

/** A success body of `operation`, drifted from its documented schema: its behaviour's drift, else the generic one. */
export function driftSuccessBody(operation: Pick<CompiledOperation, "product" | "id">, body: unknown): unknown {
  const own = OWN_DRIFT.get(`${operation.product}/${operation.id}`);
  if (own !== undefined) return own(body);
  // Objects (documented `{}` bodies, spec-driven answers) become arrays, arrays (ListShards) objects.
  if (Array.isArray(body)) return { items: body };
  return typeof body === "object" && body !== null ? [] : body;
}

/** An error body with its required message field removed (SLS `errorMessage`, RPC `RequestId`). */
export function driftErrorBody(body: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...body };
  if ("errorMessage" in copy) delete copy.errorMessage;
  else delete copy.RequestId;
  return copy;
}
