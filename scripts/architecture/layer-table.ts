// Renders the layer rules (scripts/architecture/layer-rules.ts) as ARCHITECTURE.md's tables, and puts them
// between the document's markers. `npm run gen:architecture` runs this file; test/architecture/layers.test.ts
// fails when the document holds other tables than the rules render.
import { readFileSync, writeFileSync } from "node:fs";
import { shortName } from "./check-layers.ts";
import { LAYERS, type LayerRule, PACKAGES, type PackageRule } from "./layer-rules.ts";

export const TABLE_START =
  "<!-- Generated from scripts/architecture/layer-rules.ts by `npm run gen:architecture`: edit the rules, not this. -->";
export const TABLE_END = "<!-- End of the generated tables. -->";

const code = (s: string): string => `\`${s}\``;

function mayImportCell(layer: LayerRule): string {
  if (layer.tooling === true) return "everything";
  const runtime =
    layer.mayImport === "product" ? ["every layer but tooling"] : layer.mayImport.map(shortName).map(code);
  const types = (layer.mayImportTypes ?? []).map((t) => `types of ${code(shortName(t))}`);
  const all = [...runtime, ...types];
  return all.length === 0 ? "—" : all.join(", ");
}

function mustNotCell(layer: LayerRule): string {
  const packages = (layer.mustNotImport ?? []).map(code);
  const calls = (layer.mustNotCall ?? []).map((c) => code(`${c}()`));
  const all = [...packages, ...calls];
  if (all.length === 0) return "—";
  const but = (layer.exceptions ?? []).map((e) => code(e.file.slice(layer.path.length)));
  return but.length === 0 ? all.join(", ") : `${all.join(", ")} (but ${but.join(", ")})`;
}

function layerRow(layer: LayerRule): string {
  return `| ${code(layer.path)} | ${layer.what} | ${mayImportCell(layer)} | ${mustNotCell(layer)} |`;
}

function packageRow(rule: PackageRule): string {
  return `| ${rule.packages.map(code).join(", ")} | ${rule.only.map(shortName).map(code).join(", ")} | ${rule.why} |`;
}

/** The tables and the exceptions' reasons, as Markdown between the markers (included). */
export function renderLayerTables(
  layers: readonly LayerRule[] = LAYERS,
  packages: readonly PackageRule[] = PACKAGES,
): string {
  const exceptions = layers.flatMap((l) =>
    (l.exceptions ?? []).map((e) => `- ${code(e.file)} is exempt from its folder's "must not": ${e.why}.`),
  );
  return [
    TABLE_START,
    "| folder | what | may import | must not import |",
    "| --- | --- | --- | --- |",
    ...layers.map(layerRow),
    "",
    ...exceptions,
    "",
    "Packages that only a few places may import at run time (types may be imported anywhere):",
    "",
    "| package | only in | why |",
    "| --- | --- | --- |",
    ...packages.map(packageRow),
    TABLE_END,
  ].join("\n");
}

/** `document` with the text between its markers replaced by `tables`; throws when a marker is missing. */
export function spliceTables(document: string, tables: string): string {
  const start = document.indexOf(TABLE_START);
  const end = document.indexOf(TABLE_END);
  if (start < 0 || end < start)
    throw new Error(`ARCHITECTURE.md lost its markers: put back the lines\n${TABLE_START}\n${TABLE_END}`);
  return document.slice(0, start) + tables + document.slice(end + TABLE_END.length);
}

/** The generated part of `document`, markers included, or undefined when a marker is missing. */
export function tablesIn(document: string): string | undefined {
  const start = document.indexOf(TABLE_START);
  const end = document.indexOf(TABLE_END);
  return start < 0 || end < start ? undefined : document.slice(start, end + TABLE_END.length);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = "ARCHITECTURE.md";
  writeFileSync(path, spliceTables(readFileSync(path, "utf8"), renderLayerTables()));
  console.log(`${path}: layer tables written from scripts/architecture/layer-rules.ts`);
}
