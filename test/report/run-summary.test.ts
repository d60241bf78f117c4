import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parseRunSummary, runSummarySchema, validateRunSummary } from "../../src/report/parse-run-summary.ts";
import {
  decideVerdict,
  type EvictionResult,
  exitCodeFor,
  RUN_SUMMARY_SCHEMA_VERSION,
  type RunStep,
  sanitizeTargetUrl,
  sectionData,
} from "../../src/report/run-summary.ts";
import { buildFixtureSummary } from "./fixture-summary.ts";

function problemsOf(value: unknown): string[] {
  const r = validateRunSummary(value);
  return r.ok ? [] : r.problems;
}

test("the JSON Schema is valid draft 2020-12 and accepts the fixture", () => {
  const ajv = new Ajv2020({ strict: true, validateFormats: false });
  assert.ok(ajv.validateSchema(runSummarySchema), JSON.stringify(ajv.errors));
  assert.deepEqual(problemsOf(buildFixtureSummary()), []);
  assert.deepEqual(problemsOf(JSON.parse(JSON.stringify(buildFixtureSummary()))), [], "survives a JSON round trip");
});

test("schema mismatches are reported with their JSON pointer", () => {
  const s = buildFixtureSummary() as unknown as Record<string, unknown>;
  assert.deepEqual(problemsOf({ ...s, verdict: "maybe" }), ["/verdict: must be one of passed, failed, interrupted"]);
  assert.deepEqual(problemsOf({ ...s, extra: 1 }), ["(top level): unknown field 'extra'"]);
  const { steps: _steps, ...noSteps } = s;
  assert.deepEqual(problemsOf(noSteps), ["(top level): missing required field 'steps'"]);
  assert.deepEqual(problemsOf({ ...s, startedAt: "yesterday" }), ['/startedAt: must match format "date-time"']);
  assert.match(
    problemsOf({ ...s, steps: [{ name: "lint", status: "passed", durationMs: 1 }] })[0] ?? "",
    /^\/steps\/0\/name: must match pattern/,
  );
});

test("a target URL with credentials, query or fragment is rejected", () => {
  const s = buildFixtureSummary();
  for (const url of ["http://id:secret@127.0.0.1:9/", "http://127.0.0.1:9/?Signature=abc", "http://h/#x"])
    assert.deepEqual(problemsOf({ ...s, target: { kind: "url", url } }), [
      "/target/url: must be scheme://host[:port]/path without credentials, query or fragment",
    ]);
  assert.equal(
    sanitizeTargetUrl("https://id:secret@sls.example:8443/p?Signature=x&AccessKeyId=y#f"),
    "https://sls.example:8443/p",
  );
  assert.deepEqual(
    problemsOf({ ...s, target: { kind: "url", url: sanitizeTargetUrl("http://a:b@127.0.0.1:1/x?y") } }),
    [],
  );
  assert.throws(() => sanitizeTargetUrl("not a url"), TypeError);
});

test("rules beyond the schema: aligned series, passed ≤ total", () => {
  const s = buildFixtureSummary();
  const scenario = s.load?.scenarios[0];
  assert.ok(scenario);
  scenario.series["latency.p50"] = { t: [1, 2, 3], values: [1, 2] };
  const op = s.contract?.operations[0];
  assert.ok(op);
  op.negative = { total: 1, passed: 2 };
  assert.deepEqual(problemsOf(s), [
    "/load/scenarios/0/series/latency.p50: t has 3 entries but values has 2",
    "/contract/operations/0/negative: passed (2) exceeds total (1)",
  ]);
});

