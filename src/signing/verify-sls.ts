/**
 * The SLS verifier for the mock: detects `LOG` (v1, hmac-sha1 or hmac-sha256) or `SLS4-HMAC-SHA256`
 * (v4) from `Authorization`, checks the request time (±15 min, docs/alibaba/sls-requests.md#request-time), the key, the
 * STS token and the signature, tolerating every SDK divergence of
 * docs/alibaba/sls-signature-v1.md#sdk-divergences-a-verifier-tolerates:
 * - `x-log-date` replaces DATE and is not signed in v1 (Python adds it after signing);
 * - an empty Content-MD5 line although a body is present (Python `compute_content_hash=False`);
 * - `x-log-meta-*` signed (Go/Java v1, Java v4) or not (Python v1, Go/Python v4): both are tried;
 * - v4 header values trimmed (Python/Java) or not (Go): both are tried when it matters;
 * - query values exactly as sent (`forceSuccess=True`), dates with a 1- or 2-digit day.
 */
import { clipEcho } from "./clip-echo.ts";
import type { CryptoPort } from "./crypto-port.ts";
import { equalConstantTime } from "./equal-constant-time.ts";
import { parseHttpDate } from "./http-date.ts";
import { parseIsoCompact } from "./iso-date.ts";
import { EMPTY_SHA256, hashPayload } from "./payload-hash.ts";
import {
  buildSlsV1StringToSign,
  computeSlsV1Signature,
  parseSlsV1Authorization,
  type SlsV1Algorithm,
} from "./sls-v1.ts";
import {
  buildSlsV4CanonicalRequest,
  buildSlsV4StringToSign,
  computeSlsV4Signature,
  isSlsV4SignableHeader,
  parseSlsV4Authorization,
  type SlsV4CanonicalOptions,
} from "./sls-v4.ts";
import type { SecretLookup, SignableRequest, VerifyOptions, VerifyResult } from "./types.ts";
import { checkAccessKey, checkRequestTime, redact } from "./verify-checks.ts";
import { createVerifyContext, type VerifyContext } from "./verify-context.ts";
import { fail, failAuthorizationForm, failSignatureMismatch, succeed } from "./verify-outcome.ts";

/** Verifies an SLS request signed with v1 (`LOG`) or v4 (`SLS4-HMAC-SHA256`). */
export function verifySls(
  crypto: CryptoPort,
  req: SignableRequest,
  lookupSecret: SecretLookup,
  options: VerifyOptions,
): VerifyResult {
  const ctx = createVerifyContext(crypto, req, lookupSecret, options);
  const auth = ctx.headers.get("authorization");
  if (auth === undefined || auth.trim() === "")
    return fail("missing-credentials", "the request has no Authorization header", ctx.now, {
      parameter: "Authorization",
    });
  const trimmed = auth.trimStart();
  if (trimmed.startsWith("SLS4-HMAC-SHA256")) return verifyV4(ctx, auth);
  if (/^LOG\s/.test(trimmed)) return verifyV1(ctx, auth);
  return fail(
    "incomplete-signature",
    'the Authorization header is neither "LOG <AccessKeyId>:<Signature>" nor "SLS4-HMAC-SHA256 …"',
    ctx.now,
    { parameter: "Authorization" },
  );
}

function verifyV1(ctx: VerifyContext, auth: string): VerifyResult {
  const { crypto, req, headers, options, now } = ctx;
  const parsed = parseSlsV1Authorization(auth);
  if (!parsed) return failAuthorizationForm(now, '"LOG <AccessKeyId>:<Signature>"');
  const { accessKeyId } = parsed;
  const method = headers.get("x-log-signaturemethod");
  if (method === undefined || method === "")
    return fail("missing-signature-method", "the request has no x-log-signaturemethod header", now, {
      parameter: "x-log-signaturemethod",
      accessKeyId,
    });
  const algorithm = method.trim().toLowerCase();
  if (algorithm !== "hmac-sha1" && algorithm !== "hmac-sha256")
    return fail(
      "bad-signature-method",
      `x-log-signaturemethod "${clipEcho(method)}" is not supported (use hmac-sha1 or hmac-sha256)`,
      now,
      { parameter: "x-log-signaturemethod", accessKeyId },
    );
  const scheme = algorithm === "hmac-sha256" ? "sls-v1-hmac-sha256" : "sls-v1-hmac-sha1";
  // x-log-date, when present, is the request time (docs/alibaba/sls-requests.md#request-time).
  const dateName = headers.has("x-log-date") ? "x-log-date" : "Date";
  const time = checkRequestTime(headers.get(dateName.toLowerCase()), parseHttpDate, dateName, options, scheme);
  if (typeof time !== "number") return { ...time, accessKeyId };
  const token = headers.get("x-acs-security-token");
  const entry = checkAccessKey(ctx, accessKeyId, token, "x-acs-security-token", scheme);
  if ("ok" in entry) return entry;

  const md5 = headers.get("content-md5");
  if (options.verifyBodyDigest !== false && md5 && req.body !== undefined && req.body.length > 0) {
    if (crypto.md5Hex(req.body).toUpperCase() !== md5.trim().toUpperCase())
      return fail("signature-mismatch", "Content-MD5 does not match the body", now, {
        scheme,
        accessKeyId,
        parameter: "Content-MD5",
      });
  }
  const sts = buildSlsV1StringToSign(req.method, headers, req.path, req.query);
  if (matchesV1(crypto, sts, entry.secret, algorithm, parsed.signature))
    return succeed(accessKeyId, scheme, time, token);
  if (hasMetaHeaders(headers)) {
    const stsNoMeta = buildSlsV1StringToSign(req.method, headers, req.path, req.query, { excludeMetaHeaders: true });
    if (matchesV1(crypto, stsNoMeta, entry.secret, algorithm, parsed.signature))
      return succeed(accessKeyId, scheme, time, token);
  }
  return failSignatureMismatch(now, scheme, accessKeyId, redact(sts, [token?.trim()]));
}

