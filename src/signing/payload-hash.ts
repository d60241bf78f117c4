/**
 * The hex SHA-256 of a request body, as SLS v4 (`x-log-content-sha256`,
 * docs/alibaba/sls-signature-v4.md#request-headers) and V3 (`x-acs-content-sha256`,
 * docs/alibaba/acs3-signature.md#headers) sign it; an absent or empty body hashes as the empty string.
 */
import type { CryptoPort } from "./crypto-port.ts";

/** hex(SHA-256("")): the payload hash of an empty body. */
export const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/** Lowercase hex SHA-256 of the body; `EMPTY_SHA256` without one (no hashing needed). */
export function hashPayload(crypto: CryptoPort, body: string | Uint8Array | undefined): string {
  return body === undefined || body.length === 0 ? EMPTY_SHA256 : crypto.sha256Hex(body);
}
