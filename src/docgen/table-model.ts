import type { ColumnKey } from "./column-names.ts";

/** How a table was written in the text dump (see the style parsers). */
export type TableStyle = "pipe" | "cell-per-line" | "glued" | "spaced" | "lines";

/** One data row, aligned to the table's columns (missing cells are ""). */
export interface TableRow {
  cells: string[];
  /** Line where the row starts. */
  line: number;
}

/** A table read from a page, whatever its dump style. */
export interface Table {
  style: TableStyle;
  /** Column meanings; `undefined` for a header docgen does not know. */
  columns: (ColumnKey | undefined)[];
  /** Header cells as written. */
  header: string[];
  /** Line of the header. */
  line: number;
  rows: TableRow[];
}

/** The cell of a row under a column key, or undefined when the table has no such column. */
export function cellOf(table: Table, row: TableRow, key: ColumnKey): string | undefined {
  const i = table.columns.indexOf(key);
  return i < 0 ? undefined : (row.cells[i] ?? "");
}