function matchesV1(
  crypto: CryptoPort,
  sts: string,
  secret: string,
  algorithm: SlsV1Algorithm,
  signature: string,
): boolean {
  return equalConstantTime(computeSlsV1Signature(crypto, sts, secret, algorithm), signature);
}

function hasMetaHeaders(headers: Map<string, string>): boolean {
  for (const n of headers.keys()) if (n.startsWith("x-log-meta-")) return true;
  return false;
}

// The v4 Authorization form (docs/alibaba/sls-signature-v4.md#authorization-header), quoted when a request's does not
// parse.
const V4_FORM = '"SLS4-HMAC-SHA256 Credential=<id>/<yyyyMMdd>/<region>/sls/aliyun_v4_request,Signature=<hex>"';

function verifyV4(ctx: VerifyContext, auth: string): VerifyResult {
  const { crypto, req, headers, options, now } = ctx;
  const scheme = "sls-v4" as const;
  const parsed = parseSlsV4Authorization(auth);
  if (!parsed) return failAuthorizationForm(now, V4_FORM, scheme);
  const { accessKeyId } = parsed;
  const xLogDate = headers.get("x-log-date");
  const time = checkRequestTime(xLogDate, parseIsoCompact, "x-log-date", options, scheme);
  if (typeof time !== "number") return { ...time, accessKeyId };
  const date = xLogDate as string;
  if (date.slice(0, 8) !== parsed.date8)
    return fail(
      "incomplete-signature",
      `the credential scope date ${clipEcho(parsed.date8)} differs from x-log-date ${date.slice(0, 8)}`,
      now,
      { scheme, accessKeyId, parameter: "Authorization" },
    );
  const token = headers.get("x-acs-security-token");
  const entry = checkAccessKey(ctx, accessKeyId, token, "x-acs-security-token", scheme);
  if ("ok" in entry) return entry;

  const declared = headers.get("x-log-content-sha256")?.trim().toLowerCase();
  const hasBody = req.body !== undefined && req.body.length > 0;
  const payloadHash = declared ?? hashPayload(crypto, req.body);
  // Go can be told to declare the empty-body hash for a non-empty body
  // (docs/alibaba/sls-signature-v4.md#request-headers): tolerated.
  if (declared !== undefined && options.verifyBodyDigest !== false && hasBody && declared !== EMPTY_SHA256) {
    if (hashPayload(crypto, req.body) !== declared)
      return fail("signature-mismatch", "x-log-content-sha256 does not match the body", now, {
        scheme,
        accessKeyId,
        parameter: "x-log-content-sha256",
      });
  }
  const variants: SlsV4CanonicalOptions[] = [{}];
  if (hasMetaHeaders(headers)) variants.push({ excludeMetaHeaders: false });
  if (hasUntrimmedSignedValue(headers))
    variants.push({ trimValues: false }, { trimValues: false, excludeMetaHeaders: false });
  let firstSts = "";
  for (const variant of variants) {
    const cr = buildSlsV4CanonicalRequest(req.method, req.path, req.query, headers, payloadHash, variant);
    const sts = buildSlsV4StringToSign(crypto, cr, date, parsed.region);
    if (firstSts === "") firstSts = sts;
    const expected = computeSlsV4Signature(crypto, sts, entry.secret, parsed.date8, parsed.region);
    if (equalConstantTime(expected, parsed.signature)) return succeed(accessKeyId, scheme, time, token);
  }
  return failSignatureMismatch(now, scheme, accessKeyId, firstSts);
}

function hasUntrimmedSignedValue(headers: Map<string, string>): boolean {
  for (const [n, v] of headers) if (isSlsV4SignableHeader(n) && v !== v.trim()) return true;
  return false;
}
