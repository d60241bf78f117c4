import { type ColumnKey, classifyColumn, splitGluedHeader } from "./column-names.ts";
import { GLUED_TYPE_PATTERN } from "./field-type.ts";
import type { PageLine } from "./page-sections.ts";
import type { Problems } from "./problems.ts";
import type { Table } from "./table-model.ts";

/** Index of a glued header line (`ParameterTypeRequiredDescriptionExample`) in the lines, or -1. */
export function findGluedHeader(lines: readonly PageLine[]): number {
  return lines.findIndex((l) => splitGluedHeader(l.text) !== undefined);
}

// Both spellings of each type word ("string", "String"): JavaScript has no inline case-insensitive group.
const TYPE_GROUP = GLUED_TYPE_PATTERN.split("|")
  .map((w) => `[${w[0]}${(w[0] ?? "").toUpperCase()}]${w.slice(1)}`)
  .join("|");
const LOCATION_GROUP = "Host|Path|Query|Header|Body|FormData|Formdata";

/**
 * Builds the regular expression of a glued row line: the cells before Description/Example written
 * together, e.g. `AppIdstringYes` = name + type + required; `logsobject` = name + type; `object` = an
 * unnamed root row.
 */
function rowPattern(columns: readonly (ColumnKey | undefined)[]): { re: RegExp; keys: ColumnKey[] } | undefined {
  const keys: ColumnKey[] = [];
  let src = "^";
  for (const c of columns) {
    if (c === "description" || c === "example") break;
    if (c === "name") src += "([A-Za-z_$][\\w.$-]*?)?";
    else if (c === "type") src += `(${TYPE_GROUP})`;
    else if (c === "required") src += "(Yes|No|yes|no)";
    else if (c === "location") src += `(${LOCATION_GROUP})`;
    else return undefined;
    keys.push(c);
  }
  if (!keys.includes("type")) return undefined;
  return { re: new RegExp(`${src}$`), keys };
}

// An example value is one short line; a sentence that ends with a period is more description.
function looksLikeExample(paragraph: readonly string[]): boolean {
  if (paragraph.length !== 1) return false;
  const t = (paragraph[0] ?? "").trim();
  return t !== "" && !(/\s/.test(t) && /[.:]$/.test(t));
}

/**
 * Splits the glued cells of an error row after its status: `InputInvalid%s.Illegal input parameters`
 * → code `InputInvalid`, message `%s.`, description `Illegal input parameters`. The code is the
 * identifier prefix (dotted segments allowed) that ends where a capitalised word followed by a space or
 * punctuation begins, or where a non-identifier character begins; the message ends at the first sentence
 * end glued to a capital letter.
 */
export function splitGluedError(rest: string): { code: string; message: string; description: string } {
  const m = /^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*/.exec(rest);
  const max = m?.[0].length ?? 0;
  let cut = max;
  for (let p = 1; p < max; p++) {
    if (!/[A-Z]/.test(rest[p] ?? "") || !/[A-Za-z0-9]/.test(rest[p - 1] ?? "")) continue;
    if (/^[A-Z][a-z]*(?=[\s,:;!?'"(]|\.(?![A-Za-z0-9])|$)/.test(rest.slice(p))) {
      cut = p;
      break;
    }
  }
  const code = rest.slice(0, cut);
  const tail = rest.slice(cut);
  const end = /[.!?](?=[A-Z])/.exec(tail);
  if (end === null) return { code, message: tail.trim(), description: "" };
  return { code, message: tail.slice(0, end.index + 1).trim(), description: tail.slice(end.index + 1).trim() };
}

/**
 * Reads a flattened table (style 2, live-ListEventSubEvent): the header words glued on one line; a
 * parameter row is a glued line (`PageSizelongYes`) followed by its description paragraph(s) and an
 * optional one-line example; an error row is one glued line (`400InputInvalid%s.Illegal input parameters`).
 * Tables of other columns (authorization, change history) yield their header only.
 */
export function readGluedTable(lines: readonly PageLine[], problems: Problems, pageEnd: number): Table | undefined {
  const at = findGluedHeader(lines);
  if (at < 0) return undefined;
  const headLine = lines[at];
  if (headLine === undefined) return undefined;
  const header = splitGluedHeader(headLine.text) ?? [];
  const columns = header.map(classifyColumn);
  const table: Table = { style: "glued", columns, header, line: headLine.n, rows: [] };
  const body = lines.slice(at + 1);
  if (columns.includes("status") && columns.includes("code")) {
    readErrorRows(table, body, problems);
  } else {
    const pattern = rowPattern(columns);
    if (pattern !== undefined) readParameterRows(table, body, pattern, problems, pageEnd);
  }
  return table;
}

function readErrorRows(table: Table, body: readonly PageLine[], problems: Problems): void {
  for (const line of body) {
    const t = line.text.trim();
    if (t === "") continue;
    const m = /^(\d{3})(\S.*)$/.exec(t);
    if (m === null) break;
    const { code, message, description } = splitGluedError(m[2] ?? "");
    if (code === "" || message === "") {
      problems.report(
        line.n,
        `error row '${t}' has no ${code === "" ? "error code" : "error message"}`,
        "restore the row's code and message (the page may be truncated)",
      );
      continue;
    }
    const cells = table.columns.map((c) =>
      c === "status"
        ? (m[1] ?? "")
        : c === "code"
          ? code
          : c === "message"
            ? message
            : c === "description"
              ? description
              : "",
    );
    table.rows.push({ cells, line: line.n });
  }
}

function readParameterRows(
  table: Table,
  body: readonly PageLine[],
  pattern: { re: RegExp; keys: ColumnKey[] },
  problems: Problems,
  pageEnd: number,
): void {
  interface Pending {
    line: number;
    glued: string[];
    after: PageLine[];
  }
  const pending: Pending[] = [];
  for (const line of body) {
    const m = pattern.re.exec(line.text.trim());
    if (m !== null && line.text.trim() !== "") {
      pending.push({ line: line.n, glued: m.slice(1).map((v) => v ?? ""), after: [] });
    } else {
      pending[pending.length - 1]?.after.push(line);
    }
  }
  const descCol = table.columns.indexOf("description");
  const exCol = table.columns.indexOf("example");
  pending.forEach((p, i) => {
    const paragraphs: string[][] = [];
    let cur: string[] = [];
    for (const l of p.after) {
      if (l.text.trim() === "") {
        if (cur.length > 0) paragraphs.push(cur);
        cur = [];
      } else {
        cur.push(l.text.trim());
      }
    }
    if (cur.length > 0) paragraphs.push(cur);
    let example = "";
    const last = paragraphs[paragraphs.length - 1];
    if (exCol >= 0 && paragraphs.length >= 2 && last !== undefined && looksLikeExample(last)) {
      example = last[0] ?? "";
      paragraphs.pop();
    }
    const description = paragraphs.map((par) => par.join("\n")).join("\n\n");
    const lastLine = p.after[p.after.length - 1]?.n ?? p.line;
    if (i === pending.length - 1 && lastLine >= pageEnd && description === "") {
      problems.report(
        p.line,
        "page ends inside a table: the last row has no description",
        "the page looks truncated; copy the complete page",
      );
      return;
    }
    const cells = table.columns.map(() => "");
    pattern.keys.forEach((k, j) => {
      const col = table.columns.indexOf(k);
      if (col >= 0) cells[col] = p.glued[j] ?? "";
    });
    if (descCol >= 0) cells[descCol] = description;
    if (exCol >= 0) cells[exCol] = example;
    table.rows.push({ cells, line: p.line });
  });
}
