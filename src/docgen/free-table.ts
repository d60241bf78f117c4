import type { ColumnKey } from "./column-names.ts";
import { readFreeErrorRows } from "./free-error-rows.ts";
import type { PageLine } from "./page-sections.ts";
import type { Problems } from "./problems.ts";
import { isNameOnly, matchRowStart, type RowStart } from "./row-start.ts";
import type { Table, TableStyle } from "./table-model.ts";
import type { WordsHeader } from "./words-header.ts";

interface PendingRow {
  line: number;
  onePerLine: boolean;
  start: RowStart;
  after: PageLine[];
}

/** Adjacent columns of one meaning are one column (`ErrorCode 错误码 Message 错误信息`: bilingual headers). */
function mergeBilingual(header: WordsHeader): { cells: string[]; columns: (ColumnKey | undefined)[] } {
  const cells: string[] = [];
  const columns: (ColumnKey | undefined)[] = [];
  header.columns.forEach((c, i) => {
    if (c !== undefined && columns[columns.length - 1] === c) {
      cells[cells.length - 1] = `${cells[cells.length - 1]} ${header.cells[i]}`;
      return;
    }
    columns.push(c);
    cells.push(header.cells[i] ?? "");
  });
  return { cells, columns };
}

/** The columns before the first free-text column: the cells a row's first line(s) carry. */
function leadColumns(columns: readonly (ColumnKey | undefined)[]): ColumnKey[] {
  const lead: ColumnKey[] = [];
  for (const c of columns) {
    if (c === undefined || c === "description") break;
    lead.push(c);
  }
  return lead;
}

/** Paragraphs (runs of non-blank lines) of a row's text after its first line(s). */
function paragraphsOf(lines: readonly PageLine[], onePerLine: boolean): string[][] {
  // A one-cell-per-line dump without blank lines: every line is a cell.
  if (onePerLine && lines.every((l) => l.text.trim() !== "")) return lines.map((l) => [l.text.trim()]);
  const paragraphs: string[][] = [];
  let cur: string[] = [];
  for (const l of lines) {
    const t = l.text.trim();
    if (t !== "") {
      cur.push(t);
      continue;
    }
    if (cur.length > 0) paragraphs.push(cur);
    cur = [];
  }
  if (cur.length > 0) paragraphs.push(cur);
  return paragraphs;
}

// An example value is one short line; a sentence that ends with a full stop or colon is description.
function looksLikeExample(paragraph: readonly string[] | undefined): boolean {
  if (paragraph?.length !== 1) return false;
  const t = (paragraph[0] ?? "").trim();
  return t !== "" && !/[。：:]$/.test(t) && !(/\s/.test(t) && /[.]$/.test(t));
}

/** Example and description of a row: from the rest of its first line and the paragraphs after it. */
function textCells(
  row: PendingRow,
  lead: readonly ColumnKey[],
  columns: readonly (ColumnKey | undefined)[],
): { example: string; description: string } {
  const paragraphs = paragraphsOf(row.after, row.onePerLine);
  let example = "";
  let rest = row.start.rest;
  if (lead.includes("example") && rest !== "") {
    // `Action String Yes ListActions The operation …`: when a sentence shares the line, its first word is
    // the example; otherwise the whole rest is (`China (Qingdao)`).
    const [first = "", ...others] = rest.split(/\s+/);
    const sentence = others.length >= 2 && /[.。]$/.test(rest);
    example = sentence ? first : rest;
    rest = sentence ? others.join(" ") : "";
  } else if (lead.includes("example") && paragraphs.length >= 2 && looksLikeExample(paragraphs[0])) {
    example = paragraphs.shift()?.[0] ?? "";
  } else if (!lead.includes("example") && columns.includes("example") && paragraphs.length >= 2) {
    if (looksLikeExample(paragraphs[paragraphs.length - 1])) example = paragraphs.pop()?.[0] ?? "";
  }
  const text = [rest, ...paragraphs.map((p) => p.join("\n"))].filter((t) => t !== "");
  return { example, description: text.join("\n\n") };
}

function cellsOf(row: PendingRow, lead: readonly ColumnKey[], columns: readonly (ColumnKey | undefined)[]): string[] {
  const { example, description } = textCells(row, lead, columns);
  return columns.map((c) => {
    if (c === "description") return description;
    if (c === "example") return row.start.cells.example ?? example;
    return c === undefined ? "" : (row.start.cells[c] ?? "");
  });
}

