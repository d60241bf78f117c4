import type { ColumnKey } from "./column-names.ts";
import { parseFieldType } from "./field-type.ts";

/**
 * Aligns a row whose dump dropped empty cells to the table's columns. Both the cell-per-line and the
 * compact pipe dumps omit some empty cells (an unnamed array-item row loses its Parameter cell, a row
 * without an example loses its Example cell), so the row is anchored on its Type cell: cells before it
 * fill the columns before Type, cells after it fill the later columns, leaving Example empty first
 * (the column most often blank on these pages). Returns undefined when the row cannot be aligned.
 */
export function alignRow(cells: readonly string[], columns: readonly (ColumnKey | undefined)[]): string[] | undefined {
  if (cells.length === columns.length) return [...cells];
  if (cells.length > columns.length) return undefined;
  const typeCol = columns.indexOf("type");
  if (typeCol < 0) return undefined;
  const anchor = cells.findIndex((c) => parseFieldType(c) !== undefined);
  if (anchor < 0 || anchor > typeCol) return undefined;
  const out: string[] = columns.map(() => "");
  const before = cells.slice(0, anchor);
  // The columns before Type are the name (and rarely a location); a dropped cell there is the name.
  const beforeCols = Array.from({ length: typeCol }, (_, i) => i);
  const offset = beforeCols.length - before.length;
  before.forEach((c, i) => {
    out[(beforeCols[i + offset] ?? i) as number] = c;
  });
  out[typeCol] = cells[anchor] ?? "";
  const after = cells.slice(anchor + 1);
  let afterCols = columns.map((_, i) => i).filter((i) => i > typeCol);
  if (after.length > afterCols.length) return undefined;
  // Leave Example (then Required) empty first; everything else is filled in order.
  for (const skip of ["example", "required"] as const) {
    if (after.length < afterCols.length) {
      const i = afterCols.findIndex((c) => columns[c] === skip);
      if (i >= 0) afterCols = afterCols.filter((_, k) => k !== i);
    }
  }
  after.forEach((c, i) => {
    const col = afterCols[i];
    if (col !== undefined) out[col] = c;
  });
  return out;
}
