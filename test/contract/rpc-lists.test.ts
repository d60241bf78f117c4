/**
 * Contract cases of an RPC operation with list parameters (Live CreateEventSub, from its reference page): every
 * case sends `Events.1=…`, as the official SDKs do (docs/alibaba/rpc-parameters.md), never `Events=…`, and what it
 * sends is what the compiled spec accepts; the missing-required case drops every pair of the list.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { type ResolvedResources, resolveWireRecord } from "../../src/contract-cases/case-model.ts";
import { generateCases } from "../../src/contract-cases/generate-cases.ts";
import { generateDocuments } from "../../src/docgen/docgen.ts";
import { compileSpec } from "../../src/openapi/compile-spec.ts";

const PAGE = "test/docgen/corpus/pages/live-CreateEventSub.txt";
const [doc] = generateDocuments([{ name: "live-CreateEventSub.txt", text: readFileSync(PAGE, "utf8") }], {
  lenient: true,
});
const spec = compileSpec(doc?.document);
const op = spec.operations.get("CreateEventSub");
const resources: ResolvedResources = { nowSeconds: 1_800_000_000, get: (name) => `<${name}>`, count: () => 4 };

describe("contract cases of RPC lists", () => {
  const cases = generateCases(spec, { seed: 7 }).filter((c) => c.operationId === "CreateEventSub");

  it("send every list as numbered pairs, and every positive case is one the spec accepts", () => {
    const positives = cases.filter((c) => c.kind === "positive");
    assert.ok(positives.length >= 10);
    for (const c of positives) {
      const query = resolveWireRecord(c.request.query, resources);
      assert.ok(!("Events" in query) && !("Users" in query), JSON.stringify(query));
      assert.ok(
        Object.keys(query).some((k) => /^Events\.[1-9]\d*$/.test(k)),
        JSON.stringify(query),
      );
      const checked = op?.validateRequest({ path: {}, query });
      assert.equal(checked?.ok, true, `${c.title}: ${JSON.stringify(checked)}`);
      assert.ok(Array.isArray(checked?.ok ? checked.params.Events : undefined));
    }
    assert.ok(
      positives.some((c) => Object.keys(c.request.query).some((k) => k.startsWith("Users."))),
      "the optional list is drawn too",
    );
  });

  it("drops every pair of a required list for its missing-required case", () => {
    const missing = cases.find((c) => c.title.endsWith("missing required query.Events"));
    assert.ok(missing, cases.map((c) => c.title).join("\n"));
    const query = resolveWireRecord(missing.request.query, resources);
    assert.ok(!Object.keys(query).some((k) => k.startsWith("Events")), JSON.stringify(query));
    const checked = op?.validateRequest({ path: {}, query });
    assert.deepEqual(checked?.ok ? [] : checked?.violations.map((v) => [v.parameter, v.actual]), [
      ["Events", "(missing)"],
    ]);
  });
});