test("parseRunSummary names the source and the problem", () => {
  assert.throws(
    () => parseRunSummary("{ nope", "run/summary.json"),
    /^UsageError: run\/summary\.json is not valid JSON \(/,
  );
  assert.throws(
    () => parseRunSummary(JSON.stringify({ ...buildFixtureSummary(), schemaVersion: 3 }), "s.json"),
    /s\.json is not a specgate run summary .*schemaVersion 3 is not supported; this specgate reads schemaVersion 1 and 2/,
  );
  const many = { schemaVersion: 1 };
  assert.throws(
    () => parseRunSummary(JSON.stringify(many), "m.json"),
    /missing required field 'tool'.*; and \d+ more$/,
  );
  assert.deepEqual(parseRunSummary(JSON.stringify(buildFixtureSummary()), "ok.json"), buildFixtureSummary());
});

test("a schemaVersion 1 summary is checked by its own schema and read as version 2 (fields become sections)", () => {
  const v2 = buildFixtureSummary();
  // Version 1 measured eviction without a probe window: no probeIntervalMs, resolutionMs or truth.
  for (const s of v2.load?.scenarios ?? []) {
    const eviction = sectionData<EvictionResult>(s, "eviction");
    if (eviction === undefined) continue;
    delete eviction.probeIntervalMs;
    for (const r of eviction.runs) {
      delete r.resolutionMs;
      delete r.truth;
    }
  }
  const v1 = JSON.parse(JSON.stringify(v2)) as Record<string, unknown> & {
    load: { scenarios: Record<string, unknown>[] };
  };
  v1.schemaVersion = 1;
  for (const s of v1.load.scenarios) {
    const sections = s.sections as { kind: string; data: Record<string, unknown> }[];
    delete s.sections;
    for (const x of sections) {
      if (x.kind === "eviction") s.eviction = x.data;
      if (x.kind === "rate-limit") Object.assign(s, { limitRps: x.data.limitRps, stages: x.data.stages });
    }
  }
  assert.deepEqual(parseRunSummary(JSON.stringify(v1), "v1.json"), v2);
  const bad = JSON.parse(JSON.stringify(v1));
  bad.load.scenarios[0].sections = [];
  assert.throws(() => parseRunSummary(JSON.stringify(bad), "bad.json"), /unknown field 'sections'/);
});

test("verdict: interrupted beats failed beats passed; skipped steps do not fail; regressions do", () => {
  const step = (status: RunStep["status"]): RunStep => ({ name: "contract", status, durationMs: 1 });
  assert.equal(decideVerdict([step("passed"), step("skipped")]), "passed");
  assert.equal(decideVerdict([step("passed"), step("failed")]), "failed");
  assert.equal(decideVerdict([step("failed"), step("interrupted")]), "interrupted");
  const baseline = buildFixtureSummary().baseline;
  assert.equal(decideVerdict([step("passed")], baseline), "failed", "the fixture baseline has a regression");
  assert.deepEqual(
    ["passed", "failed", "interrupted"].map((v) => exitCodeFor(v as "passed")),
    [0, 1, 130],
  );
});

test("docs/summary-schema.md documents every field of the schema", () => {
  const doc = readFileSync(new URL("../../docs/summary-schema.md", import.meta.url), "utf8");
  const names = propertyNames(runSummarySchema);
  // Each field name appears as a word inside some code span: `name`, `name[]`, `eviction.runs[].latencyMs`.
  const spans = doc.match(/`[^`\n]+`/g) ?? [];
  const missing = [...names].filter(
    (n) => !spans.some((span) => new RegExp(`(^|[^A-Za-z0-9])${n}([^A-Za-z0-9]|$)`).test(span.slice(1, -1))),
  );
  assert.deepEqual(missing, []);
});

test("docs/summary-schema.md's example is a valid summary of the version it names", () => {
  const doc = readFileSync(new URL("../../docs/summary-schema.md", import.meta.url), "utf8");
  const examples = [...doc.matchAll(/```json\n([\s\S]*?)\n```/g)].map((m) => JSON.parse(m[1] ?? "") as unknown);
  assert.equal(examples.length, 1, "one JSON example");
  assert.deepEqual(problemsOf(examples[0]), []);
  assert.equal((examples[0] as { schemaVersion: unknown }).schemaVersion, RUN_SUMMARY_SCHEMA_VERSION);
});

/** Every name under a `properties` keyword anywhere in `schema`. */
function propertyNames(schema: unknown, names = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) {
    for (const item of schema) propertyNames(item, names);
  } else if (schema !== null && typeof schema === "object") {
    for (const [k, v] of Object.entries(schema)) {
      if (k === "properties" && v !== null && typeof v === "object") for (const p of Object.keys(v)) names.add(p);
      propertyNames(v, names);
    }
  }
  return names;
}
