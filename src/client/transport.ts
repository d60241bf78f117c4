/**
 * How a request reaches the wire. Two undici-based paths:
 * - `undici.request`: honours a `Host` header that differs from the URL. The SLS client needs this to
 *   reach a local mock at http://127.0.0.1:PORT while sending `Host: <project>.<endpoint>`, as the
 *   Python SDK does for raw-IP endpoints (docs/alibaba/sls-requests.md#addressing).
 * - the global `fetch` (undici inside Node): it replaces any `Host` header with the URL's, but it is
 *   what nock 14 intercepts, so tests of real-host calls see exactly what is sent.
 * `auto` takes `undici.request` when the Host must differ from the URL, `fetch` otherwise.
 */
import { request } from "undici";

/** One HTTP request, fully built and signed. */
export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** Abort when headers or body take longer than this; default 30 s. */
  timeoutMs?: number;
}

/** A response whose headers have arrived; `readBody` reads the rest. Header names are lowercase. */
export interface HttpResponseHead {
  status: number;
  headers: Record<string, string>;
  readBody(): Promise<string>;
}

/** Sends a request; rejects only on network errors. */
export type Transport = (req: HttpRequest) => Promise<HttpResponseHead>;

/** Which transport a client uses. */
export type TransportChoice = "auto" | "undici" | "fetch" | Transport;

const DEFAULT_TIMEOUT_MS = 30_000;

/** `undici.request`, which sends the `host` header as given. */
export const undiciTransport: Transport = async (req) => {
  const timeout = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const res = await request(req.url, {
    method: req.method as "GET",
    headers: req.headers,
    body: req.body,
    headersTimeout: timeout,
    bodyTimeout: timeout,
  });
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers))
    if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  return { status: res.statusCode, headers, readBody: () => res.body.text() };
};

/** The global `fetch`, looked up at call time (so interceptors such as nock see it); drops `host`. */
export const fetchTransport: Transport = async (req) => {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (k.toLowerCase() !== "host") headers[k] = v;
  const res = await globalThis.fetch(req.url, {
    method: req.method,
    headers,
    body: req.body === undefined || req.body.length === 0 ? undefined : req.body,
    signal: AbortSignal.timeout(req.timeoutMs ?? DEFAULT_TIMEOUT_MS),
  });
  const out: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    out[k.toLowerCase()] = v;
  });
  return { status: res.status, headers: out, readBody: () => res.text() };
};

/** True when the request's `host` header names another host than its URL (so `fetch` cannot send it). */
export function needsHostOverride(req: HttpRequest): boolean {
  const host = Object.entries(req.headers).find(([k]) => k.toLowerCase() === "host")?.[1];
  return host !== undefined && host.toLowerCase() !== new URL(req.url).host.toLowerCase();
}

/** Resolves a transport choice. */
export function chooseTransport(choice: TransportChoice = "auto"): Transport {
  if (typeof choice === "function") return choice;
  if (choice === "undici") return undiciTransport;
  if (choice === "fetch") return fetchTransport;
  return (req) => (needsHostOverride(req) ? undiciTransport(req) : fetchTransport(req));
}
