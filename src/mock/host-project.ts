/**
 * The SLS project of a request: the first label of `Host` (docs/alibaba/sls-requests.md#addressing: `Host:
 * <project>.<endpoint>`; the Python SDK sends `<project>.<ip>` to an IP endpoint). Hostile values are refused with the
 * documented codes (docs/alibaba/sls-errors.md#common-codes: 400 `MissingHost` / `InvalidHost`), never echoed back at
 * length.
 */
import { type DomainError, failWith } from "./domain/domain-error.ts";

/** Host names longer than this are refused (RFC 1035 §2.3.4: 255 octets, plus room for `:port`). */
const MAX_HOST_LENGTH = 261;
const HOST_NAME = /^[a-z0-9](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_-]{1,63})*\.?$/;

/** The project label of a `Host` value, or the error to answer with. */
export function readHostProject(
  host: string | undefined,
): { ok: true; project: string } | { ok: false; error: DomainError } {
  if (host === undefined || host.trim() === "")
    return failWith(400, "MissingHost", "The Host header is missing or empty.");
  if (host.length > MAX_HOST_LENGTH)
    return invalid(`The Host header is ${host.length} characters long; at most ${MAX_HOST_LENGTH} are allowed.`);
  if (host.startsWith("["))
    return invalid("The Host header is an IPv6 literal; send <project>.<endpoint> as the Host.");
  const name = stripPort(host.trim().toLowerCase());
  if (name === undefined) return invalid("The Host header has an invalid port; send <project>.<endpoint>[:port].");
  if (!HOST_NAME.test(name))
    return invalid(
      "The Host header is not a valid host name; send <project>.<endpoint>, e.g. ali-test-project.sls.localtest.",
    );
  const dot = name.indexOf(".");
  return { ok: true, project: dot < 0 ? name : name.slice(0, dot) };
}

function stripPort(host: string): string | undefined {
  const colon = host.indexOf(":");
  if (colon < 0) return host;
  const port = host.slice(colon + 1);
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) return undefined;
  return host.slice(0, colon);
}

function invalid(message: string): { ok: false; error: DomainError } {
  return failWith(400, "InvalidHost", message);
}
