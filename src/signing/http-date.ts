/**
 * RFC 1123 dates (`Mon, 03 Jan 2010 08:33:47 GMT`), the SLS `Date` header
 * (docs/alibaba/sls-requests.md#common-request-headers). Formatting writes the two-digit day the SDKs send (Go
 * `time.RFC1123`, Python `%d`); parsing is tolerant: the doc's own example has a one-digit day (`Mon, 3 Jan 2010
 * 08:33:47 GMT`).
 */

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Formats a date as RFC 1123 in GMT with a two-digit day. */
export function formatHttpDate(date: Date): string {
  const d = DAYS[date.getUTCDay()] as string;
  const m = MONTHS[date.getUTCMonth()] as string;
  return `${d}, ${pad2(date.getUTCDate())} ${m} ${date.getUTCFullYear()} ${pad2(date.getUTCHours())}:${pad2(
    date.getUTCMinutes(),
  )}:${pad2(date.getUTCSeconds())} GMT`;
}

// Weekday optional (RFC 5322 §3.3), 1- or 2-digit day, zone GMT/UT/UTC/Z/+0000/-0000.
const RFC1123 =
  /^\s*(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun),\s*)?(\d{1,2})\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+(\d{4})\s+(\d{2}):(\d{2}):(\d{2})\s+(GMT|UTC|UT|Z|[+-]0000)\s*$/i;

/**
 * Parses an RFC 1123 / RFC 822 date in GMT; `undefined` when it is not one (a non-existent calendar
 * date such as 31 Feb counts as malformed). The weekday, when present, is not cross-checked.
 */
export function parseHttpDate(text: string): Date | undefined {
  const m = RFC1123.exec(text);
  if (!m) return undefined;
  const day = Number(m[2]);
  const monthName = (m[3] as string).toLowerCase();
  const month = MONTHS.findIndex((x) => x.toLowerCase() === monthName);
  const year = Number(m[4]);
  const hour = Number(m[5]);
  const minute = Number(m[6]);
  const second = Number(m[7]);
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  const ms = Date.UTC(year, month, day, hour, minute, Math.min(second, 59));
  const date = new Date(ms);
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month) return undefined;
  return date;
}
