/**
 * `npm run gen:types`: writes `specs/types/<id>.d.ts` (openapi-typescript) for every `specs/<id>.openapi.json`
 * found, as its CLI would (COMMENT_HEADER + the printed AST), so a new product's spec gets its types without a
 * script to edit. test/openapi/types-drift.test.ts regenerates them in memory with `generateTypes` and compares.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import openapiTS, { astToString, COMMENT_HEADER } from "openapi-typescript";
import { findSpecFiles } from "./spec-files.ts";

/** The types file of a spec: `<dir>/types/<id>.d.ts`. */
export function typesFile(dir: string, id: string): string {
  return join(dir, "types", `${id}.d.ts`);
}

/** The `.d.ts` text openapi-typescript prints for a spec file's text. */
export async function generateTypes(specText: string): Promise<string> {
  const doc = JSON.parse(specText) as Parameters<typeof openapiTS>[0];
  return COMMENT_HEADER + astToString(await openapiTS(doc, { silent: true }));
}

/** Regenerates the types of every spec in `dir`; returns the files written. */
export async function writeTypes(dir = "specs"): Promise<string[]> {
  mkdirSync(join(dir, "types"), { recursive: true });
  const written: string[] = [];
  for (const { id, file } of findSpecFiles(dir)) {
    const out = typesFile(dir, id);
    writeFileSync(out, await generateTypes(readFileSync(file, "utf8")));
    written.push(out);
  }
  return written;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const file of await writeTypes(process.argv[2])) console.log(`wrote ${file}`);
}
