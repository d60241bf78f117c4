import { type ColumnKey, classifyColumn, splitGluedHeader } from "./column-names.ts";
import type { PageLine } from "./page-sections.ts";

/** How a header without pipes is written: words glued on one line, spaced on one line, or one per line. */
export type WordsLayout = "glued" | "spaced" | "lines";

/** A table header written without pipes, and where its rows begin. */
export interface WordsHeader {
  /** Index (in the lines given) of the header's first line. */
  at: number;
  /** Index of the first line after the header. */
  end: number;
  cells: string[];
  columns: (ColumnKey | undefined)[];
  layout: WordsLayout;
  line: number;
}

function oneLineHeader(lines: readonly PageLine[], i: number): WordsHeader | undefined {
  const line = lines[i];
  if (line === undefined) return undefined;
  const t = line.text.trim();
  const words = splitGluedHeader(t);
  if (words === undefined) return undefined;
  const layout: WordsLayout = words.join("") === t ? "glued" : "spaced";
  return { at: i, end: i + 1, cells: words, columns: words.map(classifyColumn), layout, line: line.n };
}

// The one-cell-per-line dumps write the header as one column name per line (blank lines between or not):
// three names in a row are a header (two could be a heading and a sentence).
function linesHeader(lines: readonly PageLine[], i: number): WordsHeader | undefined {
  const first = lines[i];
  if (first === undefined || classifyColumn(first.text) === undefined) return undefined;
  const cells: string[] = [];
  let end = i;
  for (let j = i; j < lines.length; j++) {
    const t = (lines[j]?.text ?? "").trim();
    if (t === "") continue;
    if (classifyColumn(t) === undefined) break;
    cells.push(t);
    end = j + 1;
  }
  if (cells.length < 3) return undefined;
  return { at: i, end, cells, columns: cells.map(classifyColumn), layout: "lines", line: first.n };
}

/** The first header written without pipes in these lines (glued, spaced or one per line), or undefined. */
export function findWordsHeader(lines: readonly PageLine[]): WordsHeader | undefined {
  for (let i = 0; i < lines.length; i++) {
    const t = (lines[i]?.text ?? "").trim();
    if (t === "" || t.includes("|")) continue;
    const found = oneLineHeader(lines, i) ?? linesHeader(lines, i);
    if (found !== undefined) return found;
  }
  return undefined;
}