/** A name alone right after an array row is the array's item name (`Array of Region` then `Region`). */
function typelessRow(lines: readonly PageLine[], i: number, previous: PendingRow | undefined): RowStart | undefined {
  const t = lines[i]?.text.trim() ?? "";
  if (previous === undefined || !isNameOnly(t)) return undefined;
  const prevType = previous.start.cells.type ?? "";
  const m = /^(?:array|list)(?:\s+of\s+([A-Za-z_]\w*))?$/i.exec(prevType);
  if (m === null) return undefined;
  const prevName = (previous.start.cells.name ?? "").replace(/^[└├│\s]+/, "");
  const named = m[1] === undefined ? prevName.startsWith(t) || t.startsWith(prevName.replace(/s$/, "")) : m[1] === t;
  return named ? { cells: { name: t, type: "" }, rest: "", next: i + 1 } : undefined;
}

/**
 * `Actions The list of actions.` followed by `└ OOSActionName String …`: a row without a type whose
 * children the `└` rows are (older spaced pages). Returns the row and its description line.
 */
function parentRow(
  lines: readonly PageLine[],
  i: number,
  lead: readonly ColumnKey[],
): { start: RowStart; description: PageLine } | undefined {
  const line = lines[i];
  const m = /^([A-Za-z_]\w*)\s+(\S.*)$/.exec(line?.text.trim() ?? "");
  if (line === undefined || m === null) return undefined;
  let j = i + 1;
  while (j < lines.length && (lines[j]?.text.trim() ?? "") === "") j++;
  const next = matchRowStart(lines, j, lead);
  if (next === undefined || !/^[└├│]/.test(next.cells.name ?? "")) return undefined;
  return {
    start: { cells: { name: m[1] ?? "", type: "" }, rest: "", next: i + 1 },
    description: { n: line.n, text: m[2] ?? "" },
  };
}

function collectRows(body: readonly PageLine[], lead: readonly ColumnKey[], onePerLine: boolean): PendingRow[] {
  const rows: PendingRow[] = [];
  let i = 0;
  while (i < body.length) {
    const previous = rows[rows.length - 1];
    const start = matchRowStart(body, i, lead) ?? typelessRow(body, i, previous);
    const parent = start === undefined ? parentRow(body, i, lead) : undefined;
    if (parent !== undefined) {
      rows.push({ line: body[i]?.n ?? 0, onePerLine, start: parent.start, after: [parent.description] });
      i = parent.start.next;
      continue;
    }
    if (start === undefined) {
      const line = body[i];
      if (line !== undefined) previous?.after.push(line);
      i++;
      continue;
    }
    rows.push({ line: body[i]?.n ?? 0, onePerLine, start, after: [] });
    i = start.next;
  }
  return rows;
}

/**
 * Reads a table written without pipes (glued, spaced or one cell per line): parameter rows are found by
 * their first line(s) (`matchRowStart`), the text up to the next row is their description (and example);
 * error rows by their HTTP status. A last row the page ends inside is a truncated page.
 */
export function readFreeTable(
  lines: readonly PageLine[],
  header: WordsHeader,
  problems: Problems,
  pageEnd: number,
): Table {
  const { cells, columns } = mergeBilingual(header);
  const style: TableStyle = header.layout;
  const table: Table = { style, columns, header: cells, line: header.line, rows: [] };
  const body = lines.slice(header.end);
  if (columns.includes("status") && columns.includes("code")) {
    table.rows = readFreeErrorRows(body, columns, problems);
    return table;
  }
  const lead = leadColumns(columns);
  const rows = collectRows(body, lead, header.layout === "lines");
  rows.forEach((row, i) => {
    const last = i === rows.length - 1;
    const lastLine = row.after[row.after.length - 1]?.n ?? row.line;
    const out = cellsOf(row, lead, columns);
    const description = out[columns.indexOf("description")] ?? "";
    if (last && lastLine >= pageEnd && description === "" && columns.includes("description")) {
      problems.report(row.line, "page ends inside a table: the last row has no description", "copy the complete page");
    }
    table.rows.push({ cells: out, line: row.line });
  });
  return table;
}
