/**
 * The wire form of a query string, both ways, so that the client builds exactly what it signed and the
 * mock parses exactly what the verifier checks.
 */
import { percentDecode, percentEncode } from "./percent-encode.ts";
import type { Query } from "./types.ts";

/**
 * Parses a raw query string (without the leading `?`) into decoded parameters. `+` decodes to a space
 * (form encoding, as Go's `url.Values.Encode` sends it); a repeated key becomes an array in order.
 */
export function parseQuery(raw: string): Query {
  // A prototype-less object: a key such as `__proto__` stays an ordinary parameter.
  const out: Record<string, string | string[]> = Object.create(null);
  if (raw === "") return out;
  for (const part of raw.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const key = percentDecode(eq < 0 ? part : part.slice(0, eq), true);
    const value = eq < 0 ? "" : percentDecode(part.slice(eq + 1), true);
    const prev = out[key];
    if (prev === undefined) out[key] = value;
    else if (Array.isArray(prev)) prev.push(value);
    else out[key] = [prev as string, value];
  }
  return out;
}

/** Renders parameters as an RFC 3986 query string (no leading `?`), keys in insertion order. */
export function formatQuery(query: Query): string {
  const parts: string[] = [];
  for (const key of Object.keys(query)) {
    const value = query[key];
    if (value === undefined) continue;
    const values = typeof value === "string" ? [value] : value;
    for (const v of values) parts.push(`${percentEncode(key)}=${percentEncode(v)}`);
  }
  return parts.join("&");
}

/** Lists `[key, value]` pairs of a query, a repeated key giving one pair per value. */
export function listQueryPairs(query: Query): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const key of Object.keys(query)) {
    const value = query[key];
    if (value === undefined) continue;
    if (typeof value === "string") pairs.push([key, value]);
    else for (const v of value) pairs.push([key, v]);
  }
  return pairs;
}
