import { findCellPerLineHeader, readCellPerLineTable } from "./cell-per-line-table.ts";
import { findGluedHeader, readGluedTable } from "./glued-table.ts";
import type { PageLine } from "./page-sections.ts";
import { isPipeSeparator, readPipeTable } from "./pipe-table.ts";
import type { Problems } from "./problems.ts";
import type { Table, TableStyle } from "./table-model.ts";

/** Which dump style the first table in these lines is written in, by its structure alone. */
export function detectTableStyle(lines: readonly PageLine[]): TableStyle | undefined {
  const candidates: [TableStyle, number][] = [
    ["pipe", lines.findIndex((l) => isPipeSeparator(l.text))],
    ["cell-per-line", findCellPerLineHeader(lines)],
    ["glued", findGluedHeader(lines)],
  ];
  const found = candidates.filter(([, i]) => i >= 0).sort((a, b) => a[1] - b[1]);
  return found[0]?.[0];
}

/** Reads the first table of a section in whatever style it is written; undefined when there is none. */
export function readTable(lines: readonly PageLine[], problems: Problems, pageEnd: number): Table | undefined {
  switch (detectTableStyle(lines)) {
    case "pipe":
      return readPipeTable(lines, problems, pageEnd);
    case "cell-per-line":
      return readCellPerLineTable(lines, problems, pageEnd);
    case "glued":
      return readGluedTable(lines, problems, pageEnd);
    default:
      return undefined;
  }
}
