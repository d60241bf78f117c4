/**
 * The OpenAPI operation objects of a compiled spec, by operationId: what `CompiledOperation` does not carry
 * (response examples and schemas for spec-driven answers, `x-qps-limit-window`). Read once per spec.
 */
import type { CompiledSpec } from "../openapi/compiled-spec.ts";
import { isJsonObject as isObj } from "../openapi/is-json-object.ts";

type Obj = Readonly<Record<string, unknown>>;

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/** operationId → its operation object in `spec.document`. */
export function indexOperationDocuments(spec: CompiledSpec): ReadonlyMap<string, Obj> {
  const index = new Map<string, Obj>();
  const paths = isObj(spec.document.paths) ? spec.document.paths : {};
  for (const item of Object.values(paths)) {
    if (!isObj(item)) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (isObj(op) && typeof op.operationId === "string") index.set(op.operationId, op);
    }
  }
  return index;
}
