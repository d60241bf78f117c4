/**
 * SLS signature v4: `SLS4-HMAC-SHA256` (docs/alibaba/sls-signature-v4.md; Go `signature_v4.go`, Python `AuthV4`,
 * Java `SlsV4Signer`, which agree).
 *
 *   CanonicalRequest = METHOD \n URI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n HashedPayload
 *   StringToSign     = SLS4-HMAC-SHA256 \n <x-log-date> \n <yyyyMMdd>/<region>/sls/aliyun_v4_request \n hex(sha256(CR))
 *   key              = HMAC chain("aliyun_v4"+secret; date, region, "sls", "aliyun_v4_request")
 */
import { trackAddedHeaders } from "./added-headers.ts";
import type { Bytes, CryptoPort } from "./crypto-port.ts";
import { formatIsoCompact } from "./iso-date.ts";
import { hashPayload } from "./payload-hash.ts";
import { percentEncode } from "./percent-encode.ts";
import { listQueryPairs } from "./query-string.ts";
import type { Credentials, Query, SignableRequest } from "./types.ts";

// Kept importable from here, where the v4 tests and callers have always found it.
export { EMPTY_SHA256 } from "./payload-hash.ts";

const ALGORITHM = "SLS4-HMAC-SHA256";

/** Options of the v4 canonicalisation; the defaults are the Go and Python behaviour. */
export interface SlsV4CanonicalOptions {
  /**
   * Leave `x-log-meta-*` unsigned (Go, Python; Java signs them: docs/alibaba/sls-signature-v4.md#canonical-headers,
   * docs/unconfirmed-behaviour.md#sls-v4-and-x-log-meta-headers). Default true.
   */
  excludeMetaHeaders?: boolean;
  /** Trim header values (Python, Java; Go does not). Default true. */
  trimValues?: boolean;
}

/**
 * CanonicalQuery: sorted by the raw (unencoded) key; `key=PercentEncode(value)`, or just `key` when
 * the value is empty; joined by `&`. The key itself stays raw (docs/alibaba/sls-signature-v4.md#canonical-query: case 1
 * gives `=efg& abc=efg& agc &A-bc=eFg`).
 */
export function canonicalizeSlsV4Query(query: Query): string {
  const pairs = listQueryPairs(query);
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return pairs.map(([k, v]) => (v === "" ? k : `${k}=${percentEncode(v)}`)).join("&");
}

/** Whether v4 signs a (lowercase) header: `host`, `content-type`, `x-log-*`, `x-acs-*` (`x-log-meta-*` per options). */
export function isSlsV4SignableHeader(name: string): boolean {
  return name === "host" || name === "content-type" || name.startsWith("x-log-") || name.startsWith("x-acs-");
}

/** The signed header names: `host`, `content-type`, `x-log-*`, `x-acs-*` (less `x-log-meta-*` by default), sorted. */
export function listSlsV4SignedHeaders(headers: Map<string, string>, options: SlsV4CanonicalOptions = {}): string[] {
  const excludeMeta = options.excludeMetaHeaders ?? true;
  const names: string[] = [];
  for (const name of headers.keys()) {
    if (!isSlsV4SignableHeader(name)) continue;
    if (excludeMeta && name.startsWith("x-log-meta-")) continue;
    names.push(name);
  }
  return names.sort();
}

/** The canonical request over lowercased headers; `payloadHash` is the hex SHA-256 the request declares. */
export function buildSlsV4CanonicalRequest(
  method: string,
  path: string,
  query: Query,
  headers: Map<string, string>,
  payloadHash: string,
  options: SlsV4CanonicalOptions = {},
): string {
  const trim = options.trimValues ?? true;
  const names = listSlsV4SignedHeaders(headers, options);
  let canonicalHeaders = "";
  for (const n of names) {
    const v = headers.get(n) as string;
    canonicalHeaders += `${n}:${trim ? v.trim() : v}\n`;
  }
  return [method, path, canonicalizeSlsV4Query(query), canonicalHeaders, names.join(";"), payloadHash].join("\n");
}

/** The v4 string-to-sign for a canonical request. */
export function buildSlsV4StringToSign(
  crypto: CryptoPort,
  canonicalRequest: string,
  xLogDate: string,
  region: string,
): string {
  const scope = `${xLogDate.slice(0, 8)}/${region}/sls/aliyun_v4_request`;
  return `${ALGORITHM}\n${xLogDate}\n${scope}\n${crypto.sha256Hex(canonicalRequest)}`;
}

/** The v4 signing key: HMAC-SHA256 chained over date, region, "sls", "aliyun_v4_request". */
export function deriveSlsV4SigningKey(crypto: CryptoPort, secret: string, date8: string, region: string): Bytes {
  const k1 = crypto.hmacSha256(`aliyun_v4${secret}`, date8);
  const k2 = crypto.hmacSha256(k1, region);
  const k3 = crypto.hmacSha256(k2, "sls");
  return crypto.hmacSha256(k3, "aliyun_v4_request");
}

/** Lowercase hex v4 signature of a string-to-sign. */
export function computeSlsV4Signature(
  crypto: CryptoPort,
  stringToSign: string,
  secret: string,
  date8: string,
  region: string,
): string {
  return crypto.hex(crypto.hmacSha256(deriveSlsV4SigningKey(crypto, secret, date8, region), stringToSign));
}

/** Options of `signSlsV4`. */
export interface SignSlsV4Options {
  region: string;
  date: Date;
}

/**
 * Signs a request with `SLS4-HMAC-SHA256` and returns the headers to add (lowercase names):
 * `x-log-date`, `x-log-content-sha256`, `x-acs-security-token` (STS) and `authorization`.
 * Every `host`/`content-type`/`x-log-*`/`x-acs-*` header of `req` is signed, so pass `host`.
 */
export function signSlsV4(
  crypto: CryptoPort,
  req: SignableRequest,
  creds: Credentials,
  options: SignSlsV4Options,
): Record<string, string> {
  const { headers, added, set } = trackAddedHeaders(req.headers);
  const xLogDate = formatIsoCompact(options.date);
  const payloadHash = hashPayload(crypto, req.body);
  set("x-log-date", xLogDate);
  set("x-log-content-sha256", payloadHash);
  if (creds.securityToken) set("x-acs-security-token", creds.securityToken);
  const cr = buildSlsV4CanonicalRequest(req.method, req.path, req.query, headers, payloadHash);
  const sts = buildSlsV4StringToSign(crypto, cr, xLogDate, options.region);
  const signature = computeSlsV4Signature(crypto, sts, creds.accessKeySecret, xLogDate.slice(0, 8), options.region);
  set(
    "authorization",
    `${ALGORITHM} Credential=${creds.accessKeyId}/${xLogDate.slice(0, 8)}/${options.region}/sls/aliyun_v4_request,Signature=${signature}`,
  );
  return added;
}

/** The parts of a v4 `Authorization` value. */
export interface SlsV4Authorization {
  accessKeyId: string;
  date8: string;
  region: string;
  signature: string;
}

/** Parses `SLS4-HMAC-SHA256 Credential=<id>/<date>/<region>/sls/aliyun_v4_request,Signature=<hex>`. */
export function parseSlsV4Authorization(value: string): SlsV4Authorization | undefined {
  const m =
    /^SLS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/sls\/aliyun_v4_request\s*,\s*Signature=([0-9a-fA-F]+)\s*$/.exec(
      value.trim(),
    );
  if (!m) return undefined;
  return {
    accessKeyId: m[1] as string,
    date8: m[2] as string,
    region: m[3] as string,
    signature: (m[4] as string).toLowerCase(),
  };
}
