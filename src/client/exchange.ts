/**
 * One request/response exchange as the clients return it: status, headers, parsed body, raw body and
 * timings. HTTP errors are data (docs/design.md#errors-are-data); only network failures throw.
 */
import type { Clock } from "../core/clock.ts";
import type { HttpRequest, Transport } from "./transport.ts";

/** Timings of one exchange, monotonic ms: start, then time to first byte (headers) and to the end of the body. */
export interface ExchangeTimings {
  startMs: number;
  ttfbMs: number;
  totalMs: number;
}

/** What a client call returns. */
export interface Exchange {
  status: number;
  /** Response headers, lowercase names. */
  headers: Record<string, string>;
  /** The body parsed as JSON when it is JSON, else the text ("" when empty). */
  body: unknown;
  rawBody: string;
  timings: ExchangeTimings;
  /** How many requests were sent (more than 1 after throttling retries). */
  attempts: number;
}

/** A request that got no HTTP response (refused, reset, timed out, DNS). Its message never includes the query. */
export class NetworkError extends Error {
  override name = "NetworkError";
  constructor(
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Parses a body as JSON when the content type says JSON or the text looks like JSON; else returns the text. */
export function parseBody(rawBody: string, contentType: string | undefined): unknown {
  if (rawBody === "") return "";
  const looksJson = /^\s*[[{"]/.test(rawBody) || /json/i.test(contentType ?? "");
  if (!looksJson) return rawBody;
  try {
    return JSON.parse(rawBody);
  } catch {
    return rawBody;
  }
}

function describeNetworkFailure(req: HttpRequest, error: unknown): NetworkError {
  const url = new URL(req.url);
  // Origin and path only: an RPC v1 query carries the signature and the STS token.
  const where = `${req.method} ${url.origin}${url.pathname}`;
  const cause = (error as { cause?: unknown })?.cause ?? error;
  const code =
    (cause as { code?: string })?.code ?? (error as { code?: string })?.code ?? (cause as Error)?.name ?? "UNKNOWN";
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new NetworkError(`${where} failed without an HTTP response: ${code} (${detail})`, code, { cause: error });
}

/** Sends one request through `transport` and times it with `clock`. Throws `NetworkError` only. */
export async function sendExchange(req: HttpRequest, transport: Transport, clock: Clock): Promise<Exchange> {
  const start = clock.monotonicMs();
  let head: Awaited<ReturnType<Transport>>;
  let rawBody: string;
  let ttfb: number;
  try {
    head = await transport(req);
    ttfb = clock.monotonicMs() - start;
    rawBody = await head.readBody();
  } catch (error) {
    throw describeNetworkFailure(req, error);
  }
  const total = clock.monotonicMs() - start;
  return {
    status: head.status,
    headers: head.headers,
    body: parseBody(rawBody, head.headers["content-type"]),
    rawBody,
    timings: { startMs: start, ttfbMs: ttfb, totalMs: total },
    attempts: 1,
  };
}
