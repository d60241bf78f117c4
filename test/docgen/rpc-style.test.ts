/**
 * docgen records how each RPC list or object parameter travels (`x-rpc-style`, docs/spec-contract.md#extensions,
 * docs/alibaba/rpc-parameters.md#styles): `Users.N`, `Tag.N.Key`, `Filter.1.Key` rows fold into flattened lists,
 * `SystemDisk.Category` rows into a flattened object, a JSON description or example makes `json`, a comma-separated
 * list `simple`; the spec compiles, passes redocly lint, and validates exactly the pairs the SDKs send.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { lintSpecs } from "../../scripts/lint-specs.ts";
import { generateDocuments } from "../../src/docgen/docgen.ts";
import { compileSpec } from "../../src/openapi/compile-spec.ts";
import { flattenRpcValue } from "../../src/openapi/flatten-rpc-value.ts";
import { dig, widgetPage } from "./helpers.ts";

const PAGE = widgetPage({
  operation: "TagWidgets",
  summary: "Tags widgets.",
  request: [
    "WidgetId.N String Yes w-1 The ID of widget N. Valid values of N: 1 to 20.",
    "Tag.N.Key String Yes k1 The key of tag N.",
    "Tag.N.Value String No v1 The value of tag N.",
    "Filter.1.Key String No k The key of filter 1.",
    "Filter.1.Value String No v The value of filter 1.",
    "Filter.2.Key String No k The key of filter 2.",
    "SystemDisk.Category String No cloud_ssd The category of the system disk.",
    "SystemDisk.Size Integer No 40 The size of the system disk.",
    'Labels Array No ["a","b"] The labels.',
    "Zones Array No a,b The zones, separated by commas.",
    "Options Object No k The options, a JSON string.",
    "PageSize Integer No 10 The number of entries per page.",
  ],
});

const dir = mkdtempSync(join(tmpdir(), "specgate-rpc-style-"));
after(() => rmSync(dir, { recursive: true, force: true }));

type Param = { name: string; required: boolean; schema: Record<string, unknown>; style?: string; explode?: boolean };

function generated(): { document: Record<string, unknown>; params: (Param & { "x-rpc-style"?: string })[] } {
  const [d] = generateDocuments([{ name: "saved.txt", text: PAGE }]);
  const document = d?.document ?? {};
  const params = dig(document, "paths", "/?Action=TagWidgets", "get", "parameters") as Param[];
  return { document, params };
}

test("docgen writes x-rpc-style for every RPC list and object, as the page states it", () => {
  const { params } = generated();
  assert.deepEqual(
    params.map((p) => [p.name, p.schema.type, p["x-rpc-style"]]),
    [
      ["WidgetId", "array", "repeatList"],
      ["Tag", "array", "repeatList"],
      ["Filter", "array", "repeatList"],
      ["SystemDisk", "object", "flat"],
      ["Labels", "array", "json"],
      ["Zones", "array", "simple"],
      ["Options", "object", "json"],
      ["PageSize", "integer", undefined],
    ],
  );
  const byName = new Map(params.map((p) => [p.name, p]));
  assert.deepEqual(Object.keys(dig(byName.get("Tag"), "schema", "items", "properties") as object), ["Key", "Value"]);
  assert.deepEqual(dig(byName.get("Tag"), "schema", "items", "required"), ["Key"]);
  assert.deepEqual(Object.keys(dig(byName.get("Filter"), "schema", "items", "properties") as object), ["Key", "Value"]);
  assert.deepEqual(dig(byName.get("SystemDisk"), "schema", "properties", "Size", "type"), "integer");
  assert.deepEqual([byName.get("Zones")?.style, byName.get("Zones")?.explode], ["form", false]);
  assert.equal(byName.get("WidgetId")?.required, true);
});

test("the spec compiles, passes redocly lint, and takes the pairs the official SDKs send", () => {
  const { document } = generated();
  const file = join(dir, "widget.openapi.json");
  writeFileSync(file, JSON.stringify(document, null, 2));
  const lint = lintSpecs([file]);
  assert.equal(lint.errors, 0, lint.problems.join("\n"));
  const op = compileSpec(document).matchRpc("TagWidgets");
  const values = {
    WidgetId: ["w-1", "w-2"],
    Tag: [{ Key: "k1", Value: "v1" }, { Key: "k2" }],
    Filter: [{ Key: "a" }],
    SystemDisk: { Category: "cloud_ssd", Size: 40 },
    Labels: ["a", "b"],
    Zones: ["z1", "z2"],
    Options: { k: "v" },
    PageSize: 10,
  };
  const styles = new Map(op?.parameters.map((p) => [p.name, p.rpcStyle]));
  const query = Object.fromEntries(
    Object.entries(values).flatMap(([name, v]) => flattenRpcValue(name, v, styles.get(name))),
  );
  assert.equal(query["Tag.2.Key"], "k2");
  assert.equal(query.Labels, '["a","b"]');
  assert.deepEqual(op?.validateRequest({ path: {}, query }), { ok: true, params: values });
});
