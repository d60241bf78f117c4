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

/**
 * A made-up RPC reference page of a product docgen has no row for ("Elastic Widget Service", host
 * widget.cn-hangzhou.aliyuncs.com, version 2021-02-03), its tables in the space-separated layout: the
 * `Action` row and the `RequestId` response row are written here, the sample request ends in `query`.
 */
export function widgetPage(page: {
  operation: string;
  summary: string;
  /** Sections between the summary and "Request parameters" (e.g. a QPS limit). */
  before?: readonly string[];
  request: readonly string[];
  response?: readonly string[];
  query?: string;
}): string {
  const op = page.operation;
  return [
    `Elastic Widget Service:${op}`,
    "",
    page.summary,
    "",
    ...(page.before ?? []).flatMap((l) => [l, ""]),
    "Request parameters",
    "",
    "Parameter Type Required Example Description",
    `Action String Yes ${op} The operation that you want to perform.`,
    ...page.request,
    "",
    "Response parameters",
    "",
    "Parameter Type Example Description",
    "RequestId String 1A-2B The request ID.",
    ...(page.response ?? []),
    "",
    "Examples",
    "",
    `https://widget.cn-hangzhou.aliyuncs.com/?Action=${op}&Version=2021-02-03${page.query ?? ""}`,
  ].join("\n");
}
