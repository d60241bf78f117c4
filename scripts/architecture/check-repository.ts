// Reads a repository from disk and judges it against the layer rules: what test/architecture/layers.test.ts runs
// on this repository and on the temporary trees that test the checker.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { checkLayers, type LayerViolation } from "./check-layers.ts";
import { readRepository } from "./import-graph.ts";
import { LAYERS, type LayerRule, PACKAGES, type PackageRule } from "./layer-rules.ts";

/**
 * Every rule the files under `repoRoot` break. All of each layer's top folder is read (`src/`, `load/`, …), not
 * only the layers' own folders, so a new folder that no row owns is reported instead of going unseen.
 */
export function checkRepository(
  repoRoot: string,
  layers: readonly LayerRule[] = LAYERS,
  packages: readonly PackageRule[] = PACKAGES,
): LayerViolation[] {
  const tops = layers.filter((l) => l.data !== true).map((l) => l.path.replace(/\/.*$/, "/"));
  const roots = [...new Set(tops)].filter((root) => existsSync(join(repoRoot, root)));
  return checkLayers(layers, packages, readRepository(repoRoot, roots));
}
