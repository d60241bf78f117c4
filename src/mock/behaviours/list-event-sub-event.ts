/**
 * Live ListEventSubEvent over the seeded callback records (docs/alibaba/live-event-subscriptions.md): the AppId must
 * belong to the caller (403 NoAuth, 404 ResourceNotExist), then one page of the records in the window, with
 * `Count` and `HasMore`. The time-window rules (`x-time-window`) were checked with the request's validation.
 */

import type { Answer } from "../dialects/wire-dialect.ts";
import { resolveTimeWindow } from "../domain/check-time-window.ts";
import type { MockState } from "../mock-state.ts";
import type { Call } from "../pipeline/call.ts";
import type { Behaviour } from "./behaviour.ts";

export const listEventSubEvent: Behaviour = {
  product: "live",
  operation: "ListEventSubEvent",
  answer: listEvents,
  drift: driftPage,
};

/** One record without its MessageId, `Cost`/`Code` as strings, and `Count` as a string (the classic drift). */
function driftPage(body: unknown): unknown {
  const page = body as { Count?: unknown; Logs?: Record<string, unknown>[] };
  const logs = (page.Logs ?? []).map((log) => ({ ...log }));
  const first = logs[0];
  if (first === undefined) logs.push({ AppId: 1, Cost: "fast" });
  else {
    delete first.MessageId;
    first.Cost = String(first.Cost);
    first.Code = first.Code === undefined ? "200" : String(first.Code);
  }
  return { ...page, Count: String(page.Count ?? 0), Logs: logs };
}

function listEvents(call: Call, state: MockState): Answer {
  const params = call.valid;
  const appId = params.AppId as string;
  const denied = state.ownership.checkAccess(appId, call.accessKeyId);
  if (denied !== undefined) return { ok: false, error: denied };
  const timeWindow = call.operation.timeWindow;
  const window = timeWindow !== undefined ? resolveTimeWindow(timeWindow, params) : undefined;
  const page = state.callbacks.query({
    appId,
    ...(typeof params.SubscribeId === "string" ? { subscribeId: params.SubscribeId } : {}),
    startMs: window?.startMs ?? Number(params.StartTime) * 1000,
    endMs: window?.endMs ?? Number(params.EndTime) * 1000,
    pageSize: params.PageSize as number,
    pageNo: params.PageNo as number,
  });
  if (!page.ok) return page;
  return {
    ok: true,
    value: { Count: page.count, HasMore: page.hasMore, Logs: page.logs },
    // The members of JSON.stringify(value), without serialising the records again (CallbackPage.logsJson).
    membersJson: `"Count":${page.count},"HasMore":${page.hasMore},"Logs":${page.logsJson}`,
  };
}
