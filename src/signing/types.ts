/**
 * Shared shapes of the signing modules: the plain request every signer and verifier reads, the
 * credentials, and the verifiers' discriminated result. Nothing here touches the network or node.
 */
import type { SignatureScheme } from "../openapi/extensions.ts";

/** Query parameters, already percent-decoded; a repeated key carries an array of values. */
export type Query = Record<string, string | readonly string[]>;

/**
 * A request as the signers see it.
 * - `path`: the path exactly as sent on the wire (still percent-encoded, no query string).
 * - `query`: decoded parameters (see query-string.ts `parseQuery` for the wire form).
 * - `headers`: names in any case; values as sent.
 */
export interface SignableRequest {
  method: string;
  path: string;
  query: Query;
  headers: Readonly<Record<string, string>>;
  body?: Uint8Array | string;
  /**
   * RPC: the form body's parameters as the caller parses them, asked for only once the verifier needs them; without
   * it the verifier decodes `body` itself. Lets a server parse a large form once, and only for a known key.
   */
  formParams?: () => Query;
}

/** An AccessKey pair, plus the STS security token when the key is temporary. */
export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

/** What the verifier learns about one AccessKeyId: its secret and, for STS keys, the token it must carry. */
export interface SecretEntry {
  secret: string;
  token?: string;
}

/** Looks up an AccessKeyId; `undefined` = unknown key. */
export type SecretLookup = (accessKeyId: string) => SecretEntry | undefined;

/** Options of `verifySls` / `verifyRpc`. */
export interface VerifyOptions {
  /** Server time, epoch milliseconds (or a Date). */
  now: number | Date;
  /**
   * Allowed distance between request time and server time; default 15 minutes
   * (docs/alibaba/sls-requests.md#request-time, docs/alibaba/pop-errors.md#gateway-codes).
   */
  maxSkewMs?: number;
  /**
   * Also check that the body matches its signed digest (`Content-MD5`, `x-log-content-sha256`,
   * `x-acs-content-sha256`). Default true. Whether the real SLS server does this is unconfirmed
   * (docs/unconfirmed-behaviour.md#content-md5-and-api-version-checks).
   */
  verifyBodyDigest?: boolean;
}

/**
 * Why a request failed verification. Each maps to a documented error (verify-errors.ts):
 * docs/alibaba/sls-errors.md for SLS, docs/alibaba/pop-errors.md#gateway-codes for RPC.
 */
export type VerifyFailureReason =
  | "missing-credentials"
  | "incomplete-signature"
  | "missing-date"
  | "bad-date"
  | "expired"
  | "missing-signature-method"
  | "bad-signature-method"
  | "missing-parameter"
  | "unknown-access-key"
  | "bad-security-token"
  | "signature-mismatch";

/** A request whose signature checked out. */
export interface VerifySuccess {
  ok: true;
  accessKeyId: string;
  scheme: SignatureScheme;
  /** The STS token the request carried (data for the caller; never log it). */
  securityToken?: string;
  /** RPC v1 `SignatureNonce` / V3 `x-acs-signature-nonce`: the replay store checks it, not the verifier. */
  nonce?: string;
  /** The request time the signature covers, epoch ms. */
  requestTimeMs: number;
  /** RPC only: the operation and API version the request names. */
  action?: string;
  version?: string;
}

/** A request that failed verification. `detail` never contains a secret, token or signature. */
export interface VerifyFailure {
  ok: false;
  reason: VerifyFailureReason;
  detail: string;
  scheme?: SignatureScheme;
  accessKeyId?: string;
  /** The request parameter or header at fault (e.g. `SignatureNonce`), when there is one. */
  parameter?: string;
  /** For `signature-mismatch`: the server's string-to-sign (security token redacted). */
  stringToSign?: string;
  /** For date failures: the request time read (epoch ms) and the raw value. */
  requestTimeMs?: number;
  requestTimeText?: string;
  /** Server time used, epoch ms. */
  serverTimeMs: number;
}

/** Result of `verifySls` / `verifyRpc`. */
export type VerifyResult = VerifySuccess | VerifyFailure;

/**
 * Default tolerated clock skew: 15 minutes (SLS docs/alibaba/sls-requests.md#request-time; RPC
 * `InvalidTimeStamp.Expired`, docs/alibaba/pop-errors.md#gateway-codes).
 */
export const DEFAULT_MAX_SKEW_MS = 15 * 60 * 1000;
