/**
 * Which operations answer success with an empty body and which with `{}`: read from the spec, so the mock
 * answers "as the docs show" (docs/alibaba/sls-consumer-groups.md#operations: Create/Delete pages show `{}`, Update and
 * the checkpoint update document an empty 200) and never keeps a second copy of that knowledge.
 */
import type { CompiledSpec } from "../openapi/compiled-spec.ts";

/** operationId → true when its documented 200 response declares no body. */
export function findEmptySuccessOperations(spec: CompiledSpec): ReadonlySet<string> {
  const empty = new Set<string>();
  const paths = spec.document.paths as Readonly<Record<string, Readonly<Record<string, unknown>>>> | undefined;
  for (const item of Object.values(paths ?? {})) {
    for (const operation of Object.values(item)) {
      if (typeof operation !== "object" || operation === null) continue;
      const op = operation as { operationId?: unknown; responses?: Record<string, { content?: unknown }> };
      if (typeof op.operationId !== "string") continue;
      const ok = op.responses?.["200"];
      if (ok !== undefined && ok.content === undefined) empty.add(op.operationId);
    }
  }
  return empty;
}
