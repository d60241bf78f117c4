/**
 * The mock's admin API under `/_specgate/` (loopback only; the adapter enforces that):
 * - `GET  health`            → `{status: "ok", uptimeMs, faults}`
 * - `GET  events?since=SEQ`  → the ground-truth event log after SEQ (`{events, lastSeq, missed}`)
 * - `POST reset`             → rebuilds the domain from the config (groups, records, limiters, nonces)
 * - `POST seed`              → `{appId, owner?, count?, seed?, spanMs?, records?}` adds callback records
 * - `GET  faults` / `POST faults` → the active faults as `NAME[=VALUE]` strings; POST `{faults: [...]}` replaces them
 * Answers are JSON; errors are `{error: "<problem and fix>"}` with a 4xx status.
 */
import { UsageError } from "../core/usage-error.ts";
import type { NewCallbackRecord } from "./domain/callback-record-store.ts";
import { formatFaults, parseFaults } from "./faults.ts";
import type { MockState } from "./mock-state.ts";
import type { WireRequest, WireResponse } from "./wire.ts";

/** Path prefix of the admin API. */
export const ADMIN_PREFIX = "/_specgate/";

function json(status: number, body: unknown): WireResponse {
  return { status, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

function problem(status: number, message: string): WireResponse {
  return json(status, { error: message });
}

type AdminRoute = (state: MockState, req: WireRequest) => WireResponse;

/** The admin endpoints, by `METHOD name`. */
const ROUTES: Readonly<Record<string, AdminRoute>> = {
  "GET health": (state) =>
    json(200, { status: "ok", uptimeMs: Math.round(state.uptimeMs), faults: formatFaults(state.faults) }),
  "GET events": (state, req) => {
    const since = new URLSearchParams(req.rawQuery).get("since") ?? "0";
    if (!/^\d+$/.test(since))
      return problem(400, `since must be a non-negative integer sequence number, got ${JSON.stringify(since)}.`);
    return json(200, state.eventLog.since(Number(since)));
  },
  "POST reset": (state) => {
    state.reset();
    return json(200, { ok: true });
  },
  "GET faults": (state) => json(200, { faults: formatFaults(state.faults) }),
  "POST faults": setFaults,
  "POST seed": seed,
};

/** The admin request handler over `state`. */
export function createAdminHandler(state: MockState): (req: WireRequest) => WireResponse {
  return (req) => {
    const route = `${req.method.toUpperCase()} ${req.path.slice(ADMIN_PREFIX.length)}`;
    const handler = ROUTES[route];
    if (handler !== undefined) return handler(state, req);
    return problem(
      404,
      `No admin endpoint ${route}; use GET health, GET events?since=N, POST reset, POST seed, GET/POST faults under ${ADMIN_PREFIX}.`,
    );
  };
}

function setFaults(state: MockState, req: WireRequest): WireResponse {
  const body = readJson(req);
  if (!body.ok) return body.response;
  const list = (body.value as { faults?: unknown } | null)?.faults;
  if (!Array.isArray(list) || !list.every((f) => typeof f === "string"))
    return problem(400, 'POST faults expects {"faults": ["NAME[=VALUE]", ...]} (an empty list clears them).');
  try {
    state.setFaults(parseFaults(list));
  } catch (e) {
    if (e instanceof UsageError) return problem(400, e.message);
    throw e;
  }
  return json(200, { faults: formatFaults(state.faults) });
}

function readJson(req: WireRequest): { ok: true; value: unknown } | { ok: false; response: WireResponse } {
  try {
    return { ok: true, value: JSON.parse(req.body?.toString("utf8") ?? "") };
  } catch (e) {
    return { ok: false, response: problem(400, `the body must be JSON: ${(e as Error).message}`) };
  }
}

const RECORD_FIELDS: Record<string, "string" | "number"> = {
  AppId: "string",
  SubId: "string",
  MessageId: "string",
  Data: "string",
  Cost: "number",
  Url: "string",
  Code: "number",
  epochMs: "number",
};

function seed(state: MockState, req: WireRequest): WireResponse {
  const body = readJson(req);
  if (!body.ok) return body.response;
  const input = body.value as Record<string, unknown> | null;
  if (typeof input !== "object" || input === null || typeof input.appId !== "string" || input.appId === "")
    return problem(
      400,
      'POST seed expects {"appId": "...", "count"?: N, "records"?: [...], "owner"?: "<AccessKeyId>"}.',
    );
  const appId = input.appId;
  const refused =
    seedOwner(state, appId, input.owner) ?? seedCount(state, appId, input) ?? seedRecords(state, appId, input.records);
  if (refused !== undefined) return refused;
  return json(200, { ok: true, appId, records: state.callbacks.size(appId) });
}

function seedOwner(state: MockState, appId: string, owner: unknown): WireResponse | undefined {
  if (owner === undefined) return undefined;
  if (typeof owner !== "string" || state.lookupSecret(owner) === undefined)
    return problem(400, "owner must be the AccessKeyId of a configured account.");
  state.ownership.register(appId, owner);
  return undefined;
}

function seedCount(state: MockState, appId: string, input: Record<string, unknown>): WireResponse | undefined {
  const count = input.count;
  if (count === undefined) return undefined;
  if (typeof count !== "number" || !Number.isInteger(count) || count < 0 || count > 1_000_000)
    return problem(400, "count must be an integer from 0 to 1000000.");
  state.callbacks.seed(appId, {
    count,
    nowMs: state.clock.wallMs(),
    ...(Number.isInteger(input.seed) ? { seed: input.seed as number } : {}),
    ...(typeof input.spanMs === "number" && input.spanMs > 0 ? { spanMs: input.spanMs } : {}),
  });
  return undefined;
}

function seedRecords(state: MockState, appId: string, input: unknown): WireResponse | undefined {
  if (input === undefined) return undefined;
  if (!Array.isArray(input)) return problem(400, "records must be an array of callback records.");
  const records: NewCallbackRecord[] = [];
  for (const [i, r] of input.entries()) {
    const wrong = checkRecord(r, i);
    if (wrong !== undefined) return wrong;
    records.push({ ...(r as NewCallbackRecord), AppId: appId });
  }
  state.callbacks.add(records);
  return undefined;
}

/** The refusal of `records[i]` when a field is missing or of the wrong type. */
function checkRecord(r: unknown, i: number): WireResponse | undefined {
  if (typeof r !== "object" || r === null) return problem(400, `records[${i}] must be an object.`);
  for (const [field, type] of Object.entries(RECORD_FIELDS))
    if (typeof (r as Record<string, unknown>)[field] !== type)
      return problem(400, `records[${i}].${field} must be a ${type}.`);
  return undefined;
}
