// Shared helpers of the docgen tests (not a test file itself).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readTable } from "../../src/docgen/detect-table.ts";
import { splitPage } from "../../src/docgen/page-sections.ts";
import { Problems } from "../../src/docgen/problems.ts";
import type { Table } from "../../src/docgen/table-model.ts";

export const SOURCES = "specs/sources";
export const FIXTURES = "test/docgen/fixtures";

/** The committed source pages, sorted. */
export function sourcePages(): { name: string; path: string; text: string }[] {
  return readdirSync(SOURCES)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((name) => ({ name, path: join(SOURCES, name), text: readFileSync(join(SOURCES, name), "utf8") }));
}

/** Reads the first table of a table fixture (first section), lenient or strict. */
export function tableFixture(name: string, lenient = false): { table: Table | undefined; problems: Problems } {
  const text = readFileSync(join(FIXTURES, "tables", name), "utf8");
  const page = splitPage(text);
  const problems = new Problems(name, lenient);
  const last = page.lines.length;
  const table = readTable(page.sections[0]?.lines ?? [], problems, last);
  return { table, problems };
}

/** A documented parameter as the tests read it. */
export interface ParamView {
  name: string;
  in: string;
  required: boolean;
  schema: { type?: string; format?: string; minimum?: number; maximum?: number; enum?: unknown[] };
  example?: unknown;
}

/** Walks a JSON value by keys and indices; a missing step fails with the path that was missing. */
export function dig(value: unknown, ...keys: (string | number)[]): unknown {
  let cur = value;
  const walked: string[] = [];
  for (const k of keys) {
    walked.push(String(k));
    if (cur === null || typeof cur !== "object" || !(k in cur)) {
      throw new Error(`missing ${walked.join(" → ")}`);
    }
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

/** Keys of the object at a path. */
export function keysAt(value: unknown, ...keys: (string | number)[]): string[] {
  return Object.keys(dig(value, ...keys) as object);
}
