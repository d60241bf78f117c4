/**
 * The RPC (POP) verifier for the mock: detects V3 (`Authorization: ACS3-HMAC-SHA256 …`,
 * docs/alibaba/acs3-signature.md#authorization-header) or signature v1 (`Signature` among the query/form parameters,
 * docs/alibaba/rpc-signature-v1.md), checks the request time (±15 min; the V2 doc says 31 min,
 * docs/unconfirmed-behaviour.md#rpc-timestamp-tolerance, hence `maxSkewMs`), the key, the STS token and the signature.
 * It returns the nonce but does not remember it: the mock's replay store does.
 */
import {
  buildAcs3CanonicalRequest,
  buildAcs3StringToSign,
  computeAcs3Signature,
  parseAcs3Authorization,
} from "./acs3.ts";
import { clipEcho } from "./clip-echo.ts";
import type { CryptoPort } from "./crypto-port.ts";
import { equalConstantTime } from "./equal-constant-time.ts";
import { parseIsoSeconds } from "./iso-date.ts";
import { hashPayload } from "./payload-hash.ts";
import { percentEncode } from "./percent-encode.ts";
import { listQueryPairs, parseQuery } from "./query-string.ts";
import { computeRpcV1Signature, type RpcParams, stringToSignRpcV1 } from "./rpc-v1.ts";
import type {
  SecretLookup,
  SignableRequest,
  VerifyFailure,
  VerifyFailureReason,
  VerifyOptions,
  VerifyResult,
} from "./types.ts";
import { bodyText } from "./utf8.ts";
import { checkAccessKey, checkRequestTime, redact } from "./verify-checks.ts";
import { createVerifyContext, type VerifyContext } from "./verify-context.ts";
import { fail, failAuthorizationForm, failSignatureMismatch, succeed } from "./verify-outcome.ts";

/** Verifies an RPC request signed with V3 (`ACS3-HMAC-SHA256`) or signature v1 (HMAC-SHA1 parameters). */
export function verifyRpc(
  crypto: CryptoPort,
  req: SignableRequest,
  lookupSecret: SecretLookup,
  options: VerifyOptions,
): VerifyResult {
  const ctx = createVerifyContext(crypto, req, lookupSecret, options);
  const auth = ctx.headers.get("authorization");
  if (auth?.trimStart().startsWith("ACS3-HMAC-SHA256")) return verifyAcs3(ctx, auth);
  return refuseUnknownQueryKey(ctx) ?? verifyV1(ctx);
}

/**
 * The v1 signed parameters: the query merged with a form body (darabonba `merge(query, body)`,
 * docs/alibaba/rpc-signature-v1.md). A repeated name keeps its first value.
 */
export function collectRpcParams(req: SignableRequest, headers: Map<string, string>): RpcParams {
  const params: RpcParams = Object.create(null);
  for (const [k, v] of listQueryPairs(req.query)) if (!(k in params)) params[k] = v;
  if (hasFormBody(req, headers)) {
    const form = req.formParams !== undefined ? req.formParams() : parseQuery(bodyText(req.body));
    for (const [k, v] of listQueryPairs(form)) if (!(k in params)) params[k] = v;
  }
  return params;
}

function hasFormBody(req: SignableRequest, headers: Map<string, string>): boolean {
  const type = headers.get("content-type") ?? "";
  return req.body !== undefined && req.body.length > 0 && /application\/x-www-form-urlencoded/i.test(type);
}

/**
 * An unknown AccessKeyId named in the query, when a form body would have to be decoded to go on: refused at once, so
 * a large body from a stranger costs no decoding (docs/mock-limits.md#request-size). Other requests keep the usual
 * order of checks.
 */
function refuseUnknownQueryKey(ctx: VerifyContext): VerifyFailure | undefined {
  const named = ctx.req.query.AccessKeyId;
  const id = typeof named === "string" ? named : named?.[0];
  if (id === undefined || id === "" || !hasFormBody(ctx.req, ctx.headers)) return undefined;
  if (ctx.lookupSecret(id) !== undefined) return undefined;
  return fail("unknown-access-key", "the AccessKeyId is not known", ctx.now, {
    scheme: "rpc-v1",
    accessKeyId: clipEcho(id),
    parameter: "AccessKeyId",
  });
}

function verifyV1(ctx: VerifyContext): VerifyResult {
  const { crypto, req, headers, options, now } = ctx;
  const scheme = "rpc-v1" as const;
  const params = collectRpcParams(req, headers);
  const accessKeyId = params.AccessKeyId;
  const signature = params.Signature;
  if (accessKeyId === undefined || accessKeyId === "") {
    if (signature === undefined && headers.has("authorization"))
      return failAuthorizationForm(now, "an ACS3-HMAC-SHA256 signature");
    return fail("missing-credentials", "AccessKeyId is mandatory for this action", now, {
      scheme,
      parameter: "AccessKeyId",
    });
  }
  if (signature === undefined || signature === "")
    return fail("incomplete-signature", "the request has no Signature parameter", now, {
      scheme,
      accessKeyId,
      parameter: "Signature",
    });
  const badParameter =
    checkV1Parameter(params, "SignatureMethod", "missing-signature-method", "HMAC-SHA1", now, accessKeyId) ??
    checkV1Parameter(params, "SignatureVersion", "missing-parameter", "1.0", now, accessKeyId);
  if (badParameter) return badParameter;
  const time = checkRequestTime(params.Timestamp, parseIsoSeconds, "Timestamp", options, scheme);
  if (typeof time !== "number") return { ...time, accessKeyId };
  const noNonce = checkV1Parameter(params, "SignatureNonce", "missing-parameter", undefined, now, accessKeyId);
  if (noNonce) return noNonce;
  const nonce = params.SignatureNonce as string;
  const token = params.SecurityToken;
  const entry = checkAccessKey(ctx, accessKeyId, token, "SecurityToken", scheme);
  if ("ok" in entry) return entry;
  const sts = stringToSignRpcV1(req.method, params);
  const expected = computeRpcV1Signature(crypto, sts, entry.secret);
  if (!equalConstantTime(expected, signature))
    // The token sits in the string-to-sign percent-encoded twice (once in the query, once for the STS).
    return failSignatureMismatch(
      now,
      scheme,
      accessKeyId,
      token ? redact(sts, [percentEncode(percentEncode(token))]) : sts,
    );
  return succeed(accessKeyId, scheme, time, token, { nonce, action: params.Action, version: params.Version });
}

