import type { ColumnKey } from "./column-names.ts";
import { splitGluedError } from "./glued-error.ts";
import type { PageLine } from "./page-sections.ts";
import type { Problems } from "./problems.ts";
import type { TableRow } from "./table-model.ts";

interface ErrorCells {
  status: string;
  code: string;
  message: string;
  description: string;
}

const STATUS_ONLY = /^[1-5]\d\d$/;
const CODE = /^[A-Za-z][\w.-]*$/;

/** Message and description of spaced text: the message is the first sentence, the rest describes it. */
function splitSentences(text: string, hasDescription: boolean): { message: string; description: string } {
  const t = text.trim();
  if (!hasDescription) return { message: t, description: "" };
  const m = /^(.*?[.!?。])\s+(\S.*)$/.exec(t);
  return m === null ? { message: t, description: "" } : { message: m[1] ?? "", description: m[2] ?? "" };
}

// `400 InputInvalid %s. The specified parameters are invalid.` or glued `400InputInvalid%s.Illegal …`.
function statusFirst(t: string, hasDescription: boolean): ErrorCells | undefined {
  const m = /^([1-5]\d\d)\s*(\S.*)$/.exec(t);
  if (m === null) return undefined;
  const rest = m[2] ?? "";
  // Status glued to the code (`400InputInvalid%s.…`): the cells are glued too.
  const spaced = /^[1-5]\d\d\s/.test(t) ? /^([A-Za-z][\w.-]*)(?:\s+(.*))?$/.exec(rest) : null;
  if (spaced !== null) {
    return { status: m[1] ?? "", code: spaced[1] ?? "", ...splitSentences(spaced[2] ?? "", hasDescription) };
  }
  return { status: m[1] ?? "", ...splitGluedError(rest) };
}

// `IncorrectDomainUser The domain name does not belong to this user. 400 域名在本账户下不存在`.
function codeFirst(t: string): ErrorCells | undefined {
  const m = /^([A-Za-z][\w.-]*)\s+(.*?)\s*(?<![\w.])([1-5]\d\d)(?![\w.])\s*(.*)$/.exec(t);
  if (m === null) return undefined;
  return { code: m[1] ?? "", message: (m[2] ?? "").trim(), status: m[3] ?? "", description: (m[4] ?? "").trim() };
}

function toRow(cells: ErrorCells, columns: readonly (ColumnKey | undefined)[], line: number): TableRow {
  const byKey: Partial<Record<ColumnKey, string>> = {
    status: cells.status,
    code: cells.code,
    message: cells.message,
    description: cells.description,
  };
  return { cells: columns.map((c) => (c === undefined ? "" : (byKey[c] ?? ""))), line };
}

/** Rows written one cell per line: a status alone on its line, then code, message, description. */
function linesRow(body: readonly PageLine[], i: number): { cells: ErrorCells; next: number } | undefined {
  if (!STATUS_ONLY.test(body[i]?.text.trim() ?? "")) return undefined;
  const values: string[] = [];
  let j = i + 1;
  for (; j < body.length && values.length < 3; j++) {
    const t = body[j]?.text.trim() ?? "";
    if (STATUS_ONLY.test(t)) break;
    if (t !== "") values.push(t);
  }
  const [code = "", message = "", description = ""] = values;
  if (!CODE.test(code)) return undefined;
  return { cells: { status: body[i]?.text.trim() ?? "", code, message, description }, next: j };
}

/**
 * Reads the rows of an error table written without pipes: one line per row, spaced or glued, status
 * first or code first (the column order says which), or one cell per line. The table ends at the first
 * line that is not a row (a note such as "For a list of error codes, visit …").
 */
export function readFreeErrorRows(
  body: readonly PageLine[],
  columns: readonly (ColumnKey | undefined)[],
  problems: Problems,
): TableRow[] {
  const rows: TableRow[] = [];
  const codeLeads = columns.indexOf("code") < columns.indexOf("status");
  const hasDescription = columns.includes("message") && columns.includes("description");
  let i = 0;
  while (i < body.length) {
    const line = body[i];
    const t = line?.text.trim() ?? "";
    if (line === undefined || t === "") {
      i++;
      continue;
    }
    const multi = linesRow(body, i);
    if (multi !== undefined) {
      rows.push(toRow(multi.cells, columns, line.n));
      i = multi.next;
      continue;
    }
    const cells = codeLeads ? codeFirst(t) : statusFirst(t, hasDescription);
    if (cells === undefined) break;
    if (cells.code === "") {
      problems.report(line.n, `error row '${t}' has no error code`, "copy the complete row from the documentation");
    } else rows.push(toRow(cells, columns, line.n));
    i++;
  }
  return rows;
}
