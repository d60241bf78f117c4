/**
 * A scenario's report section as the reports draw it: facts, paragraphs, tables, charts and checks, all plain
 * text. The summary stores a section as `{ kind, data }` (docs/summary-schema.md); the scenario that wrote it
 * says how its data reads (`SectionKind.view`), and the Markdown, HTML and JUnit renderers draw any view alike,
 * so a new scenario brings its own section without a renderer knowing it. The renderers are handed the reader
 * (`SectionReader`: load/scenarios/registry.ts `viewSection`, passed in by the commands), so the reports do not
 * depend on the scenarios.
 */

/** A table of text cells; `numeric[i]` right-aligns column i. */
export interface SectionTable {
  headers: string[];
  numeric: boolean[];
  rows: string[][];
}

/**
 * A chart the HTML report draws with its chart script (`kind` is one it knows: "eviction", "rate"; another kind
 * gets a one-line note in its place); the data it reads is `chartData`, merged into the scenario's chart record.
 */
export interface SectionChart {
  kind: string;
  title: string;
  hasData: boolean;
  emptyText: string;
}

/** One verdict of the section that JUnit lists as its own testcase (e.g. one eviction round). */
export interface SectionCheck {
  name: string;
  ok: boolean;
  message: string;
}

/** What a section shows. */
export interface SectionView {
  /** Short facts beside the scenario's name, e.g. "documented limit 50 req/s". */
  facts: string[];
  paragraphs: string[];
  tables: SectionTable[];
  charts: SectionChart[];
  chartData: Record<string, unknown>;
  checks: SectionCheck[];
}

/** A stored section: its kind (which scenario's view reads it) and its data. */
export interface ScenarioSection {
  kind: string;
  data: unknown;
}

/** How the reports read any stored section into a view. */
export type SectionReader = (section: ScenarioSection) => SectionView;

/** How one kind of section reads. */
export interface SectionKind {
  kind: string;
  view(data: unknown): SectionView;
}

/** An empty view, to spread into a scenario's own. */
export function emptyView(): SectionView {
  return { facts: [], paragraphs: [], tables: [], charts: [], chartData: {}, checks: [] };
}

/** The view of a section whose kind no registered scenario reads: its data as JSON, so nothing is hidden. */
export function unknownSectionView(section: ScenarioSection): SectionView {
  return {
    ...emptyView(),
    paragraphs: [`Section "${section.kind}" (no registered scenario reads it): ${JSON.stringify(section.data)}`],
  };
}
