/**
 * Contract cases of RPC operations with list parameters (Live CreateEventSub, VPC TagResources, from their reference
 * pages): every case sends `Events.1=…`, `Tag.1.Key=…`, as the official SDKs do (docs/alibaba/rpc-parameters.md),
 * never `Events=…`; what a case sends is what the compiled spec accepts; the missing-required case drops every pair
 * of the list; and `specgate contract` passes against the mock serving them.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { type ResolvedResources, resolveWireRecord } from "../../src/contract-cases/case-model.ts";
import { generateCases } from "../../src/contract-cases/generate-cases.ts";
import { generateDocuments } from "../../src/docgen/docgen.ts";
import { compileSpec } from "../../src/openapi/compile-spec.ts";
import { servePages } from "./pages-mock.ts";
import { readContractSection, runContractCommand } from "./run-contract-command.ts";

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

describe("specgate contract against a mock serving RPC lists", () => {
  const served = servePages(["live-CreateEventSub.txt", "vpc-TagResources.txt"]);

  it("passes every case of CreateEventSub and TagResources", { timeout: 300_000 }, async () => {
    const { ext, mock, out } = served;
    const args = ["--target", mock.url, "--specs", ext.dir, "--out", out, "--seed", "7"];
    const r = await runContractCommand([...args, "--grep", "CreateEventSub|TagResources"], 240_000);
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    const section = readContractSection(out);
    const ops = section.operations.map((o) => [`${o.product} ${o.operationId}`, o.positive, o.negative] as const);
    assert.deepEqual(ops.map(([name]) => name).sort(), ["live CreateEventSub", "vpc TagResources"]);
    for (const [name, positive, negative] of ops) {
      assert.ok(positive.total >= 2 && positive.passed === positive.total, `${name}: ${JSON.stringify(positive)}`);
      assert.ok(negative.total >= 2 && negative.passed === negative.total, `${name}: ${JSON.stringify(negative)}`);
    }
  });
});
