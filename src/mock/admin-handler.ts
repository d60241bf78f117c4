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

/** The admin request handler over `state`. */
export function createAdminHandler(state: MockState): (req: WireRequest) => WireResponse {
  return (req) => {
    const name = req.path.slice(ADMIN_PREFIX.length);
    const method = req.method.toUpperCase();
    const route = `${method} ${name}`;
    switch (route) {
      case "GET health":
        return json(200, { status: "ok", uptimeMs: Math.round(state.uptimeMs), faults: formatFaults(state.faults) });
      case "GET events": {
        const since = new URLSearchParams(req.rawQuery).get("since") ?? "0";
        if (!/^\d+$/.test(since))
          return problem(400, `since must be a non-negative integer sequence number, got ${JSON.stringify(since)}.`);
        return json(200, state.eventLog.since(Number(since)));
      }
      case "POST reset":
        state.reset();
        return json(200, { ok: true });
      case "GET faults":
        return json(200, { faults: formatFaults(state.faults) });
      case "POST faults": {
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
      case "POST seed":
        return seed(state, req);
      default:
        return problem(
          404,
          `No admin endpoint ${route}; use GET health, GET events?since=N, POST reset, POST seed, GET/POST faults under ${ADMIN_PREFIX}.`,
        );
    }
  };
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
  if (input.owner !== undefined) {
    if (typeof input.owner !== "string" || state.lookupSecret(input.owner) === undefined)
      return problem(400, "owner must be the AccessKeyId of a configured account.");
    state.ownership.register(appId, input.owner);
  }
  if (input.count !== undefined) {
    if (!Number.isInteger(input.count) || (input.count as number) < 0 || (input.count as number) > 1_000_000)
      return problem(400, "count must be an integer from 0 to 1000000.");
    state.callbacks.seed(appId, {
      count: input.count as number,
      nowMs: state.clock.wallMs(),
      ...(Number.isInteger(input.seed) ? { seed: input.seed as number } : {}),
      ...(typeof input.spanMs === "number" && input.spanMs > 0 ? { spanMs: input.spanMs } : {}),
    });
  }
  if (input.records !== undefined) {
    if (!Array.isArray(input.records)) return problem(400, "records must be an array of callback records.");
    const records: NewCallbackRecord[] = [];
    for (const [i, r] of input.records.entries()) {
      if (typeof r !== "object" || r === null) return problem(400, `records[${i}] must be an object.`);
      for (const [field, type] of Object.entries(RECORD_FIELDS)) {
        if (typeof (r as Record<string, unknown>)[field] !== type)
          return problem(400, `records[${i}].${field} must be a ${type}.`);
      }
      records.push({ ...(r as NewCallbackRecord), AppId: appId });
    }
    state.callbacks.add(records);
  }
  return json(200, { ok: true, appId, records: state.callbacks.size(appId) });
}
