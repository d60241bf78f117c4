/**
 * The small crypto port the signers are written against (docs/design.md#one-signing-implementation), so one
 * implementation serves Node (`node:crypto`, see node-crypto.ts) and k6 (`k6/crypto`, see load/k6/k6-crypto.ts). Keys
 * and messages are UTF-8 strings or raw bytes.
 */
export type Bytes = Uint8Array;

export interface CryptoPort {
  /** HMAC-SHA1 → raw bytes. */
  hmacSha1(key: string | Bytes, message: string): Bytes;
  /** HMAC-SHA256 → raw bytes. */
  hmacSha256(key: string | Bytes, message: string): Bytes;
  /** SHA-256 of the UTF-8 string or bytes → lowercase hex. */
  sha256Hex(data: string | Bytes): string;
  /** MD5 of the UTF-8 string or bytes → lowercase hex. */
  md5Hex(data: string | Bytes): string;
  /** Standard base64 (with padding) of raw bytes. */
  base64(bytes: Bytes): string;
  /** Lowercase hex of raw bytes. */
  hex(bytes: Bytes): string;
  /** `n` cryptographically random bytes as lowercase hex (nonces). */
  randomHex(n: number): string;
}
