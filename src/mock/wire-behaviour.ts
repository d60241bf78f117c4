/**
 * Gateway-level behaviour of the mock that the docs leave open or that only a server has
 * (docs/unconfirmed-behaviour.md), each a switch with its default and source. Kept beside `MockConfig`
 * (src/mock/mock-config.ts), which carries the domain's switches.
 */

/** Wire-level switches. */
export interface WireBehaviour {
  /**
   * Check `Content-MD5` / `x-log-content-sha256` / `x-acs-content-sha256` against the body
   * (docs/unconfirmed-behaviour.md#content-md5-and-api-version-checks: unconfirmed).
   */
  verifyContentMd5: boolean;
  /**
   * Status of RPC `SignatureDoesNotMatch`: gateway doc 400, some product tables 403
   * (docs/unconfirmed-behaviour.md#signature-and-access-key-error-statuses).
   */
  signatureMismatchStatus: 400 | 403;
  /**
   * Status of `InvalidAccessKeyId.NotFound`: 400 or 404
   * (docs/unconfirmed-behaviour.md#signature-and-access-key-error-statuses); the Live overlay documents 404.
   */
  accessKeyNotFoundStatus: 400 | 404;
  /**
   * Least time an RPC nonce is remembered, ms (docs/unconfirmed-behaviour.md#rpc-nonce-replay-window: unconfirmed).
   * A nonce is also kept until its request's timestamp is no longer accepted (src/mock/nonce-store.ts), so a replay
   * never outlives it.
   */
  nonceWindowMs: number;
  /** Cap on remembered nonces, by count (docs/mock-limits.md#nonce-store). */
  maxNonces: number;
  /** Cap on remembered nonces, estimated bytes; past it new nonces are refused (503), none forgotten early. */
  maxNonceBytes: number;
  /** Longest `SignatureNonce` / `x-acs-signature-nonce` accepted, characters (SDKs send 32 or 36). */
  maxNonceLength: number;
  /**
   * RPC timestamp tolerance, ms: 15 min (gateway and V3 docs) vs 31 min (V2 doc)
   * (docs/unconfirmed-behaviour.md#rpc-timestamp-tolerance).
   */
  rpcMaxSkewMs: number;
  /** SLS request-time tolerance, ms: 15 min (docs/alibaba/sls-requests.md#request-time). */
  slsMaxSkewMs: number;
  /**
   * Debug mode: RPC `SignatureDoesNotMatch` ends with the server's string-to-sign (at most 4 KB) as the gateway's
   * does, for finding a signing bug (src/signing/verify-errors.ts). Off by default: it echoes the request.
   */
  stringToSignInErrors: boolean;
  /**
   * Larger bodies are refused before being read: SLS 413 PostBodyTooLarge above 10485760 bytes
   * (docs/alibaba/sls-errors.md#common-codes).
   */
  maxBodyBytes: number;
  /**
   * The format of an RPC answer when the request names none (no `Format`, no JSON or XML `Accept`): XML on the
   * gateway's and Live's common-parameter pages, JSON on VPC's (docs/unconfirmed-behaviour.md#rpc-response-format).
   */
  rpcDefaultFormat: "JSON" | "XML";
}

/** Defaults, each from the fact cited on its field. */
export function createDefaultWireBehaviour(): WireBehaviour {
  return {
    verifyContentMd5: true,
    signatureMismatchStatus: 400,
    accessKeyNotFoundStatus: 404,
    nonceWindowMs: 15 * 60 * 1000,
    maxNonces: 1_000_000,
    maxNonceBytes: 64 * 1024 * 1024,
    maxNonceLength: 128,
    rpcMaxSkewMs: 15 * 60 * 1000,
    slsMaxSkewMs: 15 * 60 * 1000,
    maxBodyBytes: 10_485_760,
    stringToSignInErrors: false,
    rpcDefaultFormat: "XML",
  };
}
