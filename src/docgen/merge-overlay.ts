import { isJsonObject as isObject } from "../openapi/is-json-object.ts";

/** A JSON object. */
export type JsonObject = Record<string, unknown>;

/**
 * Deep-merges an overlay into a generated document (docs/spec-contract.md#overlays): objects merge key by
 * key, the overlay wins on scalars and arrays. Neither input is modified; keys of `base` keep their order
 * and new overlay keys follow in overlay order.
 */
export function mergeOverlay(base: JsonObject, overlay: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(base)) out[k] = v;
  for (const [k, v] of Object.entries(overlay)) {
    const b = out[k];
    out[k] = isObject(b) && isObject(v) ? mergeOverlay(b, v) : structuredClone(v);
  }
  return out;
}
