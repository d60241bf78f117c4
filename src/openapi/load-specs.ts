/**
 * `loadSpecs`: the thin I/O shell around `compileSpec`. Reads every `specs/<id>.openapi.json` once per process
 * (cached per resolved directory), compiles each, taking the validators from `specs/<id>.validators.cjs` when
 * that module was generated from the same text (precompiled-validators.ts: saves ~0.25 s of start-up), and pairs
 * it with its product entry from the registry (src/products/registry.ts): a module for SLS and Live, a generic
 * entry built from the spec for any other product.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { ProductDefinition } from "../products/product-definition.ts";
import { productForDocument } from "../products/registry.ts";
import { compileSpec } from "./compile-spec.ts";
import type { CompiledSpec } from "./compiled-spec.ts";
import { loadPrecompiledValidators } from "./precompiled-validators.ts";
import { SpecError } from "./spec-error.ts";
import { findSpecFiles, type SpecFile } from "./spec-files.ts";

/** One product: its registry entry and its compiled spec. */
export interface LoadedProduct {
  readonly definition: ProductDefinition;
  readonly spec: CompiledSpec;
  /** The spec file it was compiled from. */
  readonly file: string;
}

/** Every product whose spec is in the directory. */
export interface LoadedSpecs {
  /** By product id, sorted by id. */
  readonly products: ReadonlyMap<string, LoadedProduct>;
  /** The compiled spec of product `id`; a SpecError naming the products found when there is none. */
  spec(id: string): CompiledSpec;
  /** The registry entry of product `id`; a SpecError naming the products found when there is none. */
  definition(id: string): ProductDefinition;
}

const cache = new Map<string, LoadedSpecs>();

function readSpecText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new SpecError(
      code === "ENOENT"
        ? `${file} not found: run npm run gen:specs (docgen writes it from specs/sources/ and specs/overlays/)`
        : `${file} cannot be read (${code ?? (err as Error).message}): check its permissions, or run npm run gen:specs`,
    );
  }
}

function parseSpecText(file: string, text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new SpecError(
      `${file} is not valid JSON (${(err as Error).message}): run npm run gen:specs to regenerate it`,
    );
  }
}

/** Reads, compiles and pairs one spec file with its product entry. */
function loadSpecFile(dir: string, { id, file }: SpecFile): LoadedProduct {
  const text = readSpecText(file);
  const doc = parseSpecText(file, text);
  const precompiled = loadPrecompiledValidators(join(dir, `${id}.validators.cjs`), text);
  let spec: CompiledSpec;
  let definition: ProductDefinition;
  try {
    spec = compileSpec(doc, precompiled === undefined ? { adopt: true } : { precompiled, adopt: true });
    definition = productForDocument(spec.document);
  } catch (err) {
    if (err instanceof SpecError) throw new SpecError(`${file}: ${err.message}`);
    throw err;
  }
  if (spec.product.id !== id)
    throw new SpecError(
      `${file} describes product '${spec.product.id}', expected '${id}' (the file name): rename it ${spec.product.id}.openapi.json or run npm run gen:specs`,
    );
  return Object.freeze({ definition, spec, file });
}

/** The LoadedSpecs view over a product map. */
function specsOf(products: ReadonlyMap<string, LoadedProduct>, where = "specs"): LoadedSpecs {
  const get = (id: string): LoadedProduct => {
    const found = products.get(id);
    if (found === undefined)
      throw new SpecError(
        `no spec of product '${id}' in ${where} (found: ${[...products.keys()].join(", ") || "none"}): add its reference pages to specs/sources/ and run npm run gen:specs`,
      );
    return found;
  };
  const loaded: LoadedSpecs = {
    products,
    spec: (id) => get(id).spec,
    definition: (id) => get(id).definition,
  };
  return Object.freeze(loaded);
}

/** Loads and compiles every spec in `dir` (default `specs`), once per process per directory. */
export function loadSpecs(dir = "specs"): LoadedSpecs {
  const key = resolve(dir);
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const products = new Map(findSpecFiles(key).map((f) => [f.id, loadSpecFile(key, f)] as const));
  const loaded = specsOf(products, dir);
  cache.set(key, loaded);
  return loaded;
}
