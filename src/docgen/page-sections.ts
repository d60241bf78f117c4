/** One line of a page with its 1-based line number (every error names page and line). */
export interface PageLine {
  n: number;
  text: string;
}

/** The sections docgen knows. Headings not listed here stay inside the section before them. */
export type SectionKind =
  | "description"
  | "qps"
  | "debugging"
  | "authorization"
  | "request-syntax"
  | "request-headers"
  | "path-parameters"
  | "request-parameters"
  | "response-parameters"
  | "examples"
  | "error-codes"
  | "change-history";

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

// Headings of the Alibaba Cloud API reference pages, in the English documentation set. A heading is a
// line that is exactly one of these words (after trimming), so table cells ("Description |") and glued
// headers ("ParameterTypeRequiredDescriptionExample") never match.
const HEADINGS: Record<string, SectionKind> = {
  "operation description": "description",
  description: "description",
  "qps limit": "qps",
  debugging: "debugging",
  "try it now": "debugging",
  "authorization information": "authorization",
  "ram authorization": "authorization",
  "request syntax": "request-syntax",
  "request headers": "request-headers",
  "path parameters": "path-parameters",
  "request parameters": "request-parameters",
  "response parameters": "response-parameters",
  "response elements": "response-parameters",
  examples: "examples",
  "error codes": "error-codes",
  "change history": "change-history",
  "release notes": "change-history",
};

/** Returns the section kind a line opens, or undefined when it is not a heading. */
function classifyHeading(text: string): SectionKind | undefined {
  return HEADINGS[text.trim().toLowerCase()];
}

/** Splits a page into numbered lines, the preamble and its known sections. Pure. */
export function splitPage(text: string): SplitPage {
  const raw = text.replace(/\r\n?/g, "\n").split("\n");
  const lines = raw.map((t, i) => ({ n: i + 1, text: t.trimEnd() }));
  const preamble: PageLine[] = [];
  const sections: PageSection[] = [];
  let current: PageSection | undefined;
  for (const line of lines) {
    const kind = classifyHeading(line.text);
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
