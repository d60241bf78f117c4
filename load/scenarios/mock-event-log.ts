/**
 * Reads specgate's mock's ground-truth event log (admin API `GET /_specgate/events?since=N`, README "The mock";
 * src/mock/admin-handler.ts), so a scenario run against the mock can put what it measured beside what the mock
 * decided. Only for mock and URL targets (a real account has no such log): the caller checks the target kind.
 * Engine-neutral: plain requests through the scenario port, no `URL` (k6 0.48 has none).
 */
import type { Flow } from "./flow.ts";
import { settle } from "./flow.ts";
import type { ScenarioPort } from "./scenario-port.ts";

/** The admin API's path prefix (src/mock/admin-handler.ts `ADMIN_PREFIX`). */
const EVENTS_PATH = "/_specgate/events";

/** The largest `since` the admin API accepts. */
const LATEST_SINCE = 999_999_999_999_999;

/** The fields of a consumer-group event a scenario reads (src/mock/domain/event-log.ts `ConsumerGroupEvent`). */
export interface MockGroupEvent {
  seq: number;
  kind: string;
  group?: string;
  consumer?: string;
  /** Wall-clock epoch ms of the decision; for `evicted`, the exact deadline (last heartbeat + timeout). */
  atWallMs: number;
  atMonoMs?: number;
  lastHeartbeatMonoMs?: number;
}

/** A page of the log, or why there is none. */
export type MockEventsRead = { events: MockGroupEvent[]; lastSeq: number; missed: number } | { problem: string };

function eventsUrl(baseUrl: string, since: number): string {
  return `${baseUrl.replace(/\/+$/, "")}${EVENTS_PATH}?since=${since}`;
}

function isEvent(x: unknown): x is MockGroupEvent {
  const e = x as Partial<MockGroupEvent> | null;
  return typeof e === "object" && e !== null && typeof e.kind === "string" && typeof e.atWallMs === "number";
}

/** Parses the admin API's answer; a wrong shape is a problem in words, not a throw. */
export function parseEventsPage(status: number, body: string): MockEventsRead {
  if (status !== 200)
    return { problem: `the target has no specgate event log (GET ${EVENTS_PATH} answered HTTP ${status})` };
  try {
    const page = JSON.parse(body) as { events?: unknown; lastSeq?: unknown; missed?: unknown };
    if (!Array.isArray(page.events) || typeof page.lastSeq !== "number") throw new TypeError("not a page");
    return {
      events: page.events.filter(isEvent),
      lastSeq: page.lastSeq,
      missed: typeof page.missed === "number" ? page.missed : 0,
    };
  } catch {
    return { problem: `GET ${EVENTS_PATH} did not answer an event page ({events, lastSeq, missed})` };
  }
}

/** Events after `since` (0: everything the mock still keeps). */
export function* readMockEvents(port: ScenarioPort, baseUrl: string, since: number): Flow<MockEventsRead> {
  const r = yield* settle(
    port.request({ method: "GET", url: eventsUrl(baseUrl, since), headers: {}, timeoutMs: 5000 }),
  );
  if (r.status === 0) return { problem: `the event log could not be read (${r.error ?? "no response"})` };
  return parseEventsPage(r.status, r.body);
}

/** The log's current position (its newest seq), read without transferring the log. */
export function* mockEventsPosition(port: ScenarioPort, baseUrl: string): Flow<number | undefined> {
  // A `since` beyond the newest event returns no events, only `lastSeq`; the admin API takes at most 15 digits
  // (src/mock/admin-handler.ts), far beyond any sequence a run reaches.
  const read = yield* readMockEvents(port, baseUrl, LATEST_SINCE);
  return "problem" in read ? undefined : read.lastSeq;
}
