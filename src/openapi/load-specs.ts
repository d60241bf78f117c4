/**
 * `loadSpecs`: the thin I/O shell around `compileSpec`. Reads `specs/sls.openapi.json` and
 * `specs/live.openapi.json` once per process (cached per resolved directory) and compiles both, taking the
 * validators from `specs/<id>.validators.cjs` when that module was generated from the same text
 * (precompiled-validators.ts: saves ~0.25 s of start-up).
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { compileSpec } from "./compile-spec.ts";
import type { CompiledSpec } from "./compiled-spec.ts";
import { loadPrecompiledValidators } from "./precompiled-validators.ts";
import { SpecError } from "./spec-error.ts";

/** Both products' compiled specs. */
export interface LoadedSpecs {
  sls: CompiledSpec;
  live: CompiledSpec;
}

const cache = new Map<string, LoadedSpecs>();

function loadOne(dir: string, id: keyof LoadedSpecs): CompiledSpec {
  const file = join(dir, `${id}.openapi.json`);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new SpecError(
      code === "ENOENT"
        ? `${file} not found: run npm run gen:specs (docgen writes it from specs/sources/ and specs/overlays/)`
        : `${file} cannot be read (${code ?? (err as Error).message}): check its permissions, or run npm run gen:specs`,
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new SpecError(
      `${file} is not valid JSON (${(err as Error).message}): run npm run gen:specs to regenerate it`,
    );
  }
  const precompiled = loadPrecompiledValidators(join(dir, `${id}.validators.cjs`), text);
  let spec: CompiledSpec;
  try {
    spec = compileSpec(doc, precompiled === undefined ? {} : { precompiled });
  } catch (err) {
    if (err instanceof SpecError) throw new SpecError(`${file}: ${err.message}`);
    throw err;
  }
  if (spec.product.id !== id)
    throw new SpecError(`${file} describes product '${spec.product.id}', expected '${id}': run npm run gen:specs`);
  return spec;
}

/** Loads and compiles both committed specs from `dir` (default `specs`), once per process per directory. */
export function loadSpecs(dir = "specs"): LoadedSpecs {
  const key = resolve(dir);
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const loaded: LoadedSpecs = Object.freeze({ sls: loadOne(key, "sls"), live: loadOne(key, "live") });
  cache.set(key, loaded);
  return loaded;
}
