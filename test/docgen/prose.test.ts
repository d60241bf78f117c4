import assert from "node:assert/strict";
import { test } from "node:test";
import type { FieldType } from "../../src/docgen/field-type.ts";
import { parseNumberWord } from "../../src/docgen/number-words.ts";
import { parseProseConstraints } from "../../src/docgen/prose-constraints.ts";
import { findQpsLimit } from "../../src/docgen/qps-limit.ts";
import { parseTimeWindow } from "../../src/docgen/time-window.ts";

const INT: FieldType = { kind: "integer", format: "int64" };
const STR: FieldType = { kind: "string" };
const BOOL: FieldType = { kind: "boolean" };

test("prose constraints (table-driven)", () => {
  const cases: { given: string; type: FieldType; want: object }[] = [
    {
      given: "The number of records on each page. Valid values: 1 to 100.",
      type: INT,
      want: { minimum: 1, maximum: 100 },
    },
    { given: "Valid values: [0, 65535]", type: INT, want: { minimum: 0, maximum: 65535 } },
    { given: "The value must be between 10 and 600. Unit: seconds.", type: INT, want: { minimum: 10, maximum: 600 } },
    { given: "Minimum value: 1. Maximum value: 50.", type: INT, want: { minimum: 1, maximum: 50 } },
    { given: "Default value: 10.", type: INT, want: { default: 10 } },
    { given: "Valid values: true/false", type: BOOL, want: {} },
    { given: "Valid values: true/false", type: STR, want: { enum: ["true", "false"] } },
    {
      given: "Valid values: ChannelEvent, UserEvent, and RoomEvent.",
      type: STR,
      want: { enum: ["ChannelEvent", "UserEvent", "RoomEvent"] },
    },
    {
      given: "The role. Valid values:\n\n• anchor: the streamer\n• audience: a viewer",
      type: STR,
      want: { enum: ["anchor", "audience"] },
    },
    { given: "Valid values: 1, 2, or 4.", type: INT, want: { enum: [1, 2, 4] } },
    { given: "The name. It must be 2 to 64 characters in length.", type: STR, want: { minLength: 2, maxLength: 64 } },
    { given: "Specifies whether to consume data in sequence. Valid values:", type: BOOL, want: {} },
    { given: "The timeout period. Unit: seconds.", type: INT, want: {} },
    { given: "Valid values: the name of a project in your account.", type: STR, want: {} },
  ];
  for (const c of cases) assert.deepEqual(parseProseConstraints(c.given, c.type), c.want, c.given);
});

test("numbers written as words parse", () => {
  const cases: [string, number | undefined][] = [
    ["seven", 7],
    ["1", 1],
    ["twenty-four", 24],
    ["one hundred", 100],
    ["fifty", 50],
    ["several", undefined],
  ];
  for (const [given, want] of cases) assert.equal(parseNumberWord(given), want, given);
});

test("QPS limit prose → limit, window, scope and overflow, in English and Chinese", () => {
  assert.deepEqual(
    findQpsLimit(
      "You can call this operation up to 50 times per second per account. Requests that exceed this limit are dropped and you will experience service interruptions.",
    ),
    {
      limit: 50,
      window: "second",
      scope: "account",
      overflow: "dropped",
      source: "You can call this operation up to 50 times per second per account.",
    },
  );
  assert.equal(findQpsLimit("You can call this operation up to ten times per second.")?.limit, 10);
  // A per-minute limit stays per minute: 120 in a minute is not 2 in every second.
  const perMinute = findQpsLimit("You can call this operation up to 10,000 times per minute per account.");
  assert.deepEqual([perMinute?.limit, perMinute?.window, perMinute?.scope], [10_000, "minute", "account"]);
  const zh = findQpsLimit("本接口的单用户QPS限制为5次/秒。超过限制,API调用会被限流,这可能会影响您的业务,请合理调用。");
  assert.deepEqual([zh?.limit, zh?.window, zh?.scope, zh?.overflow], [5, "second", "account", "rejected"]);
  const zhMinute = findQpsLimit("本接口的單用戶QPS限制為10000次/分鐘。");
  assert.deepEqual([zhMinute?.limit, zhMinute?.window], [10_000, "minute"]);
  const older = findQpsLimit("The maximum number of times that each user can call this operation per second is 30.");
  assert.deepEqual([older?.limit, older?.window, older?.scope], [30, "second", "account"]);
  // Two limits (all callers of the API, and each user): the one a single caller meets.
  const two = findQpsLimit("- API Call Rate: 100 requests/second. - Per-user Call Rate: 10 requests/second.");
  assert.deepEqual([two?.limit, two?.scope], [10, "account"]);
  assert.equal(findQpsLimit("There is no limit."), undefined);
});

test("time-window rules from the ListEventSubEvent wording, numbers as words", () => {
  const w = parseTimeWindow(
    "- The maximum time range to query is seven days.\n- The minimum time granularity to query is 1 minute.\n- You can query data in the last seven days.",
    "StartTime",
    "EndTime",
  );
  assert.deepEqual(w, {
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
  });
  assert.equal(parseTimeWindow("The time range to query cannot exceed 24 hours.", "a", "b")?.maxSpanSeconds, 86_400);
  assert.equal(parseTimeWindow("Queries data.", "a", "b"), undefined);
});
