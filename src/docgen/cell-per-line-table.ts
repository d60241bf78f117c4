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
class Tokeniser {
  readonly rows: RawRow[] = [];
  private row: RawRow | undefined;
  open: { text: string; line: number } | undefined;

  /** A line while a cell is open: it continues the cell, and closes it when it ends with `|`. */
  private continueCell(t: string): void {
    const open = this.open;
    if (open === undefined) return;
    if (!t.endsWith("|")) {
      open.text += `\n${t}`;
      return;
    }
    open.text += `\n${t.slice(0, -1)}`;
    this.row?.cells.push(open.text.trim());
    this.open = undefined;
  }

  /** A row opener (`|`, `||`, `| name |`); returns the rest of the line still to read as a cell. */
  private openRow(t: string, n: number): string {
    const row: RawRow = { cells: [], line: n };
    this.row = row;
    this.rows.push(row);
    const rest = t.slice(1).trim();
    if (rest !== "|") return rest;
    row.cells.push("");
    return "";
  }

  line(line: PageLine): void {
    let t = line.text.trim();
    // `|||` after a row's last stated cell: the row's remaining cells are empty (not a new row).
    if (this.open === undefined && this.row !== undefined && /^\|{3,}$/.test(t)) {
      for (let i = 1; i < t.length; i++) this.row.cells.push("");
      return;
    }
    if (this.open !== undefined) {
      this.continueCell(t);
      return;
    }
    if (t === "") return;
    if (opensRow(t)) t = this.openRow(t, line.n);
    if (t === "" || this.row === undefined) return;
    if (t.endsWith("|")) this.row.cells.push(t.slice(0, -1).trim());
    else this.open = { text: t, line: line.n };
  }
}

function tokenise(lines: readonly PageLine[]): { rows: RawRow[]; open?: { text: string; line: number } } {
  const t = new Tokeniser();
  for (const line of lines) t.line(line);
  return t.open === undefined ? { rows: t.rows } : { rows: t.rows, open: t.open };
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
