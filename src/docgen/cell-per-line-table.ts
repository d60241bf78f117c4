import { classifyColumn } from "./column-names.ts";
import type { PageLine } from "./page-sections.ts";
import { keepPartialRow, pushRow } from "./pipe-table.ts";
import type { Problems } from "./problems.ts";
import type { Table } from "./table-model.ts";

interface RawRow {
  cells: string[];
  line: number;
}

/** True when a line opens a row of a cell-per-line table: a bare `|`, `||`, or `| cell |`. */
function opensRow(t: string): boolean {
  return t === "|" || t.startsWith("| ") || t.startsWith("||");
}

/** Index of the header row's opening line: a row opener followed by known column names. */
export function findCellPerLineHeader(lines: readonly PageLine[]): number {
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]?.text.trim() ?? "";
    if (!opensRow(t)) continue;
    const rows = tokenise(lines.slice(i, i + 12)).rows;
    const header = rows[0]?.cells ?? [];
    if (header.filter((c) => classifyColumn(c) !== undefined).length >= 2) return i;
  }
  return -1;
}

/**
 * Turns the lines of a cell-per-line dump into raw rows. Each cell ends with a line ending in `|`;
 * a line starting with `|` (`|`, `||`, `| name |`) opens a new row; a line without a closing pipe
 * starts a cell that continues until a line closes it (`*All Resource` then `|`). A pipe inside a
 * line is content (`a|b |` is the cell `a|b`).
 */
function tokenise(lines: readonly PageLine[]): { rows: RawRow[]; open?: { text: string; line: number } } {
  const rows: RawRow[] = [];
  let row: RawRow | undefined;
  let open: { text: string; line: number } | undefined;
  for (const line of lines) {
    let t = line.text.trim();
    if (open !== undefined) {
      if (t.endsWith("|")) {
        open.text += `\n${t.slice(0, -1)}`;
        row?.cells.push(open.text.trim());
        open = undefined;
      } else {
        open.text += `\n${t}`;
      }
      continue;
    }
    if (t === "") continue;
    if (opensRow(t)) {
      row = { cells: [], line: line.n };
      rows.push(row);
      t = t.slice(1).trim();
      if (t === "") continue;
      if (t === "|") {
        row.cells.push("");
        continue;
      }
    }
    if (row === undefined) continue;
    if (t.endsWith("|")) row.cells.push(t.slice(0, -1).trim());
    else open = { text: t, line: line.n };
  }
  return open === undefined ? { rows } : { rows, open };
}

/**
 * Reads a cell-per-line table (style 1, e.g. sls-ConsumerGroupHeartBeat): one cell per line, rows opened
 * by a line starting with `|`. The dump drops some empty cells, so short rows are aligned on their Type
 * cell. The table runs to the end of the section; `pageEnd` is the page's last line (a cut there is a
 * truncated page).
 */
export function readCellPerLineTable(
  lines: readonly PageLine[],
  problems: Problems,
  pageEnd: number,
): Table | undefined {
  const at = findCellPerLineHeader(lines);
  if (at < 0) return undefined;
  const region = lines.slice(at);
  const { rows, open } = tokenise(region);
  const [head, ...data] = rows;
  if (head === undefined) return undefined;
  const columns = head.cells.map(classifyColumn);
  const table: Table = { style: "cell-per-line", columns, header: head.cells, line: head.line, rows: [] };
  const lastLine = region[region.length - 1]?.n ?? 0;
  // The row holding a cut-off cell is incomplete: it is reported below, not half-read.
  const complete = open === undefined ? data : data.slice(0, -1);
  const body = complete.filter((r) => r.cells.some((c) => c !== ""));
  body.forEach((r, i) => {
    const isLast = i === body.length - 1;
    if (isLast && open === undefined && lastLine >= pageEnd && r.cells.length < columns.length) {
      problems.report(
        r.line,
        `page ends inside a table: row has ${r.cells.length} of ${columns.length} cells`,
        "copy the complete page",
      );
      keepPartialRow(table, r.cells, r.line, problems);
      return;
    }
    pushRow(table, r.cells, r.line, problems);
  });
  if (open !== undefined) {
    problems.report(
      open.line,
      `table cell is cut off: '${open.text.split("\n")[0]}' is never closed by '|' (table at line ${head.line})`,
      "copy the complete table from the documentation",
    );
    const cut = data[data.length - 1];
    if (cut !== undefined) keepPartialRow(table, [...cut.cells, open.text.trim()], cut.line, problems);
  }
  return table;
}
