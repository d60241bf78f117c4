import { isJsonObject as isObject } from "../openapi/is-json-object.ts";
import type { JsonObject } from "./merge-overlay.ts";

const METHODS = [
  "summary",
  "description",
  "servers",
  "parameters",
  "get",
  "put",
  "post",
  "delete",
  "options",
  "head",
  "patch",
  "trace",
];

function sortKeys(obj: JsonObject, compare: (a: string, b: string) => number): JsonObject {
  return Object.fromEntries(
    Object.keys(obj)
      .sort(compare)
      .map((k) => [k, obj[k]]),
  );
}

function byMethod(a: string, b: string): number {
  const ia = METHODS.indexOf(a);
  const ib = METHODS.indexOf(b);
  return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
}

function byStatus(a: string, b: string): number {
  const rank = (k: string): number =>
    /^\d{3}$/.test(k) ? Number(k) : /^\dXX$/i.test(k) ? Number(k[0]) * 100 + 99 : 1000;
  return rank(a) - rank(b) || a.localeCompare(b);
}

/**
 * Puts a document in its canonical order so output is byte-stable whatever order pages and overlays come
 * in: paths and component schemas by name, methods in OpenAPI order, responses by status then `default`.
 */
export function orderDocument(doc: JsonObject): JsonObject {
  const out: JsonObject = { ...doc };
  if (isObject(out.paths)) {
    const paths = sortKeys(out.paths, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [key, item] of Object.entries(paths)) {
      if (!isObject(item)) continue;
      const ordered = sortKeys(item, byMethod);
      for (const [m, op] of Object.entries(ordered)) {
        if (isObject(op) && isObject(op.responses)) ordered[m] = { ...op, responses: sortKeys(op.responses, byStatus) };
      }
      paths[key] = ordered;
    }
    out.paths = paths;
  }
  if (isObject(out.components)) {
    const components: JsonObject = { ...out.components };
    for (const [k, v] of Object.entries(components)) {
      if (isObject(v)) components[k] = sortKeys(v, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
    }
    out.components = components;
  }
  return out;
}

/** Serialises a document: 2-space indentation and a trailing newline (docs/spec-contract.md#serialisation). */
export function renderDocument(doc: JsonObject): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
