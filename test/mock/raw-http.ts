/** A minimal raw HTTP/1.1 client for the fuzz test: sends exact bytes (duplicate headers, bad UTF-8, garbage). */
import net from "node:net";

/** A parsed response. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A request as header pairs, so names may repeat and values may hold any bytes (latin1). */
export interface RawRequest {
  method: string;
  target: string;
  headers: [string, string][];
  body?: Buffer;
}

/** Serializes a request; adds `connection: close` so the server ends the exchange. */
export function serializeRequest(req: RawRequest): Buffer {
  const head = [
    `${req.method} ${req.target} HTTP/1.1`,
    ...req.headers.map(([k, v]) => `${k}: ${v}`),
    "connection: close",
  ];
  return Buffer.concat([Buffer.from(`${head.join("\r\n")}\r\n\r\n`, "latin1"), req.body ?? Buffer.alloc(0)]);
}

/** Sends bytes on a fresh connection and reads the answer until the server closes; rejects after `timeoutMs`. */
export function sendRaw(port: number, bytes: Buffer, timeoutMs = 5000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, "127.0.0.1", () => socket.write(bytes));
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms (hang)`));
    }, timeoutMs);
    socket.on("data", (d) => chunks.push(d));
    // The server may answer early and close while we still write (e.g. an oversized body): keep what arrived.
    socket.on("error", () => {});
    socket.on("close", () => {
      clearTimeout(timer);
      const raw = Buffer.concat(chunks);
      const parsed = parseResponse(raw);
      if (parsed === undefined)
        reject(new Error(`connection closed without a complete HTTP response (${raw.length} bytes)`));
      else resolve(parsed);
    });
  });
}

function parseResponse(raw: Buffer): RawResponse | undefined {
  const text = raw.toString("latin1");
  const end = text.indexOf("\r\n\r\n");
  if (end < 0) return undefined;
  const [statusLine, ...lines] = text.slice(0, end).split("\r\n");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? "")?.[1]);
  if (!Number.isInteger(status)) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = raw.subarray(Buffer.byteLength(text.slice(0, end + 4), "latin1"));
  if (/chunked/i.test(headers["transfer-encoding"] ?? "")) body = dechunk(body);
  else if (headers["content-length"] !== undefined) {
    const length = Number(headers["content-length"]);
    if (body.length < length) return undefined;
    body = body.subarray(0, length);
  }
  return { status, headers, body: body.toString("utf8") };
}

function dechunk(body: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf("\r\n", at, "latin1");
    if (lineEnd < 0) break;
    const size = Number.parseInt(body.subarray(at, lineEnd).toString("latin1"), 16);
    if (!Number.isFinite(size) || size === 0) break;
    out.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(out);
}
