/**
 * Checks shared by the SLS and RPC verifiers: request-time skew, the AccessKeyId and its STS token,
 * and redaction of the token from a string-to-sign before it goes into an error.
 */

import type { SignatureScheme } from "../openapi/extensions.ts";
import { clipEcho } from "./clip-echo.ts";
import { equalConstantTime } from "./equal-constant-time.ts";
import type { SecretEntry, VerifyFailure, VerifyOptions } from "./types.ts";
import { DEFAULT_MAX_SKEW_MS } from "./types.ts";
import type { VerifyContext } from "./verify-context.ts";
import { fail } from "./verify-outcome.ts";

/** Server time of the options, epoch ms. */
export function readNowMs(options: VerifyOptions): number {
  return typeof options.now === "number" ? options.now : options.now.getTime();
}

/**
 * Checks the request time against server time. `text` is the raw header/parameter value, `parsed`
 * its parse (undefined = malformed), `name` the header or parameter it came from.
 */
export function checkRequestTime(
  text: string | undefined,
  parse: (text: string) => Date | undefined,
  name: string,
  options: VerifyOptions,
  scheme: SignatureScheme,
): VerifyFailure | number {
  const now = readNowMs(options);
  if (text === undefined || text === "")
    return fail("missing-date", `the request has no ${name}`, now, { scheme, parameter: name });
  const parsed = parse(text);
  if (!parsed)
    return fail("bad-date", `${name} "${clipEcho(text)}" is not in the expected format`, now, {
      scheme,
      parameter: name,
      requestTimeText: clipEcho(text),
    });
  const t = parsed.getTime();
  const maxSkew = options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  if (Math.abs(now - t) > maxSkew)
    return fail(
      "expired",
      `${name} ${clipEcho(text)} is ${Math.round(Math.abs(now - t) / 1000)} s from server time ${new Date(now).toISOString()} (allowed: ${Math.round(maxSkew / 1000)} s)`,
      now,
      { scheme, parameter: name, requestTimeMs: t, requestTimeText: clipEcho(text) },
    );
  return t;
}

/**
 * An STS key must come with its token, and a permanent key without one
 * (docs/alibaba/sts-tokens.md#what-the-mock-checks). Returns a failure, or undefined when the token is right. The token
 * never appears in the detail.
 */
export function checkSecurityToken(
  entry: SecretEntry,
  sent: string | undefined,
  accessKeyId: string,
  name: string,
  serverTimeMs: number,
  scheme: SignatureScheme,
): VerifyFailure | undefined {
  if (entry.token === undefined) {
    if (sent === undefined || sent === "") return undefined;
    return fail("bad-security-token", `${name} was sent for a key that is not temporary`, serverTimeMs, {
      scheme,
      accessKeyId,
      parameter: name,
    });
  }
  if (sent === undefined || sent === "")
    return fail("bad-security-token", `${name} is required for this temporary key`, serverTimeMs, {
      scheme,
      accessKeyId,
      parameter: name,
    });
  if (!equalConstantTime(sent, entry.token))
    return fail("bad-security-token", `${name} does not belong to this AccessKeyId`, serverTimeMs, {
      scheme,
      accessKeyId,
      parameter: name,
    });
  return undefined;
}

/**
 * Looks the AccessKeyId up and checks the STS token it came with (`tokenName`: the header or parameter
 * that carries it). Returns the key's secret entry, or the failure: `unknown-access-key`, or one of
 * `checkSecurityToken`'s.
 */
export function checkAccessKey(
  ctx: VerifyContext,
  accessKeyId: string,
  token: string | undefined,
  tokenName: string,
  scheme: SignatureScheme,
): SecretEntry | VerifyFailure {
  const entry = ctx.lookupSecret(accessKeyId);
  if (!entry)
    return fail("unknown-access-key", `AccessKeyId not found: ${clipEcho(accessKeyId)}`, ctx.now, {
      scheme,
      accessKeyId,
    });
  return checkSecurityToken(entry, token, accessKeyId, tokenName, ctx.now, scheme) ?? entry;
}

/** Replaces every occurrence of each non-empty `form` in `text` by `<redacted>`. */
export function redact(text: string, forms: readonly (string | undefined)[]): string {
  let out = text;
  for (const f of forms) if (f) out = out.split(f).join("<redacted>");
  return out;
}
