/**
 * The records a verifier returns, built alike for every scheme: a failure (reason, detail, server time
 * and what is known of the request), the two failures all schemes word the same (malformed
 * Authorization, signature mismatch), and the success record. Details never carry a secret or token.
 */
import type { SignatureScheme } from "../openapi/extensions.ts";
import type { VerifyFailure, VerifyFailureReason, VerifySuccess } from "./types.ts";

/** Builds a failure record. */
export function fail(
  reason: VerifyFailureReason,
  detail: string,
  serverTimeMs: number,
  extra: Partial<Omit<VerifyFailure, "ok" | "reason" | "detail" | "serverTimeMs">> = {},
): VerifyFailure {
  return { ok: false, reason, detail, serverTimeMs, ...extra };
}

/** The failure for an Authorization header that is not of the scheme's `form`; `scheme` once it is known. */
export function failAuthorizationForm(serverTimeMs: number, form: string, scheme?: SignatureScheme): VerifyFailure {
  const extra = scheme === undefined ? { parameter: "Authorization" } : { scheme, parameter: "Authorization" };
  return fail("incomplete-signature", `the Authorization header is not ${form}`, serverTimeMs, extra);
}

/** The failure for a signature that differs from the server's; `stringToSign` must already be redacted. */
export function failSignatureMismatch(
  serverTimeMs: number,
  scheme: SignatureScheme,
  accessKeyId: string,
  stringToSign: string,
): VerifyFailure {
  return fail("signature-mismatch", "the signature does not match the server's calculation", serverTimeMs, {
    scheme,
    accessKeyId,
    stringToSign,
  });
}

/** The success record; the STS token only when one was sent, the RPC fields only when known. */
export function succeed(
  accessKeyId: string,
  scheme: SignatureScheme,
  requestTimeMs: number,
  token: string | undefined,
  rpc: { nonce?: string; action?: string | undefined; version?: string | undefined } = {},
): VerifySuccess {
  const ok: VerifySuccess = { ok: true, accessKeyId, scheme, requestTimeMs };
  if (token) ok.securityToken = token;
  if (rpc.nonce !== undefined) ok.nonce = rpc.nonce;
  if (rpc.action !== undefined) ok.action = rpc.action;
  if (rpc.version !== undefined) ok.version = rpc.version;
  return ok;
}
