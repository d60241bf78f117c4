import { isJsonObject as isObject } from "../openapi/is-json-object.ts";

/** A JSON object. */
export type JsonObject = Record<string, unknown>;

/**
 * Deep-merges an overlay into a generated document (docs/spec-contract.md#overlays): objects merge key by
 * key, the overlay wins on scalars and arrays, and an overlay object with a `$ref` (a Reference Object) replaces
 * what it lands on: OpenAPI 3.1 §4.8.23 allows no siblings of `$ref` but `summary` and `description`, so a
 * generated example's `value` must not survive beside the overlay's `$ref` to a shared one. Neither input is
 * modified; keys of `base` keep their order and new overlay keys follow in overlay order.
 */
export function mergeOverlay(base: JsonObject, overlay: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(base)) out[k] = v;
  for (const [k, v] of Object.entries(overlay)) {
    const b = out[k];
    out[k] = isObject(b) && isObject(v) && !("$ref" in v) ? mergeOverlay(b, v) : structuredClone(v);
  }
  return out;
}
