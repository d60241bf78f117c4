// Judges a repository's imports against the layer rules (scripts/architecture/layer-rules.ts). Pure: it is
// given the files, their imports and their calls; test/architecture/layers.test.ts reads them from disk.
import { builtinModules } from "node:module";
import type { FileImports, ImportEdge } from "./import-graph.ts";
import type { LayerRule, PackageRule } from "./layer-rules.ts";

/** One broken rule: where, and which rule, in a line a maintainer can act on. */
export interface LayerViolation {
  file: string;
  line: number;
  message: string;
}

/** The layer that owns `path`: the longest layer path that is the path itself or a folder holding it. */
export function layerOf(layers: readonly LayerRule[], path: string): LayerRule | undefined {
  let owner: LayerRule | undefined;
  for (const layer of layers) {
    const holds = layer.path.endsWith("/") ? path.startsWith(layer.path) : path === layer.path;
    if (holds && (owner === undefined || layer.path.length > owner.path.length)) owner = layer;
  }
  return owner;
}

/** The package a bare specifier names: `ajv/dist/2020.js` → `ajv`, `@scope/pkg/x` → `@scope/pkg`. */
export function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] as string);
}

const BUILTINS = new Set(builtinModules);

/** True when `specifier` is what `pattern` names: `node:*`, a `node:` module, or a package. */
export function matchesPackage(pattern: string, specifier: string): boolean {
  const isBuiltin = specifier.startsWith("node:") || BUILTINS.has(packageOf(specifier));
  if (pattern === "node:*") return isBuiltin;
  if (pattern.startsWith("node:")) {
    const name = specifier.replace(/^node:/, "");
    const wanted = pattern.slice("node:".length);
    return isBuiltin && (name === wanted || name.startsWith(`${wanted}/`));
  }
  return packageOf(specifier) === pattern;
}

/** True when `ref` (a layer path or a file) covers the file `path`, given the layer that owns it. */
function covers(ref: string, path: string, owner: LayerRule | undefined): boolean {
  return ref.endsWith("/") ? owner?.path === ref : ref === path;
}

/** A short name for a layer or file in messages and tables: `src/` and a folder's trailing `/` dropped. */
export function shortName(ref: string): string {
  return ref.replace(/^src\//, "").replace(/\/$/, "");
}

function allowedList(layer: LayerRule): string {
  const code = layer.mayImport === "product" ? ["every product layer"] : layer.mayImport.map(shortName);
  const types = (layer.mayImportTypes ?? []).map((t) => `types of ${shortName(t)}`);
  const all = [...code, ...types];
  return all.length === 0 ? "nothing outside itself" : all.join(", ");
}

function checkLocalImport(layers: readonly LayerRule[], layer: LayerRule, edge: ImportEdge): string | undefined {
  const target = layerOf(layers, edge.target);
  if (target === undefined) return `imports ${edge.target}, which no layer owns: add it to a layer's row`;
  if (target === layer || layer.tooling === true) return undefined;
  if (target.tooling === true)
    return `imports ${edge.target}: ${shortName(target.path)} is tooling, which product code never imports`;
  if (layer.mayImport === "product") return undefined;
  if (layer.mayImport.some((ref) => covers(ref, edge.target, target))) return undefined;
  if (edge.typeOnly && (layer.mayImportTypes ?? []).some((ref) => covers(ref, edge.target, target))) return undefined;
  return `imports ${edge.target}: ${layer.path} may import ${allowedList(layer)}`;
}

function isExempt(layer: LayerRule, file: string): boolean {
  return (layer.exceptions ?? []).some((e) => e.file === file);
}

function checkPackageImport(
  layer: LayerRule,
  packages: readonly PackageRule[],
  layers: readonly LayerRule[],
  edge: ImportEdge,
): string | undefined {
  // Types are erased at compile time, and tooling may use any package.
  if (edge.typeOnly || layer.tooling === true) return undefined;
  if (!isExempt(layer, edge.from)) {
    const banned = (layer.mustNotImport ?? []).find((p) => matchesPackage(p, edge.target));
    if (banned !== undefined) return `imports ${edge.target}: ${layer.path} must not import ${banned}`;
  }
  const owned = packages.find((rule) => rule.packages.some((p) => matchesPackage(p, edge.target)));
  if (owned === undefined) return undefined;
  const owner = layerOf(layers, edge.from);
  if (owned.only.some((ref) => covers(ref, edge.from, owner))) return undefined;
  return `imports ${edge.target}, which only ${owned.only.map(shortName).join(", ")} may: ${owned.why}`;
}

/** Every rule `files` break, in file and line order. */
export function checkLayers(
  layers: readonly LayerRule[],
  packages: readonly PackageRule[],
  files: readonly FileImports[],
): LayerViolation[] {
  const violations = files.flatMap((file) => checkFile(layers, packages, file));
  return violations.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

function checkFile(
  layers: readonly LayerRule[],
  packages: readonly PackageRule[],
  file: FileImports,
): LayerViolation[] {
  const layer = layerOf(layers, file.path);
  if (layer === undefined)
    return [{ file: file.path, line: 1, message: "belongs to no layer: add it to a layer's row" }];
  const violations: LayerViolation[] = [];
  for (const edge of file.imports) {
    const message = edge.local
      ? checkLocalImport(layers, layer, edge)
      : checkPackageImport(layer, packages, layers, edge);
    if (message !== undefined) violations.push({ file: file.path, line: edge.line, message });
  }
  if (isExempt(layer, file.path)) return violations;
  for (const call of file.calls) {
    if (layer.mustNotCall?.includes(call.name))
      violations.push({
        file: file.path,
        line: call.line,
        message: `calls ${call.name}: ${layer.path} must not (time comes from the injected clock)`,
      });
  }
  return violations;
}

/** The layers and files a row names: what it may import, and its exceptions. */
function namedIn(layer: LayerRule): string[] {
  return [
    ...(layer.mayImport === "product" ? [] : layer.mayImport),
    ...(layer.mayImportTypes ?? []),
    ...(layer.exceptions ?? []).map((e) => e.file),
  ];
}

/** Rules that name a layer or file that is not there: a renamed folder must rename its row too. */
export function checkRuleTargets(
  layers: readonly LayerRule[],
  packages: readonly PackageRule[],
  exists: (path: string) => boolean,
): string[] {
  const problems: string[] = [];
  const known = (ref: string): boolean =>
    ref.endsWith("/") ? layers.some((l) => l.path === ref) && exists(ref) : exists(ref);
  for (const layer of layers) {
    if (!exists(layer.path)) problems.push(`layer ${layer.path} does not exist`);
    for (const ref of namedIn(layer))
      if (!known(ref)) problems.push(`${layer.path} names ${ref}, which is not a layer or file`);
  }
  for (const rule of packages)
    for (const ref of rule.only)
      if (!known(ref)) problems.push(`the ${rule.packages.join("/")} rule names ${ref}, which is not a layer or file`);
  return problems;
}
