/**
 * `npm run gen:validators`: writes `specs/<id>.validators.cjs` for every `specs/<id>.openapi.json` found (see
 * precompiled-validators.ts). Run it after `npm run gen:specs`; the drift test fails until then, and the mock
 * compiles the changed spec at start meanwhile (slower, never stale).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateValidatorModule } from "./precompiled-validators.ts";
import { findSpecFiles } from "./spec-files.ts";

/** The validator module of a spec file: `<dir>/<id>.validators.cjs`. */
export function validatorModuleFile(dir: string, id: string): string {
  return join(dir, `${id}.validators.cjs`);
}

/** Regenerates the validator module of every spec in `dir`; returns the files written. */
export function writeValidatorModules(dir = "specs"): string[] {
  return findSpecFiles(dir).map(({ id, file }) => {
    const out = validatorModuleFile(dir, id);
    writeFileSync(out, generateValidatorModule(readFileSync(file, "utf8"), file));
    return out;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const file of writeValidatorModules(process.argv[2])) console.log(`wrote ${file}`);
}
