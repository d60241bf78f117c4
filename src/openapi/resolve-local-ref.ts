/**
 * Resolves local `$ref`s of an OpenAPI document (`#/components/parameters/X`, `#/components/responses/X`,
 * `#/components/requestBodies/X`, `#/components/schemas/X`) by RFC 6901 JSON pointer.
 * Only same-document refs are supported: specgate's specs are single self-contained files.
 */
import { unescapePointerToken } from "./violation.ts";

/** Follows `$ref` chains from `node` (at most 32 hops) and returns the target; throws `Error` on a dangling or external ref. */
export function resolveLocalRef(doc: unknown, node: unknown): unknown {
  let current = node;
  for (let hops = 0; hops < 32; hops++) {
    if (typeof current !== "object" || current === null) return current;
    const ref = (current as { $ref?: unknown }).$ref;
    if (typeof ref !== "string") return current;
    current = resolvePointer(doc, ref);
  }
  throw new Error("$ref chain longer than 32 hops (a cycle?)");
}

function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith("#/")) throw new Error(`unsupported $ref '${ref}': only local refs ('#/…') are supported`);
  let cur: unknown = doc;
  for (const raw of ref.slice(2).split("/")) {
    const token = unescapePointerToken(decodeURIComponent(raw));
    if (typeof cur !== "object" || cur === null || !Object.hasOwn(cur, token))
      throw new Error(`$ref '${ref}' does not resolve (no '${token}')`);
    cur = (cur as Record<string, unknown>)[token];
  }
  return cur;
}
