import assert from "node:assert/strict";
import { test } from "node:test";
import { checkTimeWindow, resolveTimeWindow } from "../../../src/mock/domain/check-time-window.ts";
import type { XTimeWindow } from "../../../src/openapi/extensions.ts";

const window: XTimeWindow = {
  start: "StartTime",
  end: "EndTime",
  maxSpanSeconds: 604_800,
  maxAgeSeconds: 604_800,
  granularitySeconds: 60,
  source: [
    "The maximum time range to query is seven days.",
    "The minimum time granularity to query is 1 minute.",
    "You can query data in the last seven days.",
  ],
};
const nowSec = 1_767_225_630; // 2026-01-01T00:00:30Z, 30 s into a minute
const nowMs = nowSec * 1000 + 250;
const DAY = 86_400;

test("a window inside the rules passes; numbers and decimal strings are both read", () => {
  assert.equal(checkTimeWindow(window, { StartTime: nowSec - DAY, EndTime: nowSec }, nowMs), undefined);
  assert.equal(checkTimeWindow(window, { StartTime: String(nowSec - 3600), EndTime: `${nowSec}` }, nowMs), undefined);
  assert.equal(checkTimeWindow(window, { StartTime: nowSec, EndTime: nowSec }, nowMs), undefined);
  assert.equal(
    checkTimeWindow(window, { StartTime: nowSec, EndTime: nowSec + DAY }, nowMs),
    undefined,
    "future end ok",
  );
});

test("each rule's violation is 400 InputInvalid naming the parameter and the rule", () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ EndTime: nowSec }, /StartTime must be a UNIX timestamp/],
    [{ StartTime: nowSec, EndTime: "soon" }, /EndTime must be a UNIX timestamp/],
    [{ StartTime: -5, EndTime: nowSec }, /StartTime must be a UNIX timestamp/],
    [{ StartTime: nowSec, EndTime: nowSec - 60 }, /must not be later than EndTime/],
    [{ StartTime: nowSec - 7 * DAY - 60, EndTime: nowSec - 59 }, /maxSpanSeconds: "The maximum time range/],
    [
      { StartTime: nowSec - 7 * DAY - 120, EndTime: nowSec - 6 * DAY },
      /maxAgeSeconds: "You can query data in the last/,
    ],
  ];
  for (const [params, message] of cases) {
    const error = checkTimeWindow(window, params, nowMs);
    assert.equal(error?.status, 400, JSON.stringify(params));
    assert.equal(error?.code, "InputInvalid");
    assert.match(error?.message ?? "", message);
  }
});

test("edges: exactly 7 days of span passes, one second more fails; the age limit allows its whole minute", () => {
  const start = nowSec - 7 * DAY + 30; // = now − 7 d, rounded to the minute … + 30 s
  assert.equal(checkTimeWindow(window, { StartTime: start, EndTime: start + 7 * DAY }, nowMs), undefined);
  assert.match(
    checkTimeWindow(window, { StartTime: start, EndTime: start + 7 * DAY + 1 }, nowMs)?.message ?? "",
    /maxSpanSeconds/,
  );
  const boundaryMinute = Math.floor((nowSec - 7 * DAY) / 60) * 60; // the minute holding now − 7 d
  assert.equal(checkTimeWindow(window, { StartTime: boundaryMinute, EndTime: boundaryMinute + DAY }, nowMs), undefined);
  assert.match(
    checkTimeWindow(window, { StartTime: boundaryMinute - 1, EndTime: boundaryMinute + DAY }, nowMs)?.message ?? "",
    /maxAgeSeconds/,
  );
});

test("granularity: truncate (default) accepts any second and covers whole minutes; reject refuses", () => {
  const params = { StartTime: nowSec - 3599, EndTime: nowSec }; // neither is a whole minute
  assert.equal(checkTimeWindow(window, params, nowMs), undefined);
  const startMinute = Math.floor((nowSec - 3599) / 60) * 60;
  const endMinute = Math.floor(nowSec / 60) * 60;
  assert.deepEqual(resolveTimeWindow(window, params), { startMs: startMinute * 1000, endMs: (endMinute + 60) * 1000 });
  const options = { granularity: "reject" as const, errorStatus: 422, errorCode: "InvalidTimeRange" };
  const error = checkTimeWindow(window, params, nowMs, options);
  assert.equal(error?.status, 422);
  assert.equal(error?.code, "InvalidTimeRange");
  assert.match(error?.message ?? "", /granularitySeconds=60: "The minimum time granularity/);
  assert.equal(checkTimeWindow(window, { StartTime: startMinute, EndTime: endMinute }, nowMs, options), undefined);
  assert.equal(resolveTimeWindow(window, { StartTime: "x", EndTime: 1 }), undefined);
});