/**
 * A v1 parameter that must be sent (else `missing`) and, when `expected` is given, carry exactly that value
 * (else `bad-signature-method`: docs/alibaba/rpc-signature-v1.md#common-parameters fixes SignatureMethod and
 * SignatureVersion).
 */
function checkV1Parameter(
  params: RpcParams,
  name: "SignatureMethod" | "SignatureVersion" | "SignatureNonce",
  missing: VerifyFailureReason,
  expected: string | undefined,
  now: number,
  accessKeyId: string,
): VerifyFailure | undefined {
  const value = params[name];
  const extra = { scheme: "rpc-v1", accessKeyId, parameter: name } as const;
  if (value === undefined || value === "") return fail(missing, `${name} is mandatory for this action`, now, extra);
  if (expected !== undefined && value !== expected)
    return fail("bad-signature-method", `${name} "${clipEcho(value)}" is not supported (use ${expected})`, now, extra);
  return undefined;
}

// The V3 Authorization form (docs/alibaba/acs3-signature.md#authorization-header), quoted when a request's does not
// parse.
const ACS3_FORM = '"ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<h1;h2>,Signature=<hex>"';

// Headers a V3 request must sign when it carries them: they name the caller, time and operation.
const MUST_SIGN_IF_PRESENT = ["x-acs-action", "x-acs-version", "x-acs-security-token", "x-acs-content-sha256"];

function verifyAcs3(ctx: VerifyContext, auth: string): VerifyResult {
  const { crypto, req, headers, options, now } = ctx;
  const scheme = "acs3-hmac-sha256" as const;
  const parsed = parseAcs3Authorization(auth);
  if (!parsed) return failAuthorizationForm(now, ACS3_FORM, scheme);
  const { accessKeyId } = parsed;
  const time = checkRequestTime(headers.get("x-acs-date"), parseIsoSeconds, "x-acs-date", options, scheme);
  if (typeof time !== "number") return { ...time, accessKeyId };
  const nonce = headers.get("x-acs-signature-nonce");
  if (nonce === undefined || nonce === "")
    return fail("missing-parameter", "x-acs-signature-nonce is mandatory for this action", now, {
      scheme,
      accessKeyId,
      parameter: "SignatureNonce",
    });
  const signed = parsed.signedHeaders;
  const signedSet = new Set(signed);
  const mustSign = [
    "host",
    "x-acs-date",
    "x-acs-signature-nonce",
    ...MUST_SIGN_IF_PRESENT.filter((h) => headers.has(h)),
  ];
  const unsigned = mustSign.filter((h) => !signedSet.has(h));
  if (unsigned.length > 0)
    return fail("incomplete-signature", `SignedHeaders must include ${unsigned.join(", ")}`, now, {
      scheme,
      accessKeyId,
      parameter: "Authorization",
    });
  const absent = signed.filter((h) => !headers.has(h));
  if (absent.length > 0)
    return fail(
      "incomplete-signature",
      `SignedHeaders lists headers the request lacks: ${clipEcho(absent.join(", "))}`,
      now,
      {
        scheme,
        accessKeyId,
        parameter: "Authorization",
      },
    );
  const token = headers.get("x-acs-security-token");
  const entry = checkAccessKey(ctx, accessKeyId, token, "x-acs-security-token", scheme);
  if ("ok" in entry) return entry;

  const declared = headers.get("x-acs-content-sha256")?.trim().toLowerCase();
  const payloadHash = declared ?? hashPayload(crypto, req.body);
  if (declared !== undefined && options.verifyBodyDigest !== false && hashPayload(crypto, req.body) !== declared)
    return fail("signature-mismatch", "x-acs-content-sha256 does not match the body", now, {
      scheme,
      accessKeyId,
      parameter: "x-acs-content-sha256",
    });
  const sortedSigned = [...signed].sort();
  const cr = buildAcs3CanonicalRequest(req.method, req.path, req.query, headers, sortedSigned, payloadHash);
  const sts = buildAcs3StringToSign(crypto, cr);
  const expected = computeAcs3Signature(crypto, sts, entry.secret);
  if (!equalConstantTime(expected, parsed.signature)) return failSignatureMismatch(now, scheme, accessKeyId, sts);
  const action = headers.get("x-acs-action");
  const version = headers.get("x-acs-version");
  return succeed(accessKeyId, scheme, time, token, { nonce, action, version });
}
