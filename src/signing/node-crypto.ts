/**
 * The crypto port over `node:crypto`, for the Node clients and the mock's verifier.
 * (k6 scripts use load/k6/k6-crypto.ts instead; the signers never import either directly.)
 */
import { createHmac, hash, randomBytes } from "node:crypto";
import type { Bytes, CryptoPort } from "./crypto-port.ts";

function view(bytes: Bytes): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function toBytes(buf: Buffer): Bytes {
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** `CryptoPort` implemented with `node:crypto`. */
export const nodeCrypto: CryptoPort = {
  hmacSha1: (key, message) => toBytes(createHmac("sha1", key).update(message, "utf8").digest()),
  hmacSha256: (key, message) => toBytes(createHmac("sha256", key).update(message, "utf8").digest()),
  // One-shot `hash` (Node ≥ 20.12) costs half of createHash().update().digest(): no Hash object per call.
  // Strings are hashed as UTF-8, as before.
  sha256Hex: (data) => hash("sha256", data, "hex"),
  md5Hex: (data) => hash("md5", data, "hex"),
  base64: (bytes) => view(bytes).toString("base64"),
  hex: (bytes) => view(bytes).toString("hex"),
  randomHex: (n) => randomBytes(n).toString("hex"),
};
