/**
 * A one-line, human explanation of a failed exchange, naming the likely cause and the fix.
 * Clock skew gets its own wording ("clock skew: …") because it is the usual failure of signed
 * requests from CI machines (SLS RequestTimeExpired, docs/alibaba/sls-requests.md#request-time; POP
 * InvalidTimeStamp.Expired, docs/alibaba/pop-errors.md#gateway-codes).
 * The server's string-to-sign is left out: it can contain the security token.
 */
import type { Exchange } from "./exchange.ts";
import { readErrorCode } from "./retry.ts";

const CLOCK_SKEW = new Set(["RequestTimeExpired", "RequestTimeTooSkewed", "InvalidTimeStamp.Expired"]);
const BAD_SIGNATURE = new Set(["SignatureNotMatch", "SignatureDoesNotMatch", "IncompleteSignature"]);
const BAD_KEY = new Set(["InvalidAccessKeyId.NotFound", "InvalidAccessKeyId", "Unauthorized"]);
const THROTTLED = new Set(["Throttling", "Throttling.User", "Throttling.Api", "MetaOperationQpsLimitExceeded"]);

function readMessage(body: unknown): string {
  if (typeof body !== "object" || body === null) return typeof body === "string" ? body.slice(0, 200) : "";
  const b = body as Record<string, unknown>;
  const m = b.Message ?? b.errorMessage ?? b.message;
  if (typeof m !== "string") return "";
  const cut = m.indexOf(" server string to sign is:");
  return cut >= 0 ? `${m.slice(0, cut)} (server string-to-sign omitted)` : m;
}

/**
 * Explains a non-2xx exchange; `undefined` for a success. `localNowMs` (epoch ms, default `Date.now()`)
 * is compared with the response's `Date` header to state the skew.
 */
export function describeError(ex: Exchange, localNowMs: number = Date.now()): string | undefined {
  if (ex.status >= 200 && ex.status < 300) return undefined;
  const code = readErrorCode(ex.body);
  const message = readMessage(ex.body);
  const head = `${ex.status} ${code ?? "(no error code)"}${message ? `: ${message}` : ""}`;
  if (code === undefined) return head;
  if (CLOCK_SKEW.has(code)) return explainClockSkew(ex, head, localNowMs);
  if (BAD_SIGNATURE.has(code))
    return `signature rejected (${head}). Check ALIBABA_CLOUD_ACCESS_KEY_SECRET (and ALIBABA_CLOUD_SECURITY_TOKEN for STS keys).`;
  if (BAD_KEY.has(code))
    return `credentials rejected (${head}). Check ALIBABA_CLOUD_ACCESS_KEY_ID and, for STS keys, ALIBABA_CLOUD_SECURITY_TOKEN.`;
  if (THROTTLED.has(code))
    return `throttled (${head})${ex.attempts > 1 ? ` after ${ex.attempts} attempts` : ""}. Lower the request rate or retry later.`;
  return head;
}

/** A refused request time, with both clocks when the response's `Date` header gives the server's. */
function explainClockSkew(ex: Exchange, head: string, localNowMs: number): string {
  const serverMs = Date.parse(ex.headers.date ?? "");
  const skew = Number.isFinite(serverMs)
    ? ` Local clock ${new Date(localNowMs).toISOString()}, server clock ${new Date(serverMs).toISOString()} (${Math.round(
        (localNowMs - serverMs) / 1000,
      )} s apart).`
    : "";
  return `clock skew: the service rejected the request time (${head}).${skew} Signed requests must be within 15 minutes of server time: synchronise this machine's clock (NTP).`;
}
