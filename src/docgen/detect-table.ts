import { findCellPerLineHeader, readCellPerLineTable } from "./cell-per-line-table.ts";
import { readFreeTable } from "./free-table.ts";
import type { PageLine } from "./page-sections.ts";
import { findPipeHeader, readPipeTable } from "./pipe-table.ts";
import type { Problems } from "./problems.ts";
import type { Table, TableStyle } from "./table-model.ts";
import { findWordsHeader, type WordsHeader } from "./words-header.ts";

function detect(lines: readonly PageLine[]): { style?: TableStyle; words?: WordsHeader } {
  const pipe = findPipeHeader(lines)?.start ?? -1;
  const cells = findCellPerLineHeader(lines);
  // A header without pipes only matters before the first pipe table: look no further.
  const before = Math.min(...[pipe, cells].filter((i) => i >= 0), lines.length);
  const words = findWordsHeader(before === lines.length ? lines : lines.slice(0, before));
  const candidates: [TableStyle, number][] = [
    ["pipe", pipe],
    ["cell-per-line", cells],
    [words?.layout ?? "glued", words?.at ?? -1],
  ];
  const found = candidates.filter(([, i]) => i >= 0).sort((a, b) => a[1] - b[1]);
  const style = found[0]?.[0];
  if (style === undefined) return {};
  return words === undefined ? { style } : { style, words };
}

/** Which dump style the first table in these lines is written in, by its structure alone. */
export function detectTableStyle(lines: readonly PageLine[]): TableStyle | undefined {
  return detect(lines).style;
}

/** Reads the first table of a section in whatever style it is written; undefined when there is none. */
export function readTable(lines: readonly PageLine[], problems: Problems, pageEnd: number): Table | undefined {
  const { style, words } = detect(lines);
  if (style === "pipe") return readPipeTable(lines, problems, pageEnd);
  if (style === "cell-per-line") return readCellPerLineTable(lines, problems, pageEnd);
  return words === undefined ? undefined : readFreeTable(lines, words, problems, pageEnd);
}
