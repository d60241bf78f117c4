/**
 * Signature V3, `ACS3-HMAC-SHA256` (docs/alibaba/acs3-signature.md; doc "v3-request-structure-and-signature";
 * darabonba `GetAuthorization`):
 *
 *   CanonicalRequest = METHOD \n URI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n HashedPayload
 *   StringToSign     = ACS3-HMAC-SHA256 \n hex(sha256(CanonicalRequest))
 *   Signature        = hex(HMAC-SHA256(AccessKeySecret, StringToSign))
 */
import { trackAddedHeaders } from "./added-headers.ts";
import type { CryptoPort } from "./crypto-port.ts";
import { formatIsoSeconds } from "./iso-date.ts";
import { hashPayload } from "./payload-hash.ts";
import { percentDecode, percentEncode } from "./percent-encode.ts";
import { listQueryPairs } from "./query-string.ts";
import type { Credentials, Query, SignableRequest } from "./types.ts";

const ALGORITHM = "ACS3-HMAC-SHA256";

/** CanonicalURI: `/` for RPC; otherwise each path segment RFC 3986-encoded (decoded first: `path` is the wire form). */
export function canonicalizeAcs3Path(path: string): string {
  if (path === "" || path === "/") return "/";
  return path
    .split("/")
    .map((seg) => percentEncode(percentDecode(seg)))
    .join("/");
}

/** CanonicalQueryString: RFC 3986-encoded `k=v` pairs (empty value → `k=`) sorted, joined by `&`. */
export function canonicalizeAcs3Query(query: Query): string {
  const pairs = listQueryPairs(query).map(([k, v]) => [percentEncode(k), percentEncode(v)] as const);
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

/** The header names a V3 signer signs: `host`, `content-type` and every `x-acs-*`, sorted. */
export function listAcs3SignableHeaders(headers: Map<string, string>): string[] {
  const names: string[] = [];
  for (const name of headers.keys())
    if (name === "host" || name === "content-type" || name.startsWith("x-acs-")) names.push(name);
  return names.sort();
}

/** The canonical request over lowercased headers, signing exactly `signedHeaders` (sorted lowercase names). */
export function buildAcs3CanonicalRequest(
  method: string,
  path: string,
  query: Query,
  headers: Map<string, string>,
  signedHeaders: readonly string[],
  payloadHash: string,
): string {
  let canonicalHeaders = "";
  for (const n of signedHeaders) canonicalHeaders += `${n}:${(headers.get(n) ?? "").trim()}\n`;
  return [
    method,
    canonicalizeAcs3Path(path),
    canonicalizeAcs3Query(query),
    canonicalHeaders,
    signedHeaders.join(";"),
    payloadHash,
  ].join("\n");
}

/** `ACS3-HMAC-SHA256\n` + hex(SHA-256(canonical request)). */
export function buildAcs3StringToSign(crypto: CryptoPort, canonicalRequest: string): string {
  return `${ALGORITHM}\n${crypto.sha256Hex(canonicalRequest)}`;
}

/** Lowercase hex HMAC-SHA256 keyed with the plain secret (no `&`, no derivation chain). */
export function computeAcs3Signature(crypto: CryptoPort, stringToSign: string, secret: string): string {
  return crypto.hex(crypto.hmacSha256(secret, stringToSign));
}

/** Options of `signAcs3`. */
export interface SignAcs3Options {
  action: string;
  version: string;
  date: Date;
  nonce: string;
}

/**
 * Signs a request with V3 and returns the headers to add (lowercase names): `x-acs-action`,
 * `x-acs-version`, `x-acs-date`, `x-acs-signature-nonce`, `x-acs-content-sha256`, with STS
 * credentials `x-acs-security-token` and `x-acs-accesskey-id` (as the SDK adds), and `authorization`.
 * `req.headers` must contain `host` (it is signed).
 */
export function signAcs3(
  crypto: CryptoPort,
  req: SignableRequest,
  creds: Credentials,
  options: SignAcs3Options,
): Record<string, string> {
  const { headers, added, set } = trackAddedHeaders(req.headers);
  if (!headers.has("host"))
    throw new Error("signAcs3: req.headers must include host (V3 signs it, docs/alibaba/acs3-signature.md#headers)");
  const payloadHash = hashPayload(crypto, req.body);
  set("x-acs-action", options.action);
  set("x-acs-version", options.version);
  set("x-acs-date", formatIsoSeconds(options.date));
  set("x-acs-signature-nonce", options.nonce);
  set("x-acs-content-sha256", payloadHash);
  if (creds.securityToken) {
    set("x-acs-security-token", creds.securityToken);
    set("x-acs-accesskey-id", creds.accessKeyId);
  }
  const signed = listAcs3SignableHeaders(headers);
  const cr = buildAcs3CanonicalRequest(req.method, req.path, req.query, headers, signed, payloadHash);
  const signature = computeAcs3Signature(crypto, buildAcs3StringToSign(crypto, cr), creds.accessKeySecret);
  set(
    "authorization",
    `${ALGORITHM} Credential=${creds.accessKeyId},SignedHeaders=${signed.join(";")},Signature=${signature}`,
  );
  return added;
}

/** The parts of a V3 `Authorization` value. */
export interface Acs3Authorization {
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

/** Parses `ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<h1;h2>,Signature=<hex>` (fields in any order). */
export function parseAcs3Authorization(value: string): Acs3Authorization | undefined {
  const m = /^ACS3-HMAC-SHA256\s+(.*)$/.exec(value.trim());
  if (!m) return undefined;
  const fields = new Map<string, string>();
  for (const part of (m[1] as string).split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) return undefined;
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const accessKeyId = fields.get("Credential");
  const signedHeaders = fields.get("SignedHeaders");
  const signature = fields.get("Signature");
  if (!accessKeyId || !signedHeaders || !signature || !/^[0-9a-fA-F]+$/.test(signature)) return undefined;
  return {
    accessKeyId,
    signedHeaders: signedHeaders.split(";").map((h) => h.trim().toLowerCase()),
    signature: signature.toLowerCase(),
  };
}
