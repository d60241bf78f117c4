import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { viewSection } from "../../load/scenarios/registry.ts";
import { escapeXmlAttr, escapeXmlText, renderJunit } from "../../src/report/render-junit.ts";
import type { RunSummary } from "../../src/report/run-summary.ts";
import { buildFixtureSummary } from "./fixture-summary.ts";
import { assertGolden } from "./golden.ts";
import { findAll, parseXml, textOf } from "./xml-check.ts";

/** A one-operation summary whose single failed case carries `text` in every string field. */
function summaryWith(text: string): RunSummary {
  const { load: _load, baseline: _baseline, ...s } = buildFixtureSummary();
  s.contract = {
    operations: [
      {
        operationId: `Op${text}`,
        product: "live",
        positive: { total: 1, passed: 0 },
        negative: { total: 0, passed: 0 },
        cases: [
          {
            id: "c1",
            title: text,
            kind: "positive",
            status: "failed",
            durationMs: 5,
            violations: [
              {
                operationId: `Op${text}`,
                check: "response.body",
                expected: text,
                actual: text,
                jsonPointer: `/a/${text}`,
                message: `Received ${text} / Documented string`,
              },
            ],
          },
        ],
      },
    ],
  };
  return s;
}

test("the fixture renders as well-formed JUnit whose counts match its testcases", () => {
  const root = parseXml(renderJunit(buildFixtureSummary(), viewSection));
  assert.equal(root.name, "testsuites");
  const cases = findAll(root, "testcase");
  assert.equal(Number(root.attrs.tests), cases.length);
  assert.equal(Number(root.attrs.failures), findAll(root, "failure").length);
  assert.equal(Number(root.attrs.skipped), findAll(root, "skipped").length);
  for (const suite of findAll(root, "testsuite")) {
    assert.equal(Number(suite.attrs.tests), findAll(suite, "testcase").length, suite.attrs.name);
    assert.equal(Number(suite.attrs.failures), findAll(suite, "failure").length, suite.attrs.name);
  }
  const names = findAll(root, "testsuite").map((s) => s.attrs.name);
  assert.deepEqual(names, [
    "specgate steps",
    "contract ConsumerGroupHeartBeat",
    "contract CreateConsumerGroup",
    "contract ListEventSubEvent",
    "load heartbeat-eviction",
    "load rate-limit",
    "baseline comparison",
  ]);
});

test("a contract failure carries the Received/Documented message and every JSON pointer", () => {
  const root = parseXml(renderJunit(buildFixtureSummary(), viewSection));
  const failed = findAll(root, "testcase").find(
    (c) => c.attrs.name === "[positive] page through records of the last 7 days",
  );
  assert.ok(failed);
  const [failure] = findAll(failed, "failure");
  assert.ok(failure);
  assert.equal(failure.attrs.type, "response.body");
  assert.match(
    failure.attrs.message ?? "",
    /^Received string "12" at \/TotalCount \/ Documented integer \(\+1 more\)$/,
  );
  const body = textOf(failure);
  assert.ok(body.includes("at: /TotalCount"));
  assert.ok(body.includes("at: /EventSubEvents/0/EventData"));
  assert.ok(body.includes("<script>alert('x')</script>"), "decoded body keeps the received text");
});

test("thresholds, steps and baseline regressions become failures; skips keep their reason", () => {
  const root = parseXml(renderJunit(buildFixtureSummary(), viewSection));
  const byName = new Map(findAll(root, "testcase").map((c) => [`${c.attrs.classname}|${c.attrs.name}`, c]));
  const dropped = byName.get("load.rate-limit|dropped_iterations: count==0");
  assert.equal(
    findAll(dropped ?? parseXml("<x/>"), "failure")[0]?.attrs.message,
    "dropped_iterations count==0 not met: observed 1",
  );
  assert.equal(
    findAll(byName.get("load.rate-limit|http_req_duration: p(95)<250") ?? parseXml("<x/>"), "failure").length,
    0,
  );
  const regression = byName.get("baseline|rate-limit: p95 latency (ms)");
  assert.match(
    findAll(regression ?? parseXml("<x/>"), "failure")[0]?.attrs.message ?? "",
    /^regression: baseline 11\.9, current 15\.4/,
  );
  const skipped = findAll(root, "skipped")[0];
  assert.equal(skipped?.attrs.message, "real target: unconfirmed error code (docs/unconfirmed-behaviour.md)");
  const step = byName.get("specgate.steps|contract");
  assert.equal(findAll(step ?? parseXml("<x/>"), "failure")[0]?.attrs.message, "1 of 10 cases failed");
});

test("markup, quotes and whitespace survive escaping in attributes and text", () => {
  const nasty = `a<b>&c"d'e\tf\ng\r\nh]]>i`;
  const root = parseXml(renderJunit(summaryWith(nasty), viewSection));
  const c = findAll(root, "testcase").find((x) => x.attrs.classname?.startsWith("contract."));
  assert.ok(c);
  assert.equal(c.attrs.name, `[positive] ${nasty}`);
  assert.equal(c.attrs.classname, `contract.live.Op${nasty}`);
  const failure = findAll(c, "failure")[0];
  assert.ok(failure);
  assert.ok(textOf(failure).includes(`expected: ${nasty}`));
  assert.equal(escapeXmlAttr(`<&"'`), "&lt;&amp;&quot;&apos;");
  assert.equal(escapeXmlText("a]]>b"), "a]]&gt;b");
});

test("characters XML 1.0 forbids are shown as \\uXXXX instead of breaking the document", () => {
  const nasty = "nul\u0000 bell\u0007 esc\u001b ffff\uffff lone\ud800 pair😀";
  const root = parseXml(renderJunit(summaryWith(nasty), viewSection));
  const c = findAll(root, "testcase").find((x) => x.attrs.classname?.startsWith("contract."));
  assert.equal(c?.attrs.name, "[positive] nul\\u0000 bell\\u0007 esc\\u001B ffff\\uFFFF lone\\uD800 pair😀");
});

test("property: any string in any field yields well-formed XML that decodes back to it (legal characters)", () => {
  const legal = (s: string) =>
    Array.from(s).every((ch) => {
      const cp = ch.codePointAt(0) ?? 0;
      return cp === 9 || cp === 10 || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || cp >= 0x10000;
    });
  fc.assert(
    fc.property(fc.string({ unit: "binary", maxLength: 40 }), (s) => {
      const root = parseXml(renderJunit(summaryWith(s), viewSection));
      const c = findAll(root, "testcase").find((x) => x.attrs.classname?.startsWith("contract."));
      if (legal(s)) assert.equal(c?.attrs.name, `[positive] ${s}`);
    }),
    { numRuns: 200 },
  );
});

test("golden: junit.xml of the fixture", () => {
  assertGolden("junit.xml", renderJunit(buildFixtureSummary(), viewSection));
});
