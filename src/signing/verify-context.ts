/**
 * What each scheme verifier (SLS v1/v4, RPC v1, V3) reads: the request, its headers lowercased once,
 * the key store, the options and the server time, so `verifySls`/`verifyRpc` gather them once and
 * pass them on whole.
 */
import type { CryptoPort } from "./crypto-port.ts";
import { lowercaseHeaders } from "./header-map.ts";
import type { SecretLookup, SignableRequest, VerifyOptions } from "./types.ts";
import { readNowMs } from "./verify-checks.ts";

/** The inputs of one verification. */
export interface VerifyContext {
  crypto: CryptoPort;
  req: SignableRequest;
  /** `req.headers` with lowercase names (header-map.ts). */
  headers: Map<string, string>;
  lookupSecret: SecretLookup;
  options: VerifyOptions;
  /** `options.now` as epoch ms: the server time every failure reports. */
  now: number;
}

/** Gathers the inputs of one verification, lowercasing the headers and reading the server time. */
export function createVerifyContext(
  crypto: CryptoPort,
  req: SignableRequest,
  lookupSecret: SecretLookup,
  options: VerifyOptions,
): VerifyContext {
  return { crypto, req, headers: lowercaseHeaders(req.headers), lookupSecret, options, now: readNowMs(options) };
}
