import { alignRow } from "./align-row.ts";
import { classifyColumn } from "./column-names.ts";
import { parseFieldType } from "./field-type.ts";
import type { PageLine } from "./page-sections.ts";
import type { Problems } from "./problems.ts";
import type { Table, TableRow } from "./table-model.ts";

const SEPARATOR = /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$/;

/** True for a markdown header separator line such as `---|---|---|`. */
function isPipeSeparator(text: string): boolean {
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

/** Where a pipe table's header starts, where its rows start, and whether a `---|` line separates them. */
export interface PipeHeader {
  start: number;
  body: number;
  separator?: number;
}

function isHeaderCells(cells: readonly string[]): boolean {
  return cells.length > 0 && cells.every((c) => classifyColumn(c) !== undefined);
}

// Without a separator line, the header is a run of lines made only of column names and pipes, one line
// (`Action | Access level | …`) or one cell per line (`名称 |`, `类型 |`, …).
function headerWithoutSeparator(lines: readonly PageLine[]): PipeHeader | undefined {
  for (let i = 0; i < lines.length; i++) {
    let j = i;
    const cells: string[] = [];
    while (j < lines.length && (lines[j]?.text ?? "").includes("|")) {
      const text = (lines[j]?.text ?? "").trim().replace(/^\|/, "");
      const split = splitPipeCells(text);
      if (split.rest.trim() !== "" || !isHeaderCells(split.cells)) break;
      cells.push(...split.cells);
      j++;
    }
    if (cells.length >= 2) return { start: i, body: j };
  }
  return undefined;
}

/** Finds a pipe table's header: above a `---|---|` separator, or a run of column names with pipes. */
export function findPipeHeader(lines: readonly PageLine[]): PipeHeader | undefined {
  const sep = lines.findIndex((l) => isPipeSeparator(l.text));
  const bare = headerWithoutSeparator(lines);
  if (sep >= 1 && (bare === undefined || bare.body >= sep)) {
    let start = sep;
    while (start > 0 && /\|\s*$/.test(lines[start - 1]?.text ?? "")) start--;
    return { start, body: sep + 1, separator: sep };
  }
  return bare;
}

/** True for a body line that repeats the header or its separator (some dumps copy the header twice). */
function isHeaderAgain(text: string): boolean {
  if (isPipeSeparator(text)) return true;
  return isHeaderCells(splitPipeCells(text.trim().replace(/^\|/, "")).cells);
}

/**
 * Reads a compact pipe table (style 3): a header (possibly one cell per line), with or without a
 * `---|---|` separator, then rows whose cells may continue on following lines; a row ends when it has as
 * many closed cells as the header. The table ends at a line without a pipe when no row is open, or at the
 * end of the section. `pageEnd` is the page's last line: a table cut there is a truncated page.
 */
export function readPipeTable(lines: readonly PageLine[], problems: Problems, pageEnd: number): Table | undefined {
  const found = findPipeHeader(lines);
  if (found === undefined) return undefined;
  const headerLines = lines.slice(found.start, found.separator ?? found.body);
  const headerLine = headerLines[0]?.n ?? lines[found.body - 1]?.n ?? 0;
  let headerText = headerLines.map((l) => l.text.trim().replace(/^\|/, "")).join("\n");
  if (headerText.trimStart().startsWith("|")) headerText = headerText.trimStart().slice(1);
  const header = splitPipeCells(headerText).cells;
  if (header.length === 0) {
    problems.report(headerLine, "table separator has no header row above it", "restore the table's header line");
    return undefined;
  }
  checkSeparator(lines, found, header.length, headerLine, problems);
  const columns = header.map(classifyColumn);
  const table: Table = { style: "pipe", columns, header, line: headerLine, rows: [] };
  readPipeRows(table, lines.slice(found.body), problems, pageEnd);
  return table;
}

function checkSeparator(
  lines: readonly PageLine[],
  found: PipeHeader,
  width: number,
  headerLine: number,
  problems: Problems,
): void {
  if (found.separator === undefined) return;
  const sepCount = splitPipeCells(lines[found.separator]?.text ?? "").cells.filter((c) => c !== "").length;
  // A one-segment separator (`---|`) is how some dumps write any separator.
  if (sepCount > 1 && sepCount !== width) {
    problems.report(
      headerLine,
      `table header has ${width} cells but its separator has ${sepCount}`,
      "restore the missing header cell or separator segment",
    );
  }
}

/** The row being read: closed cells so far, the open cell's text, where it started. */
interface OpenRow {
  cells: string[];
  buf: string;
  rowLine: number;
}

/** Whether a body line ends the table (no row open and no cell pipe on it). */
function endsTable(line: PageLine, row: OpenRow): boolean {
  const rowOpen = row.cells.length > 0 || row.buf.trim() !== "";
  return !rowOpen && (line.text.trim() === "" || !hasCellPipe(line.text));
}

/** Adds a body line's cells to the open row; returns true when the row is complete. */
function addLine(line: PageLine, row: OpenRow, width: number): boolean {
  let text = line.text;
  if (row.cells.length === 0 && row.buf.trim() === "") {
    row.rowLine = line.n;
    if (text.trimStart().startsWith("|")) text = text.trimStart().slice(1);
  }
  const split = splitPipeCells(row.buf === "" ? text : `${row.buf}\n${text}`);
  row.cells.push(...split.cells);
  row.buf = split.rest;
  return row.cells.length >= width;
}

function readPipeRows(table: Table, body: readonly PageLine[], problems: Problems, pageEnd: number): void {
  const width = table.header.length;
  let row: OpenRow = { cells: [], buf: "", rowLine: 0 };
  let lastLine = body[0]?.n ?? 0;
  for (const line of body) {
    if (endsTable(line, row)) break;
    if (row.cells.length === 0 && row.buf === "" && isHeaderAgain(line.text)) continue;
    lastLine = line.n;
    if (!addLine(line, row, width)) continue;
    closeRow(table, row.cells, row.rowLine, problems);
    row = { cells: [], buf: "", rowLine: 0 };
  }
  flushOpenRow(table, { ...row, atEnd: lastLine >= pageEnd }, problems);
}

function closeRow(table: Table, cells: string[], rowLine: number, problems: Problems): void {
  const width = table.header.length;
  if (cells.length > width) {
    problems.report(
      rowLine,
      `table row has ${cells.length} cells but the header has ${width} (an unescaped '|' in a cell?)`,
      "escape a literal pipe inside a cell as '\\|'",
    );
  }
  pushRow(table, cells.slice(0, width), rowLine, problems);
}

function flushOpenRow(
  table: Table,
  open: { cells: string[]; buf: string; rowLine: number; atEnd: boolean },
  problems: Problems,
): void {
  if (open.buf.trim() !== "") {
    problems.report(
      open.rowLine,
      `table cell is cut off: text after the last '|' is never closed (table at line ${table.line})`,
      "copy the complete table from the documentation",
    );
    keepPartialRow(table, [...open.cells, open.buf.trim()], open.rowLine, problems);
  } else if (open.cells.length > 0 && open.atEnd) {
    problems.report(
      open.rowLine,
      `page ends inside a table: row has ${open.cells.length} of ${table.header.length} cells`,
      "copy the complete page",
    );
    keepPartialRow(table, open.cells, open.rowLine, problems);
  } else if (open.cells.length > 0) {
    pushRow(table, open.cells, open.rowLine, problems);
  }
}

/**
 * `--lenient` keeps what a cut-off row states (its name and type at least); the cells the page lost
 * stay empty. Strict mode never gets here: the problem before it threw.
 */
export function keepPartialRow(table: Table, cells: readonly string[], line: number, problems: Problems): void {
  const typeCol = table.columns.indexOf("type");
  if (typeCol >= 0 && cells.length <= typeCol) return;
  const padded = [...cells, ...Array.from({ length: Math.max(0, table.columns.length - cells.length) }, () => "")];
  pushRow(table, padded.slice(0, table.columns.length), line, problems);
}

/**
 * The cells of a row aligned to the columns. A row as wide as the header whose Type cell is not a type
 * (`string | No | The email … | Alice@example.com | |`: the dump dropped the name and added an empty cell
 * at the end) is aligned like a short row, on the cell that is a type.
 */
function alignedCells(table: Table, cells: readonly string[]): string[] | undefined {
  const typeCol = table.columns.indexOf("type");
  if (typeCol < 0) {
    if (cells.length > table.columns.length) return undefined;
    return [...cells, ...Array.from({ length: table.columns.length - cells.length }, () => "")];
  }
  const typeStated = cells.length === table.columns.length && parseFieldType(cells[typeCol] ?? "") !== undefined;
  if (typeStated || cells.length !== table.columns.length) return alignRow(cells, table.columns);
  let trimmed = [...cells];
  while (trimmed.length > 0 && trimmed[trimmed.length - 1] === "") trimmed = trimmed.slice(0, -1);
  const anchor = trimmed.findIndex((c) => parseFieldType(c) !== undefined);
  return anchor >= 0 && anchor < typeCol ? alignRow(trimmed, table.columns) : [...cells];
}

/** Adds a row, aligned on its Type cell; reports a row that cannot be aligned. */
export function pushRow(table: Table, cells: readonly string[], line: number, problems: Problems): void {
  const aligned = alignedCells(table, cells);
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
