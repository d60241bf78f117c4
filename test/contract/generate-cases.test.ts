import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  isBinding,
  listResources,
  type ResolvedResources,
  resolveBindings,
} from "../../src/contract-cases/case-model.ts";
import { DEFAULT_CASES_PER_OPERATION, generateCases } from "../../src/contract-cases/generate-cases.ts";
import { compileSpec } from "../../src/openapi/compile-spec.ts";
import { loadSpecs } from "../../src/openapi/load-specs.ts";

const specs = loadSpecs();
const NOW = 1_800_000_000;
const resources: ResolvedResources = {
  nowSeconds: NOW,
  get: (name) => `<${name}>`,
  count: () => 4,
};

function countBy(cases: ReturnType<typeof generateCases>) {
  const out = new Map<string, { positive: number; negative: number }>();
  for (const c of cases) {
    const e = out.get(c.operationId) ?? { positive: 0, negative: 0 };
    e[c.kind]++;
    out.set(c.operationId, e);
  }
  return out;
}

describe("generateCases", () => {
  it("gives every operation of both specs at least 20 cases, positive and negative", () => {
    for (const spec of [specs.spec("sls"), specs.spec("live")]) {
      const counts = countBy(generateCases(spec, { seed: 1 }));
      assert.deepEqual([...counts.keys()].sort(), [...spec.operations.keys()].sort());
      for (const [op, n] of counts) {
        assert.ok(n.positive + n.negative >= DEFAULT_CASES_PER_OPERATION, `${op}: ${JSON.stringify(n)}`);
        assert.ok(n.positive >= 10 && n.negative >= 3, `${op}: ${JSON.stringify(n)}`);
      }
    }
  });

  it("is reproducible by seed and differs across seeds", () => {
    const a = generateCases(specs.spec("live"), { seed: 5 });
    assert.deepEqual(generateCases(specs.spec("live"), { seed: 5 }), a);
    assert.notDeepEqual(generateCases(specs.spec("live"), { seed: 6 }), a);
    const ids = a.map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length, "case ids are unique");
    assert.equal(new Set(a.map((c) => c.title)).size, a.length, "titles are unique (Playwright requires it)");
  });

  it("derives negatives from the spec's constraints: required, type, range and x-time-window", () => {
    const titles = generateCases(specs.spec("live"), { seed: 1 })
      .filter((c) => c.kind === "negative")
      .map((c) => c.title.replace(/^.*negative #\d+: /, ""));
    for (const expected of [
      "missing required query.PageSize",
      "below-minimum query.PageSize = 0 (≥ 1 documented)",
      "above-maximum query.PageSize = 101 (≤ 100 documented)",
      "below-minimum query.PageNo = 0 (≥ 1 documented)",
      'wrong type query.StartTime = "not-a-number" (integer documented)',
      "EndTime − StartTime > 604800 s (x-time-window maxSpanSeconds)",
      "StartTime older than 604800 s (x-time-window maxAgeSeconds)",
      "StartTime later than EndTime (x-time-window)",
      "signed with a wrong AccessKey secret",
    ])
      assert.ok(titles.includes(expected), `missing negative '${expected}' in ${JSON.stringify(titles)}`);
    assert.ok(titles.some((t) => t.startsWith("unknown AppId")));
  });

  it("expects the documented codes and statuses of each negative", () => {
    const live = generateCases(specs.spec("live"), { seed: 1 }).filter((c) => c.kind === "negative");
    const byCategory = new Map(live.map((c) => [c.expect?.category, c.expect]));
    assert.deepEqual(byCategory.get("below-minimum")?.codes, ["InputInvalid"]);
    assert.deepEqual(byCategory.get("unknown-resource"), {
      category: "unknown-resource",
      statuses: [404],
      codes: ["ResourceNotExist"],
      source: "documented for ListEventSubEvent: 404 ResourceNotExist",
    });
    assert.deepEqual(byCategory.get("expired-timestamp")?.codes, ["InvalidTimeStamp.Expired"]);
    const sls = generateCases(specs.spec("sls"), { seed: 1 }).filter((c) => c.operationId === "ConsumerGroupHeartBeat");
    const unknownGroup = sls.find((c) => c.title.includes("unknown consumerGroup"));
    assert.deepEqual(unknownGroup?.expect?.codes, ["ConsumerGroupNotExist"]);
    assert.deepEqual(unknownGroup?.expect?.statuses, [404]);
    const badSig = sls.find((c) => c.expect?.category === "bad-signature");
    assert.deepEqual([badSig?.expect?.statuses, badSig?.expect?.codes], [[401], ["SignatureNotMatch"]]);
  });

  it("draws positive time windows inside every x-time-window rule", () => {
    const op = specs.spec("live").operations.get("ListEventSubEvent");
    const tw = op?.timeWindow;
    assert.ok(tw);
    for (const c of generateCases(specs.spec("live"), { seed: 3, perOperation: 60 }).filter(
      (x) => x.kind === "positive",
    )) {
      const q = resolveBindings(c.request.query, resources) as Record<string, number>;
      const start: number = Number(q[tw.start]);
      const end: number = Number(q[tw.end]);
      assert.ok(start <= end, c.title);
      assert.ok(end - start <= (tw.maxSpanSeconds ?? Infinity), c.title);
      assert.ok(start >= NOW - (tw.maxAgeSeconds ?? Infinity), c.title);
      assert.equal(start % 60, 0);
    }
  });

  it("produces requests the spec's own request validator accepts for positive cases", () => {
    for (const spec of [specs.spec("sls"), specs.spec("live")])
      for (const c of generateCases(spec, { seed: 11 }).filter((x) => x.kind === "positive")) {
        const op = spec.operations.get(c.operationId);
        assert.ok(op);
        const path = resolveBindings(c.request.path, resources) as Record<string, string>;
        const query = Object.fromEntries(
          Object.entries(resolveBindings(c.request.query, resources) as object).map(([k, v]) => [k, String(v)]),
        );
        const r = op.validateRequest({ path, query, body: resolveBindings(c.request.body, resources) });
        assert.ok(r.ok, `${c.title}: ${r.ok ? "" : r.violations.map((v) => v.message).join("; ")}`);
      }
  });

  it("and requests the validator rejects for schema-derived negatives", () => {
    const schemaCategories = new Set(["missing-required", "wrong-type", "below-minimum", "above-maximum"]);
    for (const spec of [specs.spec("sls"), specs.spec("live")])
      for (const c of generateCases(spec, { seed: 11 }).filter((x) => schemaCategories.has(x.expect?.category ?? ""))) {
        const op = spec.operations.get(c.operationId);
        assert.ok(op);
        const query = Object.fromEntries(
          Object.entries(resolveBindings(c.request.query, resources) as object).map(([k, v]) => [k, String(v)]),
        );
        const body = c.request.hasBody ? resolveBindings(c.request.body, resources) : undefined;
        const r = op.validateRequest({
          path: resolveBindings(c.request.path, resources) as Record<string, string>,
          query,
          body,
        });
        assert.equal(r.ok, false, `${c.title} should violate the spec`);
      }
  });

  it("binds resources through the per-operation fixtures table", () => {
    const hb = generateCases(specs.spec("sls"), { seed: 1 }).find((c) => c.operationId === "ConsumerGroupHeartBeat");
    assert.ok(hb);
    assert.deepEqual([...listResources(hb.request).values].sort(), ["consumer", "group", "logstore"]);
    const create = generateCases(specs.spec("sls"), { seed: 1 }).find((c) => c.operationId === "CreateConsumerGroup");
    assert.ok(create && isBinding((create.request.body as Record<string, unknown>).consumerGroup));
  });

  it("generates cases for an operation a new page adds, without any table entry", () => {
    const doc = structuredClone(specs.spec("live").document) as { paths: Record<string, unknown> };
    const copy = structuredClone(doc.paths["/?Action=ListEventSubEvent"]) as { get: Record<string, unknown> };
    copy.get.operationId = "ListEventSub";
    copy.get["x-rpc"] = { action: "ListEventSub", version: "2016-11-01" };
    copy.get.parameters = [{ name: "AppId", in: "query", required: true, schema: { type: "string" } }];
    delete copy.get["x-time-window"];
    doc.paths["/?Action=ListEventSub"] = copy;
    const counts = countBy(generateCases(compileSpec(doc), { seed: 1 }));
    const n = counts.get("ListEventSub");
    assert.ok(n && n.positive + n.negative >= 20, JSON.stringify(n));
  });
});
