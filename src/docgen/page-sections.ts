import { classifyHeading, type SectionKind } from "./section-headings.ts";

export type { SectionKind } from "./section-headings.ts";

/** One line of a page with its 1-based line number (every error names page and line). */
export interface PageLine {
  n: number;
  text: string;
}

/** A section: its heading line and the lines under it, up to the next known heading. */
export interface PageSection {
  kind: SectionKind;
  heading: string;
  line: number;
  lines: PageLine[];
}

/** A page split into the lines before the first heading (title, summary) and its sections. */
export interface SplitPage {
  lines: PageLine[];
  preamble: PageLine[];
  sections: PageSection[];
}

/** Splits a page into numbered lines, the preamble and its known sections. Pure. */
export function splitPage(text: string): SplitPage {
  const raw = text.replace(/\r\n?/g, "\n").split("\n");
  const lines = raw.map((t, i) => ({ n: i + 1, text: t.trimEnd() }));
  const preamble: PageLine[] = [];
  const sections: PageSection[] = [];
  let current: PageSection | undefined;
  let previous: string | undefined;
  for (const line of lines) {
    const kind = classifyHeading(line.text, previous);
    if (line.text.trim() !== "") previous = line.text;
    if (kind !== undefined) {
      current = { kind, heading: line.text.trim(), line: line.n, lines: [] };
      sections.push(current);
    } else if (current === undefined) {
      preamble.push(line);
    } else {
      current.lines.push(line);
    }
  }
  return { lines, preamble, sections };
}

/** All sections of a kind, in page order. */
export function sectionsOf(page: SplitPage, kind: SectionKind): PageSection[] {
  return page.sections.filter((s) => s.kind === kind);
}

// Site furniture a copied page starts with ("All Products", "Search", "Last Updated: …"): not the page's words.
const FURNITURE = /^(all products|search|document center|last updated:.*|更新时间.*|更新時間.*|debugging|test)$/i;

/** The preamble's own lines (title, summary): blank lines and site furniture left out. */
export function preambleText(page: SplitPage): PageLine[] {
  return page.preamble.filter((l) => {
    const t = l.text.trim();
    return t !== "" && !FURNITURE.test(t);
  });
}
