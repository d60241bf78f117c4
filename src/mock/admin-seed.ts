/**
 * `POST /_specgate/seed`: its body read and validated whole before anything changes (docs/mock-limits.md
 * "Admin API"), so a bad record anywhere in a batch leaves the mock as it was.
 *
 * `{"appId": "...", "owner"?: "<AccessKeyId>", "count"?: N, "seed"?: N, "spanMs"?: N, "records"?: [...]}`:
 * `count` generated records spread over the last `spanMs` (default 7 days), and/or `records` as given. Each record
 * carries the ListEventSubEvent `Logs[]` fields (docs/alibaba/live-event-subscriptions.md#callback-records) and `epochMs`; `AppId` may be left out (it is the call's
 * `appId`), `Time` is derived from `epochMs` when absent. Every field has a bound, listed in RECORD_RULES.
 */
import { DEFAULT_MAX_RECORDS, MAX_EPOCH_MS, type NewCallbackRecord } from "./domain/callback-record-store.ts";

/** A validated seed call. */
export interface SeedPlan {
  appId: string;
  owner?: string;
  count: number;
  seed?: number;
  spanMs?: number;
  records: NewCallbackRecord[];
}

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** Most records one call may generate or carry: the store's whole default cap (which applies on top). */
export const MAX_SEED_PER_CALL = DEFAULT_MAX_RECORDS;
const MAX_SPAN_MS = 366 * 24 * 3600 * 1000;
const TIME_TEXT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;
const APP_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const SEED_KEYS = new Set(["appId", "owner", "count", "seed", "spanMs", "records"]);

type FieldRule =
  | { kind: "string"; maxLength: number; optional?: boolean; pattern?: RegExp; describe?: string }
  | { kind: "integer"; min: number; max: number };

/** The fields of a seeded record and their bounds. */
const RECORD_RULES: Readonly<Record<string, FieldRule>> = {
  AppId: { kind: "string", maxLength: 64, optional: true },
  SubId: { kind: "string", maxLength: 128 },
  MessageId: { kind: "string", maxLength: 128 },
  Data: { kind: "string", maxLength: 65_536 },
  Cost: { kind: "integer", min: 0, max: 2_147_483_647 },
  Time: {
    kind: "string",
    maxLength: 23,
    optional: true,
    pattern: TIME_TEXT,
    describe: "a time as yyyy-MM-dd HH:mm:ss.SSS",
  },
  Url: { kind: "string", maxLength: 2048 },
  Code: { kind: "integer", min: 100, max: 599 },
  epochMs: { kind: "integer", min: 0, max: MAX_EPOCH_MS },
};

const USAGE = 'POST seed expects {"appId": "...", "count"?: N, "records"?: [...], "owner"?: "<AccessKeyId>"}.';

/** Validates a parsed seed body; `isAccount` tells whether an AccessKeyId is configured. */
export function parseSeedRequest(input: unknown, isAccount: (id: string) => boolean): Parsed<SeedPlan> {
  if (!isObject(input)) return fail(USAGE);
  const unknown = Object.keys(input).find((key) => !SEED_KEYS.has(key));
  if (unknown !== undefined) return fail(`unknown key ${JSON.stringify(unknown.slice(0, 40))}; ${USAGE}`);
  const { appId, owner } = input;
  if (typeof appId !== "string" || !APP_ID.test(appId))
    return fail(`appId must be 1–64 letters, digits, "_", "." or "-"; ${USAGE}`);
  if (owner !== undefined && (typeof owner !== "string" || !isAccount(owner)))
    return fail("owner must be the AccessKeyId of a configured account.");
  const numbers = readNumbers(input);
  if (!numbers.ok) return numbers;
  const records = readRecords(input.records, appId);
  if (!records.ok) return records;
  const plan: SeedPlan = { appId, ...numbers.value, records: records.value };
  if (typeof owner === "string") plan.owner = owner;
  return { ok: true, value: plan };
}

function readNumbers(input: Record<string, unknown>): Parsed<Pick<SeedPlan, "count" | "seed" | "spanMs">> {
  const { count = 0, seed, spanMs } = input;
  if (!isIntegerIn(count, 0, MAX_SEED_PER_CALL))
    return fail(`count must be an integer from 0 to ${MAX_SEED_PER_CALL}.`);
  if (seed !== undefined && !isIntegerIn(seed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER))
    return fail("seed must be an integer.");
  if (spanMs !== undefined && !isIntegerIn(spanMs, 1, MAX_SPAN_MS))
    return fail(`spanMs must be an integer from 1 to ${MAX_SPAN_MS} (366 days).`);
  return {
    ok: true,
    value: {
      count: count as number,
      ...(seed !== undefined ? { seed: seed as number } : {}),
      ...(spanMs !== undefined ? { spanMs: spanMs as number } : {}),
    },
  };
}

function readRecords(records: unknown, appId: string): Parsed<NewCallbackRecord[]> {
  if (records === undefined) return { ok: true, value: [] };
  if (!Array.isArray(records)) return fail("records must be an array of callback records.");
  if (records.length > MAX_SEED_PER_CALL) return fail(`records may hold at most ${MAX_SEED_PER_CALL} records a call.`);
  const out: NewCallbackRecord[] = [];
  for (const [i, record] of records.entries()) {
    const problem = checkRecord(record, appId);
    if (problem !== undefined) return fail(`records[${i}]${problem}`);
    out.push({ ...(record as NewCallbackRecord), AppId: appId });
  }
  return { ok: true, value: out };
}

/** What is wrong with one record (`.Field must …`), or `undefined`. */
function checkRecord(record: unknown, appId: string): string | undefined {
  if (!isObject(record)) return " must be an object.";
  const unknown = Object.keys(record).find((key) => !Object.hasOwn(RECORD_RULES, key));
  if (unknown !== undefined)
    return `: unknown field ${JSON.stringify(unknown.slice(0, 40))}; allowed: ${Object.keys(RECORD_RULES).join(", ")}.`;
  for (const [field, rule] of Object.entries(RECORD_RULES)) {
    const problem = checkField(record[field], rule);
    if (problem !== undefined) return `.${field} must be ${problem}.`;
  }
  if (record.AppId !== undefined && record.AppId !== appId) return `.AppId must be the call's appId (${appId}).`;
  return undefined;
}

function checkField(value: unknown, rule: FieldRule): string | undefined {
  if (rule.kind === "integer")
    return isIntegerIn(value, rule.min, rule.max) ? undefined : `an integer from ${rule.min} to ${rule.max}`;
  if (value === undefined && rule.optional === true) return undefined;
  const wanted = rule.describe ?? `a string of at most ${rule.maxLength} characters`;
  if (typeof value !== "string" || value.length > rule.maxLength) return wanted;
  return rule.pattern === undefined || rule.pattern.test(value) ? undefined : wanted;
}

function isIntegerIn(value: unknown, min: number, max: number): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function fail(message: string): { ok: false; message: string } {
  return { ok: false, message };
}
