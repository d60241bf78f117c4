/**
 * The mock's handlers work on plain request/response records, not on Fastify objects: the Fastify adapter
 * (create-mock-server.ts) translates, so handlers stay small, testable functions of their input
 * (docs/design.md#pure-core-thin-io-shell).
 */

/** One HTTP request as the handlers see it. */
export interface WireRequest {
  method: string;
  /** The path as sent (still percent-encoded), without the query string. */
  path: string;
  /** The raw query string without `?` ("" when none). */
  rawQuery: string;
  /** Header names lowercased; repeated headers joined with "," (RFC 9110 §5.3). */
  headers: Readonly<Record<string, string>>;
  /** Lowercased names of headers that appeared more than once on the wire. */
  duplicatedHeaders: readonly string[];
  /** The body bytes, when the request had a body. */
  body?: Buffer;
}

/** What a handler answers. `drop` destroys the connection without an answer; `close` closes it after the answer. */
export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  /** Serialized body ("" = empty). */
  body: string;
  drop?: boolean;
  close?: boolean;
}

/** Headers whose repetition makes a request ambiguous: they are signed or select what is done. */
export function isSingletonHeader(name: string): boolean {
  return (
    name === "authorization" ||
    name === "date" ||
    name === "host" ||
    name === "content-type" ||
    name === "content-md5" ||
    name === "content-length" ||
    name.startsWith("x-log-") ||
    name.startsWith("x-acs-")
  );
}

/** Splits `/a/b?x=1` into path and raw query. */
export function splitUrl(url: string): { path: string; rawQuery: string } {
  const q = url.indexOf("?");
  return q < 0 ? { path: url, rawQuery: "" } : { path: url.slice(0, q), rawQuery: url.slice(q + 1) };
}

/**
 * The first parameter coerced to a number that is not a safe integer (e.g. PageNo=99999999999999999999,
 * beyond int64 and beyond what a JS number holds exactly): the mock refuses it rather than compute with a
 * rounded value.
 */
export function findUnsafeInteger(params: Readonly<Record<string, unknown>>): string | undefined {
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === "number" && Number.isInteger(value) && !Number.isSafeInteger(value)) return name;
  }
  return undefined;
}

/** Echoed client values are cut short (hostile input must not blow up error bodies). */
export function clip(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
