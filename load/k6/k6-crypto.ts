/**
 * The crypto port over k6's own modules, so the shared signers (src/signing) run inside k6 scripts.
 * Only the k6 0.48 API (docs/peer-conventions.md#portable-module-subset): `k6/crypto` `hmac`, `sha256`, `md5`,
 * `randomBytes`, and `k6/encoding` `b64encode`. No Node modules, no `TextEncoder` (absent in k6 0.48).
 *
 * Digests are requested as "hex" and converted here: the type of k6's "binary" output changed
 * across versions (number[] in the 0.48 typings, ArrayBuffer at run time), hex does not.
 */
import { hmac, md5, randomBytes, sha256 } from "k6/crypto";
import { b64encode } from "k6/encoding";
import type { Bytes, CryptoPort } from "../../src/signing/crypto-port.ts";

const HEX = "0123456789abcdef";

function toHex(bytes: Bytes): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    out += HEX.charAt(b >> 4) + HEX.charAt(b & 15);
  }
  return out;
}

function fromHex(hex: string): Bytes {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}

/** A standalone ArrayBuffer holding exactly the bytes (a Uint8Array may view a larger buffer). */
function toArrayBuffer(bytes: Bytes): ArrayBuffer {
  return new Uint8Array(bytes).buffer;
}

function input(data: string | Bytes): string | ArrayBuffer {
  return typeof data === "string" ? data : toArrayBuffer(data);
}

/** `CryptoPort` implemented with `k6/crypto` and `k6/encoding` (k6 ≥ 0.48). */
export const k6Crypto: CryptoPort = {
  hmacSha1: (key, message) => fromHex(hmac("sha1", input(key), message, "hex")),
  hmacSha256: (key, message) => fromHex(hmac("sha256", input(key), message, "hex")),
  sha256Hex: (data) => sha256(input(data), "hex"),
  md5Hex: (data) => md5(input(data), "hex"),
  base64: (bytes) => b64encode(toArrayBuffer(bytes), "std"),
  hex: toHex,
  randomHex: (n) => toHex(new Uint8Array(randomBytes(n))),
};
