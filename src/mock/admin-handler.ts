/**
 * The mock's admin API under `/_specgate/` (loopback only; the adapter enforces that):
 * - `GET  health`            → `{status: "ok", uptimeMs, faults}`
 * - `GET  events?since=SEQ`  → the ground-truth event log after SEQ (`{events, lastSeq, missed}`)
 * - `POST reset`             → rebuilds the domain from the config (groups, records, limiters, nonces)
 * - `POST seed`              → `{appId, owner?, count?, seed?, spanMs?, records?}` adds callback records (admin-seed.ts)
 * - `GET  faults` / `POST faults` → the active faults as `NAME[=VALUE]` strings; POST `{faults: [...]}` replaces them
 * Every request first passes admin-guard.ts (no web page can drive it; the token when one is set). Inputs are
 * bounded and validated whole before any state changes (docs/mock-limits.md#admin-api).
 * Answers are JSON; errors are `{error: "<problem and fix>"}` with a 4xx status.
 */
import { UsageError } from "../core/usage-error.ts";
import { checkAdminRequest } from "./admin-guard.ts";
import { parseSeedRequest, type SeedPlan } from "./admin-seed.ts";
import { formatFaults, parseFaults } from "./faults.ts";
import type { MockState } from "./mock-state.ts";
import type { WireRequest, WireResponse } from "./wire.ts";

/** Path prefix of the admin API. */
export const ADMIN_PREFIX = "/_specgate/";

/** Options of `createAdminHandler`. */
export interface AdminOptions {
  /** When set, every route but `GET health` needs `Authorization: Bearer <token>` (`specgate mock --admin-token`). */
  token?: string;
}

/** Most faults one `POST faults` may set, and the longest fault text (there are five faults, all short). */
const MAX_FAULTS = 16;
const MAX_FAULT_LENGTH = 64;
/** Most AppIds with an owner (seeding a new AppId with `owner` adds one). */
const MAX_OWNED_APPS = 10_000;

function json(status: number, body: unknown): WireResponse {
  return { status, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

function problem(status: number, message: string): WireResponse {
  return json(status, { error: message });
}

type Route = (state: MockState, req: WireRequest) => WireResponse;

const ROUTES: Readonly<Record<string, Route>> = {
  "GET health": (state) =>
    json(200, { status: "ok", uptimeMs: Math.round(state.uptimeMs), faults: formatFaults(state.faults) }),
  "GET events": events,
  "POST reset": (state) => {
    state.reset();
    return json(200, { ok: true });
  },
  "GET faults": (state) => json(200, { faults: formatFaults(state.faults) }),
  "POST faults": setFaults,
  "POST seed": seed,
};

/** The admin request handler over `state`. */
export function createAdminHandler(state: MockState, options: AdminOptions = {}): (req: WireRequest) => WireResponse {
  return (req) => {
    const name = req.path.slice(ADMIN_PREFIX.length);
    const route = `${req.method.toUpperCase()} ${name}`;
    const refused = checkAdminRequest(req, route, options.token);
    if (refused !== undefined) return problem(refused.status, refused.message);
    const handler = Object.hasOwn(ROUTES, route) ? ROUTES[route] : undefined;
    if (handler !== undefined) return handler(state, req);
    return problem(
      404,
      `No admin endpoint ${route.slice(0, 80)}; use GET health, GET events?since=N, POST reset, POST seed, GET/POST faults under ${ADMIN_PREFIX}.`,
    );
  };
}

function events(state: MockState, req: WireRequest): WireResponse {
  const since = new URLSearchParams(req.rawQuery).get("since") ?? "0";
  if (!/^\d{1,15}$/.test(since))
    return problem(
      400,
      `since must be a sequence number (an integer from 0 to 15 digits), got ${JSON.stringify(since.slice(0, 20))}.`,
    );
  return json(200, state.eventLog.since(Number(since)));
}

function setFaults(state: MockState, req: WireRequest): WireResponse {
  const body = readJson(req);
  if (!body.ok) return body.response;
  const list = (body.value as { faults?: unknown } | null)?.faults;
  if (
    !Array.isArray(list) ||
    list.length > MAX_FAULTS ||
    !list.every((f) => typeof f === "string" && f.length <= MAX_FAULT_LENGTH)
  )
    return problem(
      400,
      `POST faults expects {"faults": ["NAME[=VALUE]", ...]}: at most ${MAX_FAULTS} strings (an empty list clears them).`,
    );
  try {
    state.setFaults(parseFaults(list));
  } catch (e) {
    if (e instanceof UsageError) return problem(400, e.message);
    throw e;
  }
  return json(200, { faults: formatFaults(state.faults) });
}

function readJson(req: WireRequest): { ok: true; value: unknown } | { ok: false; response: WireResponse } {
  const text = req.body === undefined || req.body.length === 0 ? "{}" : req.body.toString("utf8");
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, response: problem(400, `the body must be JSON: ${(e as Error).message.slice(0, 120)}`) };
  }
}

function seed(state: MockState, req: WireRequest): WireResponse {
  const body = readJson(req);
  if (!body.ok) return body.response;
  const parsed = parseSeedRequest(body.value, (id) => state.lookupSecret(id) !== undefined);
  if (!parsed.ok) return problem(400, parsed.message);
  const plan = parsed.value;
  const refused = checkSeedRoom(state, plan);
  if (refused !== undefined) return refused;
  // Validated and sized above: nothing below can fail half-way.
  if (plan.owner !== undefined) state.ownership.register(plan.appId, plan.owner);
  if (plan.count > 0)
    state.callbacks.seed(plan.appId, {
      count: plan.count,
      nowMs: state.clock.wallMs(),
      ...(plan.seed !== undefined ? { seed: plan.seed } : {}),
      ...(plan.spanMs !== undefined ? { spanMs: plan.spanMs } : {}),
    });
  if (plan.records.length > 0) state.callbacks.add(plan.records);
  return json(200, { ok: true, appId: plan.appId, records: state.callbacks.size(plan.appId) });
}

function checkSeedRoom(state: MockState, plan: SeedPlan): WireResponse | undefined {
  const full = state.callbacks.checkRoom(plan.count, plan.records);
  if (full !== undefined) return problem(full.status, full.message);
  const newOwner = plan.owner !== undefined && state.ownership.ownerOf(plan.appId) === undefined;
  if (newOwner && state.ownership.size >= MAX_OWNED_APPS)
    return problem(507, `the mock holds ${MAX_OWNED_APPS} AppIds already; POST /_specgate/reset first.`);
  return undefined;
}
