import type { ColumnKey } from "./column-names.ts";
import { parseFieldType, ROW_TYPE_PATTERN } from "./field-type.ts";
import type { PageLine } from "./page-sections.ts";

/** The cells a row's first line(s) state, by column, and the index of the line after them. */
export interface RowStart {
  cells: Partial<Record<ColumnKey, string>>;
  /** Text after the leading cells on the same line (example and/or description). */
  rest: string;
  next: number;
}

// A name cell: an API identifier (`AppId`, `Users.N`, `x-log-requestid`, `cluster_id`), optionally led
// by the `└` marks of a nested row.
const MARKS = "(?:[└├│]\\s*)*";
const IDENTIFIER = "[A-Za-z_$][\\w.$-]*(?:\\(optional\\))?";
const NAME = `${MARKS}${IDENTIFIER}`;
const LOCATION = "Host|Path|Query|Header|Body|FormData|Formdata";
const REQUIRED = "Yes|No|是|否|Required|Optional|必选|可选|必填|选填";
// The 2016–2017 pages name structured types `<Thing>Type` (`DomainRecords RecordType …`).
const NAMED_TYPE = "[A-Z][A-Za-z]*Type(?![A-Za-z])";
const SPACED = new RegExp(
  `^(${NAME})\\s+(${ROW_TYPE_PATTERN}|${NAMED_TYPE})(?:\\s+(${LOCATION}))?(?:\\s+(${REQUIRED}))?(?:\\s+(.*))?$`,
  "i",
);
const GLUED = new RegExp(`^(${MARKS}(?:[A-Za-z_$][\\w.$-]*?)?)(${ROW_TYPE_PATTERN})(${LOCATION})?(${REQUIRED})?$`, "i");
const NAME_ONLY = new RegExp(`^${NAME}$`);
const TYPE_ONLY = new RegExp(`^(?:${ROW_TYPE_PATTERN})$`, "i");
const LOCATION_ONLY = new RegExp(`^(?:${LOCATION})$`, "i");
const REQUIRED_ONLY = new RegExp(`^(?:${REQUIRED})$`, "i");

// Words that start English sentences ("The string …", "A list of …"): never a parameter name of a
// spaced row, whose type word would otherwise be read out of the sentence.
const SENTENCE_WORDS = new Set(
  "a an the this that these those if for set it its each all any no only one use you your when valid default note specify separate and or of to in on".split(
    " ",
  ),
);

function spacedRow(t: string): RowStart | undefined {
  const m = SPACED.exec(t);
  if (m === null) return undefined;
  const [, name = "", type = "", location, required, rest] = m;
  if (SENTENCE_WORDS.has(name.toLowerCase())) return undefined;
  // The regular expression ignores case; a named type is written `RecordType`, not `subtype`.
  if (parseFieldType(type) === undefined && !/^[A-Z][A-Za-z]*Type$/.test(type)) return undefined;
  return withCells({ name, type, location, required }, rest ?? "");
}

function gluedRow(t: string): RowStart | undefined {
  const m = GLUED.exec(t);
  if (m === null) return undefined;
  const [, name = "", type = "", location, required] = m;
  // An unnamed row is a type alone (`object`, `stringYes`); a lower-case name glued to a capitalised
  // type word is not a row of these dumps.
  return withCells({ name, type, location, required }, "");
}

function withCells(
  parts: { name: string; type: string; location: string | undefined; required: string | undefined },
  rest: string,
): RowStart {
  const cells: Partial<Record<ColumnKey, string>> = { name: parts.name, type: parts.type };
  if (parts.location !== undefined) cells.location = parts.location;
  if (parts.required !== undefined) cells.required = parts.required;
  return { cells, rest: rest.trim(), next: 0 };
}

function nextNonBlank(lines: readonly PageLine[], from: number): number {
  let i = from;
  while (i < lines.length && (lines[i]?.text.trim() ?? "") === "") i++;
  return i;
}

/** Consumes a one-line cell matching `re` right after `from` (blank lines skipped), if there is one. */
function takeCell(lines: readonly PageLine[], from: number, re: RegExp): { value: string; next: number } | undefined {
  const i = nextNonBlank(lines, from);
  const t = lines[i]?.text.trim() ?? "";
  return re.test(t) ? { value: t, next: i + 1 } : undefined;
}

// One cell per line: the name alone, then the type alone on the next non-blank line, then location and
// required when the table has them.
function linesRow(lines: readonly PageLine[], i: number, lead: readonly ColumnKey[]): RowStart | undefined {
  const t = lines[i]?.text.trim() ?? "";
  const typeAt = nextNonBlank(lines, i + 1);
  const typeText = lines[typeAt]?.text.trim() ?? "";
  if (!NAME_ONLY.test(t) || !TYPE_ONLY.test(typeText)) return undefined;
  const cells: Partial<Record<ColumnKey, string>> = { name: t, type: typeText };
  let next = typeAt + 1;
  for (const [key, re] of [
    ["location", LOCATION_ONLY],
    ["required", REQUIRED_ONLY],
  ] as const) {
    if (!lead.includes(key)) continue;
    const cell = takeCell(lines, next, re);
    if (cell === undefined) continue;
    cells[key] = cell.value;
    next = cell.next;
  }
  return { cells, rest: "", next };
}

/**
 * Recognises the first line of a parameter row in a table written without pipes, whatever the dump:
 * spaced on one line (`Action String Yes CreateEventSub`), glued (`AppIdstringYes`, `object`), or one
 * cell per line (`Action` / `String` / `Yes`). `lead` are the table's columns before its Description.
 * Returns undefined for a line of description text.
 */
export function matchRowStart(lines: readonly PageLine[], i: number, lead: readonly ColumnKey[]): RowStart | undefined {
  const t = lines[i]?.text.trim() ?? "";
  if (t === "") return undefined;
  const one = spacedRow(t) ?? gluedRow(t);
  if (one !== undefined) return { ...one, next: i + 1 };
  return linesRow(lines, i, lead);
}

/** True for a line that is only a name (a row without a type, such as the `Region` of `Array of Region`). */
export function isNameOnly(text: string): boolean {
  return NAME_ONLY.test(text.trim());
}
