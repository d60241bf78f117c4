/**
 * Golden-file assertion: compares with test/report/golden/NAME; `UPDATE_GOLDEN=1` rewrites the file instead
 * (review the diff before committing it).
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const GOLDEN_DIR = fileURLToPath(new URL("./golden/", import.meta.url));

/** Asserts `actual` equals the golden file `name` (or rewrites it under UPDATE_GOLDEN=1). */
export function assertGolden(name: string, actual: string): void {
  const path = join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === "1") {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  assert.ok(existsSync(path), `golden file ${path} is missing; create it with UPDATE_GOLDEN=1 and review it`);
  assert.equal(actual, readFileSync(path, "utf8"), `output differs from ${path} (UPDATE_GOLDEN=1 to accept)`);
}
