/**
 * The SLS verifier for the mock: detects `LOG` (v1, hmac-sha1 or hmac-sha256) or `SLS4-HMAC-SHA256`
 * (v4) from `Authorization`, checks the request time (±15 min, facts §1.1), the key, the STS token and
 * the signature, tolerating every SDK divergence of facts §1.5:
 * - `x-log-date` replaces DATE and is not signed in v1 (Python adds it after signing);
 * - an empty Content-MD5 line although a body is present (Python `compute_content_hash=False`);
 * - `x-log-meta-*` signed (Go/Java v1, Java v4) or not (Python v1, Go/Python v4): both are tried;
 * - v4 header values trimmed (Python/Java) or not (Go): both are tried when it matters;
 * - query values exactly as sent (`forceSuccess=True`), dates with a 1- or 2-digit day.
 */
import type { CryptoPort } from "./crypto-port.ts";
import { equalConstantTime } from "./equal-constant-time.ts";
import { lowercaseHeaders } from "./header-map.ts";
import { parseHttpDate } from "./http-date.ts";
import { parseIsoCompact } from "./iso-date.ts";
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
  EMPTY_SHA256,
  parseSlsV4Authorization,
  type SlsV4CanonicalOptions,
} from "./sls-v4.ts";
import type { SecretLookup, SignableRequest, VerifyOptions, VerifyResult } from "./types.ts";
import { checkRequestTime, checkSecurityToken, fail, readNowMs, redact } from "./verify-checks.ts";

/** Verifies an SLS request signed with v1 (`LOG`) or v4 (`SLS4-HMAC-SHA256`). */
export function verifySls(
  crypto: CryptoPort,
  req: SignableRequest,
  lookupSecret: SecretLookup,
  options: VerifyOptions,
): VerifyResult {
  const headers = lowercaseHeaders(req.headers);
  const auth = headers.get("authorization");
  const now = readNowMs(options);
  if (auth === undefined || auth.trim() === "")
    return fail("missing-credentials", "the request has no Authorization header", now, { parameter: "Authorization" });
  const trimmed = auth.trimStart();
  if (trimmed.startsWith("SLS4-HMAC-SHA256")) return verifyV4(crypto, req, headers, auth, lookupSecret, options);
  if (/^LOG\s/.test(trimmed)) return verifyV1(crypto, req, headers, auth, lookupSecret, options);
  return fail(
    "incomplete-signature",
    'the Authorization header is neither "LOG <AccessKeyId>:<Signature>" nor "SLS4-HMAC-SHA256 …"',
    now,
    { parameter: "Authorization" },
  );
}

