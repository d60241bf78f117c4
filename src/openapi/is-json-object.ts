/**
 * True for a JSON object: not null, not an array. The one guard the spec compiler, the extension readers and
 * docgen use to walk parsed JSON documents.
 */
export function isJsonObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
