/**
 * SLS signature v1: `Authorization: LOG <AccessKeyId>:<base64 HMAC>` (docs/alibaba/sls-signature-v1.md).
 *
 *   SignString = VERB \n CONTENT-MD5 \n CONTENT-TYPE \n DATE \n CanonicalizedLOGHeaders \n CanonicalizedResource
 *
 * The documented algorithm is HMAC-SHA1; the official TypeScript SDK signs the same string with
 * HMAC-SHA256 and says so in `x-log-signaturemethod: hmac-sha256` (docs/alibaba/sdk-observations.md).
 */
import { trackAddedHeaders } from "./added-headers.ts";
import type { CryptoPort } from "./crypto-port.ts";
import { lowercaseHeaders } from "./header-map.ts";
import { formatHttpDate } from "./http-date.ts";
import { listQueryPairs } from "./query-string.ts";
import type { Credentials, Query, SignableRequest } from "./types.ts";
import { byteLength } from "./utf8.ts";

/** The two `x-log-signaturemethod` values of the `LOG` scheme. */
export type SlsV1Algorithm = "hmac-sha1" | "hmac-sha256";

/** The API version every SLS SDK sends (docs/alibaba/sls-requests.md#common-request-headers). */
export const SLS_API_VERSION = "0.6.0";

/** Options of the v1 canonicalisation. */
export interface SlsV1CanonicalOptions {
  /**
   * Leave `x-log-meta-*` out of CanonicalizedLOGHeaders, as the Python SDK does (`util.py`
   * `_is_extra_sign_header`); Go and Java v1 keep them (docs/alibaba/sls-signature-v1.md#canonicalised-log-headers).
   * Default false.
   */
  excludeMetaHeaders?: boolean;
}

/**
 * CanonicalizedLOGHeaders: `x-log-*` and `x-acs-*` headers, names lowercased, values trimmed, sorted,
 * `name:value` joined by `\n`. `x-log-date` is left out: it replaces DATE and is not itself signed
 * (docs/alibaba/sls-requests.md#common-request-headers; the Python v1 signer adds it after signing).
 */
export function canonicalizeSlsV1Headers(headers: Map<string, string>, options: SlsV1CanonicalOptions = {}): string {
  const names: string[] = [];
  for (const name of headers.keys()) {
    if (!(name.startsWith("x-log-") || name.startsWith("x-acs-"))) continue;
    if (name === "x-log-date") continue;
    if (options.excludeMetaHeaders && name.startsWith("x-log-meta-")) continue;
    names.push(name);
  }
  names.sort();
  return names.map((n) => `${n}:${(headers.get(n) as string).trim()}`).join("\n");
}

/**
 * CanonicalizedResource: the path, then `?` and the decoded parameters as `key=value` (empty value
 * → `key=`), sorted by key and joined by `&` (docs/alibaba/sls-signature-v1.md#canonicalised-resource). Values are used
 * exactly as received (Python sends `forceSuccess=True`).
 */
export function canonicalizeSlsV1Resource(path: string, query: Query): string {
  const pairs = listQueryPairs(query);
  if (pairs.length === 0) return path;
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return `${path}?${pairs.map(([k, v]) => `${k}=${v}`).join("&")}`;
}

/** The v1 string-to-sign of a request whose headers are already complete (date, MD5, …). */
export function stringToSignSlsV1(req: SignableRequest, options: SlsV1CanonicalOptions = {}): string {
  return buildSlsV1StringToSign(req.method, lowercaseHeaders(req.headers), req.path, req.query, options);
}

/** As `stringToSignSlsV1`, over headers already lowercased (the verifier's path: lowercase once). */
export function buildSlsV1StringToSign(
  method: string,
  headers: Map<string, string>,
  path: string,
  query: Query,
  options: SlsV1CanonicalOptions = {},
): string {
  const date = headers.get("x-log-date") ?? headers.get("date") ?? "";
  return [
    method,
    headers.get("content-md5") ?? "",
    headers.get("content-type") ?? "",
    date,
    canonicalizeSlsV1Headers(headers, options),
    canonicalizeSlsV1Resource(path, query),
  ].join("\n");
}

/** Base64 HMAC of a v1 string-to-sign with the chosen algorithm. */
export function computeSlsV1Signature(
  crypto: CryptoPort,
  stringToSign: string,
  secret: string,
  algorithm: SlsV1Algorithm,
): string {
  const mac =
    algorithm === "hmac-sha256" ? crypto.hmacSha256(secret, stringToSign) : crypto.hmacSha1(secret, stringToSign);
  return crypto.base64(mac);
}

/** Options of `signSlsV1`. */
export interface SignSlsV1Options {
  algorithm: SlsV1Algorithm;
  /**
   * Request time, written to `Date` as RFC 1123; a string is sent verbatim (the published vectors use
   * the doc's `Mon, 3 Jan 2010 08:33:47 GMT`, whose weekday is wrong and whose day has one digit).
   */
  date: Date | string;
}

/**
 * Signs a request with the `LOG` scheme and returns the headers to add (lowercase names):
 * `date`, `x-log-signaturemethod`, `authorization`, and, when the request lacks them,
 * `x-log-apiversion: 0.6.0`, `x-log-bodyrawsize` (the body length), `content-md5` (uppercase hex MD5
 * of a non-empty body), and `x-acs-security-token` for STS credentials (set before signing, so signed:
 * docs/alibaba/sls-requests.md#common-request-headers). Headers already present are signed as they are.
 */
export function signSlsV1(
  crypto: CryptoPort,
  req: SignableRequest,
  creds: Credentials,
  options: SignSlsV1Options,
): Record<string, string> {
  const { headers, added, set } = trackAddedHeaders(req.headers);
  set("date", typeof options.date === "string" ? options.date : formatHttpDate(options.date));
  if (!headers.has("x-log-apiversion")) set("x-log-apiversion", SLS_API_VERSION);
  set("x-log-signaturemethod", options.algorithm);
  const size = byteLength(req.body);
  if (!headers.has("x-log-bodyrawsize")) set("x-log-bodyrawsize", String(size));
  if (size > 0 && !headers.has("content-md5") && req.body !== undefined)
    set("content-md5", crypto.md5Hex(req.body).toUpperCase());
  if (creds.securityToken) set("x-acs-security-token", creds.securityToken);
  const sts = buildSlsV1StringToSign(req.method, headers, req.path, req.query);
  const signature = computeSlsV1Signature(crypto, sts, creds.accessKeySecret, options.algorithm);
  set("authorization", `LOG ${creds.accessKeyId}:${signature}`);
  return added;
}

/** Splits `LOG <id>:<signature>`; `undefined` when the value is not of that form. */
export function parseSlsV1Authorization(value: string): { accessKeyId: string; signature: string } | undefined {
  const m = /^LOG\s+([^:\s]+):(\S+)\s*$/.exec(value.trim());
  if (!m) return undefined;
  return { accessKeyId: m[1] as string, signature: m[2] as string };
}
