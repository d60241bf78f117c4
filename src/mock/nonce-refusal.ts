/**
 * The gateway error for a nonce the store did not accept (docs/mock-limits.md#nonce-store): a replay is the
 * documented 400 `SignatureNonceUsed` (docs/alibaba/pop-errors.md#gateway-codes); an over-long nonce is a client
 * error named after the parameter, in the gateway's `Invalid<Name>` style; a full store is the mock's own capacity,
 * so 503 `ServiceUnavailable`, a documented gateway code which SDKs treat as retryable: the store frees room as nonces
 * expire.
 */
import type { VerifySuccess } from "../signing/types.ts";
import type { DomainError } from "./domain/domain-error.ts";
import type { NonceStore, NonceVerdict } from "./nonce-store.ts";

/**
 * Remembers a verified request's nonce until its timestamp is no longer accepted (through request time + `maxSkewMs`);
 * the error to answer with when the store did not take it, or `undefined` (also for requests without a nonce).
 */
export function checkNonce(nonces: NonceStore, verified: VerifySuccess, maxSkewMs: number): DomainError | undefined {
  if (verified.nonce === undefined) return undefined;
  const verdict = nonces.remember(verified.accessKeyId, verified.nonce, verified.requestTimeMs + maxSkewMs);
  return nonceRefusal(verdict, nonces.maxNonceLength);
}

/** The error for `verdict`, or `undefined` when the nonce was fresh. */
function nonceRefusal(verdict: NonceVerdict, maxNonceLength: number): DomainError | undefined {
  switch (verdict) {
    case "fresh":
      return undefined;
    case "replayed":
      return { status: 400, code: "SignatureNonceUsed", message: "Specified signature nonce was used already." };
    case "too-long":
      return {
        status: 400,
        code: "InvalidSignatureNonce",
        message: `Specified SignatureNonce is longer than ${maxNonceLength} characters.`,
      };
    case "full":
      return {
        status: 503,
        code: "ServiceUnavailable",
        message:
          "The request has failed due to a temporary failure of the server: the nonce store is full; retry later.",
      };
  }
}
