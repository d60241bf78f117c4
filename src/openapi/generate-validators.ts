/**
 * `npm run gen:validators`: writes `specs/<id>.validators.cjs` for each committed spec (see
 * precompiled-validators.ts). Run it after `npm run gen:specs`; the drift test fails until then, and the mock
 * compiles the changed spec at start meanwhile (slower, never stale).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateValidatorModule } from "./precompiled-validators.ts";

/** The products whose specs are committed under `specs/`. */
export const SPEC_IDS = ["sls", "live"] as const;

/** Regenerates the validator module of every committed spec in `dir`; returns the files written. */
export function writeValidatorModules(dir = "specs"): string[] {
  return SPEC_IDS.map((id) => {
    const source = join(dir, `${id}.openapi.json`);
    const out = join(dir, `${id}.validators.cjs`);
    writeFileSync(out, generateValidatorModule(readFileSync(source, "utf8"), source));
    return out;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const file of writeValidatorModules()) console.log(`wrote ${file}`);
}
