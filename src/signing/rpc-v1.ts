/**
 * RPC signature v1 ("V2 request syntax"), HMAC-SHA1 over the sorted, percent-encoded parameters
 * (docs/alibaba/rpc-signature-v1.md; doc "rpc-mechanism"; darabonba `GetRPCSignature`):
 *
 *   StringToSign = METHOD & %2F & percentEncode(k1=v1&k2=v2…)     (Signature itself excluded)
 *   Signature    = base64(HMAC-SHA1(AccessKeySecret + "&", StringToSign))
 */
import type { CryptoPort } from "./crypto-port.ts";
import { formatIsoSeconds } from "./iso-date.ts";
import { percentEncode } from "./percent-encode.ts";
import type { Credentials } from "./types.ts";

/** Flat RPC parameters (arrays already flattened to `Key.1`, `Key.2`, …). */
export type RpcParams = Record<string, string>;

/** The canonicalised query: every parameter but `Signature`, sorted by name, RFC 3986-encoded, joined by `&`. */
export function canonicalizeRpcV1Query(params: RpcParams): string {
  const keys = Object.keys(params)
    .filter((k) => k !== "Signature")
    .sort();
  return keys.map((k) => `${percentEncode(k)}=${percentEncode(params[k] as string)}`).join("&");
}

/** The RPC v1 string-to-sign. The method is used as sent (HTTP methods are case-sensitive, RFC 9110 §9.1). */
export function stringToSignRpcV1(method: string, params: RpcParams): string {
  return `${method}&%2F&${percentEncode(canonicalizeRpcV1Query(params))}`;
}

/** Base64 HMAC-SHA1 keyed with `secret + "&"`. */
export function computeRpcV1Signature(crypto: CryptoPort, stringToSign: string, secret: string): string {
  return crypto.base64(crypto.hmacSha1(`${secret}&`, stringToSign));
}

/** Options of `signRpcV1`. */
export interface SignRpcV1Options {
  timestamp: Date;
  nonce: string;
}

/**
 * Signs RPC parameters and returns them completed: `AccessKeyId`, `SignatureMethod=HMAC-SHA1`,
 * `SignatureVersion=1.0`, `SignatureNonce`, `Timestamp`, `SecurityToken` (STS; signed,
 * docs/alibaba/rpc-signature-v1.md#common-parameters) and `Signature`. The caller supplies `Action`, `Version`,
 * `Format` and the operation's parameters; send them as the query (GET) or a form body (POST), each value RFC
 * 3986-encoded.
 */
export function signRpcV1(
  crypto: CryptoPort,
  req: { method: string; params: RpcParams },
  creds: Credentials,
  options: SignRpcV1Options,
): RpcParams {
  const { Signature: _previous, ...rest } = req.params;
  const params: RpcParams = rest;
  params.AccessKeyId = creds.accessKeyId;
  params.SignatureMethod = "HMAC-SHA1";
  params.SignatureVersion = "1.0";
  params.SignatureNonce = options.nonce;
  params.Timestamp = formatIsoSeconds(options.timestamp);
  if (creds.securityToken) params.SecurityToken = creds.securityToken;
  params.Signature = computeRpcV1Signature(crypto, stringToSignRpcV1(req.method, params), creds.accessKeySecret);
  return params;
}
