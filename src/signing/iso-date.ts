/**
 * The two ISO 8601 UTC forms the signers use: `yyyy-MM-ddTHH:mm:ssZ` (RPC `Timestamp`
 * docs/alibaba/rpc-signature-v1.md#common-parameters, V3 `x-acs-date` docs/alibaba/acs3-signature.md#headers) and the
 * compact `yyyyMMddTHHmmssZ` (SLS v4 `x-log-date`, docs/alibaba/sls-signature-v4.md#request-headers).
 */

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/** `2023-10-26T10:22:32Z`: seconds precision, UTC. */
export function formatIsoSeconds(date: Date): string {
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}T${pad(
    date.getUTCHours(),
    2,
  )}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}Z`;
}

/** `20220808T032330Z`: the SLS v4 form. */
export function formatIsoCompact(date: Date): string {
  return `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1, 2)}${pad(date.getUTCDate(), 2)}T${pad(
    date.getUTCHours(),
    2,
  )}${pad(date.getUTCMinutes(), 2)}${pad(date.getUTCSeconds(), 2)}Z`;
}

function build(parts: RegExpExecArray | null): Date | undefined {
  if (!parts) return undefined;
  const [y, mo, d, h, mi, s] = parts.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const frac = parts[7] ? Number(`0.${parts[7]}`) * 1000 : 0;
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59) return undefined;
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s, frac));
  if (date.getUTCDate() !== d) return undefined;
  return date;
}

// Fractional seconds are tolerated: some SDKs send milliseconds.
const ISO_SECONDS = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;
const ISO_COMPACT = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})()Z$/;

/** Parses `yyyy-MM-ddTHH:mm:ss[.fff]Z`; `undefined` when malformed. */
export function parseIsoSeconds(text: string): Date | undefined {
  return build(ISO_SECONDS.exec(text));
}

/** Parses `yyyyMMddTHHmmssZ`; `undefined` when malformed. */
export function parseIsoCompact(text: string): Date | undefined {
  return build(ISO_COMPACT.exec(text));
}
