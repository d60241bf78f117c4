/**
 * What the admin API refuses before it looks at a route (docs/mock-limits.md#admin-api). The adapter already
 * answers loopback sockets only; these rules close the ways a web page in the developer's browser could still reach
 * it, since a page can send "simple" cross-site requests (GET, or POST with a text/plain body) to 127.0.0.1 without
 * any preflight (Fetch Standard, CORS-safelisted request headers: https://fetch.spec.whatwg.org/#cors-safelisted-request-header):
 * - a request carrying `Origin` comes from a page (browsers add it to every POST; specgate's tools never send it);
 * - `Sec-Fetch-Site` other than `none` (a typed-in address) comes from a page too, including a GET from an `<img>`
 *   (https://www.w3.org/TR/fetch-metadata/);
 * - `Host` must name loopback (an IP literal, `localhost` or `*.localhost`): a page on a DNS name rebound to
 *   127.0.0.1 is same-origin to the browser, but still sends its own name as Host;
 * - a POST must say `Content-Type: application/json`, which a page cannot send cross-site without a preflight the
 *   mock never answers;
 * - with `--admin-token`, everything but `GET health` needs `Authorization: Bearer <token>`.
 */
import { equalConstantTime } from "../signing/equal-constant-time.ts";
import type { WireRequest } from "./wire.ts";

/** A refusal: status and the one-line problem with its fix. */
export interface AdminRefusal {
  status: number;
  message: string;
}

const JSON_TYPE = /^application\/json\s*(?:;|$)/i;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** The refusal of `req` (route `GET health`, `POST seed`, …), or `undefined` when it may go on. */
export function checkAdminRequest(
  req: WireRequest,
  route: string,
  token: string | undefined,
): AdminRefusal | undefined {
  return checkBrowser(req) ?? checkToken(req, route, token) ?? checkContentType(req);
}

function checkBrowser(req: WireRequest): AdminRefusal | undefined {
  if (req.headers.origin !== undefined)
    return refuse(
      403,
      "the admin API refuses requests with an Origin header (sent by web pages); call it from a tool.",
    );
  const site = req.headers["sec-fetch-site"];
  if (site !== undefined && site !== "none")
    return refuse(403, "the admin API refuses requests a web page made (Sec-Fetch-Site); call it from a tool.");
  if (!isLoopbackHost(req.headers.host))
    return refuse(403, "the admin API answers Host 127.0.0.1, [::1], localhost or *.localhost only; use one of them.");
  return undefined;
}

function checkToken(req: WireRequest, route: string, token: string | undefined): AdminRefusal | undefined {
  if (token === undefined || route === "GET health") return undefined;
  const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
  if (equalConstantTime(given, token)) return undefined;
  return refuse(401, "the admin API needs Authorization: Bearer <token>, the token `specgate mock` printed at start.");
}

function checkContentType(req: WireRequest): AdminRefusal | undefined {
  if (req.method.toUpperCase() !== "POST" || JSON_TYPE.test(req.headers["content-type"] ?? "")) return undefined;
  return refuse(415, "admin POST requests must send Content-Type: application/json (an empty body is {}).");
}

/** `127.0.0.1:8080`, `[::1]:8080`, `localhost`, `sls.localhost:80`: a name that cannot be rebound to loopback. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined || host.length > 300) return false;
  const name = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.replace(/:\d*$/, "");
  const lower = name.toLowerCase();
  if (lower === "localhost" || lower.endsWith(".localhost")) return true;
  // An IP literal cannot be rebound; only loopback sockets reach the admin API, whatever address they named.
  return IPV4.test(lower) || (lower.startsWith("[") && lower.endsWith("]"));
}

function refuse(status: number, message: string): AdminRefusal {
  return { status, message };
}
