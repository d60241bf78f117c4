// Shared by the client tests: nock with the network closed except loopback, and a verifier-backed
// capture of what a nock interceptor received.
import nock from "nock";
import { nodeCrypto } from "../../src/signing/node-crypto.ts";
import { parseQuery } from "../../src/signing/query-string.ts";
import type { SignableRequest } from "../../src/signing/types.ts";

/** Blocks every non-loopback connection; interceptors answer the rest. */
export function closeNetwork(): void {
  nock.disableNetConnect();
  nock.enableNetConnect((host) => /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(host));
}

/** Rebuilds the signable request nock saw (`uri` = path + query; JSON bodies come parsed, so re-serialise). */
export function capturedRequest(
  method: string,
  uri: string,
  headers: Record<string, unknown>,
  body: unknown,
): SignableRequest {
  const q = uri.indexOf("?");
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) flat[k] = Array.isArray(v) ? v.join(",") : String(v);
  const raw = body === undefined || body === "" ? undefined : typeof body === "string" ? body : JSON.stringify(body);
  return {
    method,
    path: q < 0 ? uri : uri.slice(0, q),
    query: q < 0 ? {} : parseQuery(uri.slice(q + 1)),
    headers: flat,
    ...(raw === undefined ? {} : { body: raw }),
  };
}

export const crypto = nodeCrypto;
