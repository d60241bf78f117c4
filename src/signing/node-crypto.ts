/**
 * The crypto port over `node:crypto`, for the Node clients and the mock's verifier.
 * (k6 scripts use load/k6/k6-crypto.ts instead; the signers never import either directly.)
 */
import { createHash, createHmac, randomBytes } from "node:crypto";
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
  sha256Hex: (data) =>
    typeof data === "string"
      ? createHash("sha256").update(data, "utf8").digest("hex")
      : createHash("sha256").update(data).digest("hex"),
  md5Hex: (data) =>
    typeof data === "string"
      ? createHash("md5").update(data, "utf8").digest("hex")
      : createHash("md5").update(data).digest("hex"),
  base64: (bytes) => view(bytes).toString("base64"),
  hex: (bytes) => view(bytes).toString("hex"),
  randomHex: (n) => randomBytes(n).toString("hex"),
};