function verifyV1(
  crypto: CryptoPort,
  req: SignableRequest,
  headers: Map<string, string>,
  auth: string,
  lookupSecret: SecretLookup,
  options: VerifyOptions,
): VerifyResult {
  const now = readNowMs(options);
  const parsed = parseSlsV1Authorization(auth);
  if (!parsed)
    return fail("incomplete-signature", 'the Authorization header is not "LOG <AccessKeyId>:<Signature>"', now, {
      parameter: "Authorization",
    });
  const method = headers.get("x-log-signaturemethod");
  if (method === undefined || method === "")
    return fail("missing-signature-method", "the request has no x-log-signaturemethod header", now, {
      parameter: "x-log-signaturemethod",
      accessKeyId: parsed.accessKeyId,
    });
  const algorithm = method.trim().toLowerCase();
  if (algorithm !== "hmac-sha1" && algorithm !== "hmac-sha256")
    return fail(
      "bad-signature-method",
      `x-log-signaturemethod "${method}" is not supported (use hmac-sha1 or hmac-sha256)`,
      now,
      { parameter: "x-log-signaturemethod", accessKeyId: parsed.accessKeyId },
    );
  const scheme = algorithm === "hmac-sha256" ? "sls-v1-hmac-sha256" : "sls-v1-hmac-sha1";
  // x-log-date, when present, is the request time (facts §1.1).
  const dateName = headers.has("x-log-date") ? "x-log-date" : "Date";
  const time = checkRequestTime(headers.get(dateName.toLowerCase()), parseHttpDate, dateName, options, scheme);
  if (typeof time !== "number") return { ...time, accessKeyId: parsed.accessKeyId };
  const entry = lookupSecret(parsed.accessKeyId);
  if (!entry)
    return fail("unknown-access-key", `AccessKeyId not found: ${parsed.accessKeyId}`, now, {
      scheme,
      accessKeyId: parsed.accessKeyId,
    });
  const token = headers.get("x-acs-security-token");
  const tokenFailure = checkSecurityToken(entry, token, parsed.accessKeyId, "x-acs-security-token", now, scheme);
  if (tokenFailure) return tokenFailure;

  const md5 = headers.get("content-md5");
  if (options.verifyBodyDigest !== false && md5 && req.body !== undefined && req.body.length > 0) {
    if (crypto.md5Hex(req.body).toUpperCase() !== md5.trim().toUpperCase())
      return fail("signature-mismatch", "Content-MD5 does not match the body", now, {
        scheme,
        accessKeyId: parsed.accessKeyId,
        parameter: "Content-MD5",
      });
  }
  const sts = buildSlsV1StringToSign(req.method, headers, req.path, req.query);
  if (matchesV1(crypto, sts, entry.secret, algorithm, parsed.signature))
    return success(parsed.accessKeyId, scheme, token, time);
  if (hasMetaHeaders(headers)) {
    const stsNoMeta = buildSlsV1StringToSign(req.method, headers, req.path, req.query, { excludeMetaHeaders: true });
    if (matchesV1(crypto, stsNoMeta, entry.secret, algorithm, parsed.signature))
      return success(parsed.accessKeyId, scheme, token, time);
  }
  return fail("signature-mismatch", "the signature does not match the server's calculation", now, {
    scheme,
    accessKeyId: parsed.accessKeyId,
    stringToSign: redact(sts, [token?.trim()]),
  });
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

function verifyV4(
  crypto: CryptoPort,
  req: SignableRequest,
  headers: Map<string, string>,
  auth: string,
  lookupSecret: SecretLookup,
  options: VerifyOptions,
): VerifyResult {
  const now = readNowMs(options);
  const scheme = "sls-v4" as const;
  const parsed = parseSlsV4Authorization(auth);
  if (!parsed)
    return fail(
      "incomplete-signature",
      'the Authorization header is not "SLS4-HMAC-SHA256 Credential=<id>/<yyyyMMdd>/<region>/sls/aliyun_v4_request,Signature=<hex>"',
      now,
      { scheme, parameter: "Authorization" },
    );
  const xLogDate = headers.get("x-log-date");
  const time = checkRequestTime(xLogDate, parseIsoCompact, "x-log-date", options, scheme);
  if (typeof time !== "number") return { ...time, accessKeyId: parsed.accessKeyId };
  const date = xLogDate as string;
  if (date.slice(0, 8) !== parsed.date8)
    return fail(
      "incomplete-signature",
      `the credential scope date ${parsed.date8} differs from x-log-date ${date.slice(0, 8)}`,
      now,
      { scheme, accessKeyId: parsed.accessKeyId, parameter: "Authorization" },
    );
  const entry = lookupSecret(parsed.accessKeyId);
  if (!entry)
    return fail("unknown-access-key", `AccessKeyId not found: ${parsed.accessKeyId}`, now, {
      scheme,
      accessKeyId: parsed.accessKeyId,
    });
  const token = headers.get("x-acs-security-token");
  const tokenFailure = checkSecurityToken(entry, token, parsed.accessKeyId, "x-acs-security-token", now, scheme);
  if (tokenFailure) return tokenFailure;

  const declared = headers.get("x-log-content-sha256")?.trim().toLowerCase();
  const hasBody = req.body !== undefined && req.body.length > 0;
  let payloadHash: string;
  if (declared === undefined) payloadHash = hasBody ? crypto.sha256Hex(req.body as string | Uint8Array) : EMPTY_SHA256;
  else {
    payloadHash = declared;
    // Go can be told to declare the empty-body hash for a non-empty body (facts §1.6): tolerated.
    if (options.verifyBodyDigest !== false && hasBody && declared !== EMPTY_SHA256) {
      if (crypto.sha256Hex(req.body as string | Uint8Array) !== declared)
        return fail("signature-mismatch", "x-log-content-sha256 does not match the body", now, {
          scheme,
          accessKeyId: parsed.accessKeyId,
          parameter: "x-log-content-sha256",
        });
    }
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
    if (equalConstantTime(expected, parsed.signature)) return success(parsed.accessKeyId, scheme, token, time);
  }
  return fail("signature-mismatch", "the signature does not match the server's calculation", now, {
    scheme,
    accessKeyId: parsed.accessKeyId,
    stringToSign: firstSts,
  });
}

function hasUntrimmedSignedValue(headers: Map<string, string>): boolean {
  for (const [n, v] of headers) {
    const signed = n === "host" || n === "content-type" || n.startsWith("x-log-") || n.startsWith("x-acs-");
    if (signed && v !== v.trim()) return true;
  }
  return false;
}

function success(
  accessKeyId: string,
  scheme: "sls-v1-hmac-sha1" | "sls-v1-hmac-sha256" | "sls-v4",
  token: string | undefined,
  requestTimeMs: number,
): VerifyResult {
  return token
    ? { ok: true, accessKeyId, scheme, securityToken: token, requestTimeMs }
    : { ok: true, accessKeyId, scheme, requestTimeMs };
}
