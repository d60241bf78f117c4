import { alignRow } from "./align-row.ts";
import { classifyColumn } from "./column-names.ts";
import type { PageLine } from "./page-sections.ts";
import type { Problems } from "./problems.ts";
import type { Table, TableRow } from "./table-model.ts";

const SEPARATOR = /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$/;

/** True for a markdown header separator line such as `---|---|---|`. */
export function isPipeSeparator(text: string): boolean {
  return SEPARATOR.test(text.trim());
}

/**
 * Splits text on the cell-closing pipes of a compact markdown table. `\|` and pipes inside backticks
 * are content, not separators. Returns the closed cells (trimmed) and the text after the last pipe
 * (an open cell, or "").
 */
export function splitPipeCells(text: string): { cells: string[]; rest: string } {
  const cells: string[] = [];
  let cur = "";
  let inCode = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\\" && text[i + 1] === "|") {
      cur += "|";
      i++;
    } else if (ch === "`") {
      inCode = !inCode;
      cur += ch;
    } else if (ch === "|" && !inCode) {
      cells.push(cur.trim());
      cur = "";
    } else {
      cur += ch;
    }
  }
  return { cells, rest: cur };
}

function hasCellPipe(text: string): boolean {
  return splitPipeCells(text).cells.length > 0;
}

/**
 * Reads a compact pipe table (style 3): a header (possibly one cell per line) closed by a `---|---|`
 * separator, then rows whose cells may continue on following lines; a row ends when it has as many
 * closed cells as the header. The table ends at a line without a pipe when no row is open, or at the
 * end of the section. `pageEnd` is the page's last line: a table cut there is a truncated page.
 */
export function readPipeTable(lines: readonly PageLine[], problems: Problems, pageEnd: number): Table | undefined {
  const sep = lines.findIndex((l) => isPipeSeparator(l.text));
  if (sep < 1) return undefined;
  let start = sep;
  while (start > 0 && /\|\s*$/.test(lines[start - 1]?.text ?? "")) start--;
  const headerLines = lines.slice(start, sep);
  const headerLine = headerLines[0]?.n ?? lines[sep]?.n ?? 0;
  let headerText = headerLines.map((l) => l.text).join("\n");
  if (headerText.trimStart().startsWith("|")) headerText = headerText.trimStart().slice(1);
  const header = splitPipeCells(headerText).cells;
  const sepCount = splitPipeCells(lines[sep]?.text ?? "").cells.filter((c) => c !== "").length;
  if (header.length === 0) {
    problems.report(headerLine, "table separator has no header row above it", "restore the table's header line");
    return undefined;
  }
  if (sepCount !== 0 && sepCount !== header.length) {
    problems.report(
      headerLine,
      `table header has ${header.length} cells but its separator has ${sepCount}`,
      "restore the missing header cell or separator segment",
    );
  }
  const columns = header.map(classifyColumn);
  const table: Table = { style: "pipe", columns, header, line: headerLine, rows: [] };
  const width = header.length;
  let cells: string[] = [];
  let buf = "";
  let rowLine = 0;
  let lastLine = lines[sep]?.n ?? 0;
  const flush = (atEnd: boolean): void => {
    if (buf.trim() !== "") {
      problems.report(
        rowLine,
        `table cell is cut off: text after the last '|' is never closed (table at line ${headerLine})`,
        "the page looks truncated; copy the complete table from the documentation",
      );
    } else if (cells.length > 0) {
      if (atEnd) {
        problems.report(
          rowLine,
          `page ends inside a table: row has ${cells.length} of ${width} cells`,
          "the page looks truncated; copy the complete page",
        );
      } else {
        pushRow(table, cells, rowLine, problems);
      }
    }
    cells = [];
    buf = "";
  };
  for (const line of lines.slice(sep + 1)) {
    const rowOpen = cells.length > 0 || buf.trim() !== "";
    if (!rowOpen) {
      if (line.text.trim() === "" || !hasCellPipe(line.text)) break;
      rowLine = line.n;
    }
    lastLine = line.n;
    let text = line.text;
    if (!rowOpen && text.trimStart().startsWith("|")) text = text.trimStart().slice(1);
    const split = splitPipeCells(buf === "" ? text : `${buf}\n${text}`);
    cells.push(...split.cells);
    buf = split.rest;
    if (cells.length >= width) {
      if (cells.length > width) {
        problems.report(
          rowLine,
          `table row has ${cells.length} cells but the header has ${width} (an unescaped '|' in a cell?)`,
          "escape a literal pipe inside a cell as '\\|'",
        );
        cells = cells.slice(0, width);
      }
      table.rows.push({ cells, line: rowLine });
      cells = [];
      buf = "";
    }
  }
  flush(lastLine >= pageEnd);
  return table;
}

/** Adds a short row, aligned on its Type cell; reports a row that cannot be aligned. */
export function pushRow(table: Table, cells: readonly string[], line: number, problems: Problems): void {
  // Tables without a Type column (errors, authorization) have nothing to anchor on: pad at the end.
  const aligned = table.columns.includes("type")
    ? alignRow(cells, table.columns)
    : cells.length <= table.columns.length
      ? [...cells, ...Array.from({ length: table.columns.length - cells.length }, () => "")]
      : undefined;
  if (aligned === undefined) {
    problems.report(
      line,
      `table row has ${cells.length} of ${table.columns.length} cells and no Type cell to align it on`,
      "restore the row's missing cells",
    );
    return;
  }
  const row: TableRow = { cells: aligned, line };
  table.rows.push(row);
}
