/**
 * The spec files of a directory: every `<id>.openapi.json` in it (docgen writes one per product), sorted by id.
 * The one place that decides which products exist on disk; loading, validator and type generation and the
 * drift tests all iterate over it, so a new product's spec needs no list to be edited.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { SpecError } from "./spec-error.ts";

/** A spec file and the product id its name gives. */
export interface SpecFile {
  id: string;
  /** `<dir>/<id>.openapi.json` */
  file: string;
}

const SUFFIX = ".openapi.json";

/** The `<id>.openapi.json` files of `dir`, sorted by id; SpecError when the directory is missing or has none. */
export function findSpecFiles(dir: string): SpecFile[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new SpecError(`${dir} cannot be read (${code}): run npm run gen:specs to write the specs there`);
  }
  const found = names
    .filter((n) => n.endsWith(SUFFIX) && n.length > SUFFIX.length)
    .map((n) => ({ id: n.slice(0, -SUFFIX.length), file: join(dir, n) }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (found.length === 0)
    throw new SpecError(
      `no *.openapi.json in ${dir}: run npm run gen:specs (docgen writes one per product from specs/sources/)`,
    );
  return found;
}
