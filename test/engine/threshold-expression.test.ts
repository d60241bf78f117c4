import assert from "node:assert/strict";
import { test } from "node:test";
import { ManualClock } from "../../src/core/clock.ts";
import { MetricRegistry } from "../../src/engine/metric-registry.ts";
import { compareThreshold, parseThresholdExpression } from "../../src/engine/threshold-expression.ts";
import { compileThresholds, evaluateThresholds } from "../../src/engine/thresholds.ts";

const valid: [string, unknown, string, number][] = [
  ["p(95)<200", { kind: "p", percentile: 95 }, "<", 200],
  ["p(99.9)<=300", { kind: "p", percentile: 99.9 }, "<=", 300],
  [" p( 90 ) > 1.5 ", { kind: "p", percentile: 90 }, ">", 1.5],
  ["avg<100", { kind: "avg" }, "<", 100],
  ["med>=10", { kind: "med" }, ">=", 10],
  ["min>0", { kind: "min" }, ">", 0],
  ["max<1e3", { kind: "max" }, "<", 1000],
  ["rate<0.01", { kind: "rate" }, "<", 0.01],
  ["count==0", { kind: "count" }, "==", 0],
  ["count===0", { kind: "count" }, "==", 0],
  ["count>=10", { kind: "count" }, ">=", 10],
  ["value<5", { kind: "value" }, "<", 5],
  ["value!=-2", { kind: "value" }, "!=", -2],
  ["rate > .5", { kind: "rate" }, ">", 0.5],
];

for (const [source, aggregation, operator, value] of valid) {
  test(`parses "${source}"`, () => {
    const e = parseThresholdExpression(source, "m");
    assert.deepEqual(e.aggregation, aggregation);
    assert.equal(e.operator, operator);
    assert.equal(e.value, value);
    assert.equal(e.source, source);
  });
}

const invalid: [string, RegExp][] = [
  ["", /not of the form/],
  ["p95<200", /"p95" is not an aggregation/],
  ["p()<200", /percentile must be a number/],
  ["p(abc)<1", /percentile must be a number/],
  ["p(101)<1", /between 0 and 100/],
  ["p<1", /needs its argument/],
  ["avg(3)<1", /takes no argument/],
  ["mean<100", /"mean" is not an aggregation/],
  ["avg=<100", /not of the form|is not a number/],
  ["avg<100ms", /"100ms" is not a number/],
  ["avg<", /not of the form/],
  ["avg 100", /not of the form/],
];

for (const [source, why] of invalid) {
  test(`rejects "${source}" naming the metric and expression`, () => {
    assert.throws(
      () => parseThresholdExpression(source, "http_req_duration{stage:2x}"),
      (e: Error) =>
        e instanceof SyntaxError &&
        why.test(e.message) &&
        e.message.includes(`"${source}"`) &&
        e.message.includes('metric "http_req_duration{stage:2x}"'),
    );
  });
}

test("comparisons follow their operator", () => {
  const cases: [string, number, boolean][] = [
    ["avg<10", 9.9, true],
    ["avg<10", 10, false],
    ["avg<=10", 10, true],
    ["avg>10", 10, false],
    ["avg>=10", 10, true],
    ["count==0", 0, true],
    ["count==0", 1, false],
    ["count!=0", 1, true],
  ];
  for (const [src, observed, ok] of cases)
    assert.equal(compareThreshold(parseThresholdExpression(src, "m"), observed), ok, src);
});

test("compileThresholds accepts strings, lists and k6's object form, and names bad metric selectors", () => {
  const compiled = compileThresholds({
    http_req_duration: "p(95)<200",
    "http_req_failed{stage:2x}": [{ threshold: "rate<0.01", abortOnFail: true, delayAbortEval: "10s" }, "rate<0.5"],
  });
  assert.equal(compiled.length, 3);
  assert.equal(compiled[1]?.selector.key, "http_req_failed{stage:2x}");
  assert.equal(compiled[1]?.abortOnFail, true);
  assert.equal(compiled[1]?.delayAbortEvalMs, 10_000);
  assert.equal(compiled[2]?.abortOnFail, false);
  assert.throws(() => compileThresholds({ "http req": ["avg<1"] }), /not a valid metric name/);
  assert.throws(() => compileThresholds({ "x{stage}": ["avg<1"] }), /"name:value"/);
  assert.throws(
    () => compileThresholds({ x: [{ threshold: "avg<1", delayAbortEval: "ten" }] }),
    /delayAbortEval.*not a duration/,
  );
  assert.throws(
    () => compileThresholds({ x: [{} as { threshold: string }] }),
    /\{ threshold, abortOnFail, delayAbortEval \}/,
  );
});

test("evaluation reports observed values, type mismatches and metrics never recorded", () => {
  const reg = new MetricRegistry(new ManualClock());
  const t = reg.view().trend("latency", true);
  for (let v = 1; v <= 100; v++) t.add(v);
  reg.view().counter("hits").add(3);
  const results = evaluateThresholds(
    compileThresholds({ latency: ["p(95)<90", "avg<60"], hits: ["count==3", "p(95)<1"], ghost: ["count==0"] }),
    reg,
    1000,
  );
  assert.equal(results[0]?.ok, false);
  assert.ok(Math.abs((results[0]?.observed ?? 0) - 95) < 0.1);
  assert.deepEqual([results[1]?.ok, results[1]?.observed], [true, 50.5]);
  assert.deepEqual([results[2]?.ok, results[2]?.observed], [true, 3]);
  assert.equal(results[3]?.ok, false);
  assert.match(results[3]?.error ?? "", /"p\(95\)" does not apply to a counter metric; use count, rate/);
  assert.equal(results[4]?.ok, false);
  assert.match(results[4]?.error ?? "", /"ghost" was never recorded/);
});
