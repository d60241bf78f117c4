/**
 * Finds the document citations in a text and checks them against the repository's files: a cited Markdown
 * file must exist, and a cited section must be a heading of it. Pure: files are read by the caller and
 * looked up through `RepoFiles`. Forms recognised (docs/README.md#citing-these-files):
 * - `docs/design.md`, `README.md`, `docs/design.md#mock-defaults` (a GitHub heading anchor);
 * - `docs/design.md §"Mock defaults"` (a heading's text) and `x.md §3.1` (a numbered heading);
 * - Markdown links `[text](relative.md#anchor)`, resolved from the linking file's folder;
 * - references to documents that live outside the repository (the facts, design and peer-tool notes the
 *   project started from, and briefs), which are always an error;
 * - `§N` with no document before it on the line, which is an error unless it belongs to a standard
 *   (RFC, OpenAPI, XML, HTML, CommonMark) or an issue.
 * - with `repoPaths`, paths of other repository files (`src/mock/wire.ts`), which must exist; build output
 *   (`load/dist/`) and placeholders (`specs/<product>.json`, `load/k6/*.k6.ts`) are not checked.
 * Not citations: file names inside URLs, and source paths of other repositories (a code span holding
 * `ACD-sls:`, `owner/repo@commit:` or a URL).
 */
import { posix } from "node:path";

/** The repository as the checker sees it: text of Markdown files, existence of every other path. */
export interface RepoFiles {
  exists(path: string): boolean;
  /** Text of a Markdown file, undefined when it does not exist. */
  markdown(path: string): string | undefined;
}

/** One citation that does not resolve. */
export interface CitationProblem {
  file: string;
  line: number;
  problem: string;
}

/** A section reference after a file name. */
type Section = { kind: "anchor" | "heading" | "number"; value: string };

interface FoundCitation {
  line: number;
  path: string;
  section?: Section;
  /** A Markdown link target, resolved from the citing file's folder. */
  relative: boolean;
}

/** Documents the project started from that are not in the repository; citing them is always wrong. */
const OUTSIDE_DOCUMENTS: readonly { pattern: RegExp; name: string }[] = [
  { pattern: /alibaba-api-facts/, name: "alibaba-api-facts.md" },
  { pattern: /\bfacts\b['’]?,?\s*(?:§|top section|reference\b|section\b|gateway table)/, name: "the facts document" },
  { pattern: /\bpeer-tools\b/, name: "peer-tools.md" },
  { pattern: /codebases-to-learn-from/, name: "codebases-to-learn-from.md" },
  { pattern: /\b(?:common|load) brief\b|\bbrief:/, name: "a brief" },
];

/** Standards and trackers whose sections a `§` may name. */
const SECTION_OWNERS = /(?:RFC \d+|OpenAPI [\d.]+|XML [\d.]+|HTML|CommonMark|issue\b[^§]*|\.md(?:#[\w-]+)?)\s*$/;

/** A cited Markdown path, optionally followed by `#anchor`, `§"Heading"` or `§N`. */
const MD_CITATION =
  /(?<![\w/.%-])((?:\.{1,2}\/)?[\w.-]+(?:\/[\w.-]+)*\.md)(?![\w-])(?:#([\w-]+)|\s+§\s*"([^"]+)"|\s+§\s*(\d+(?:\.\d+)*))?/g;

/** Markdown files a run writes (`specgate gate`), named in code and docs but not part of the repository. */
const RUN_OUTPUTS = new Set(["summary.md", "reports/summary.md"]);

/** A path of a repository file outside docs: a top-level folder, then a file name with a known extension. */
const REPO_PATH =
  /(?<![\w/.$@:-])((?:src|test|load|specs|scripts|bench|contract-suite|bin)\/[\w./-]*[\w-]\.(?:ts|js|cjs|mjs|json|ya?ml|txt|html|xml))(?![\w*<{/-])/g;

/** Build output, named in code and docs but not committed. */
const BUILD_OUTPUT = /^load\/dist\//;

/** A Markdown link target: `](path.md#anchor)`. */
const MD_LINK = /\]\(((?!\w+:)[^)\s#]*\.md)(?:#([\w-]+))?\)/g;

/** Code spans that name another repository's file: `ACD-sls:…`, `owner/repo@abc123:path`, URLs. */
const FOREIGN_SPAN = /`[^`\n]*(?:ACD-sls:|@[0-9a-f]{7,}:|:\/\/)[^`\n]*`/g;

/** GitHub's heading anchor: lower case, punctuation removed, spaces to hyphens. */
export function githubSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** The headings of a Markdown text (outside fenced code), with their anchors and numbers. */
export function markdownSections(text: string): { anchors: Set<string>; titles: Set<string>; numbers: Set<string> } {
  const anchors = new Set<string>();
  const titles = new Set<string>();
  const numbers = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of text.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const m = fenced ? null : /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (m === null) continue;
    const title = m[1] ?? "";
    titles.add(title);
    const slug = githubSlug(title);
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
    const numbered = /^(\d+(?:\.\d+)*)\.?\s/.exec(title);
    if (numbered !== null) numbers.add(numbered[1] ?? "");
  }
  return { anchors, titles, numbers };
}

function sectionOf(anchor?: string, heading?: string, number?: string): Section | undefined {
  if (anchor !== undefined) return { kind: "anchor", value: anchor };
  if (heading !== undefined) return { kind: "heading", value: heading };
  if (number !== undefined) return { kind: "number", value: number };
  return undefined;
}

/** Blanks out code spans that name another repository's files, keeping the line structure. */
function withoutForeignSpans(line: string): string {
  return line.replace(FOREIGN_SPAN, (span) => " ".repeat(span.length));
}

/** The citations of Markdown files in one line. */
function citationsInLine(line: string, lineNo: number): FoundCitation[] {
  const found: FoundCitation[] = [];
  const text = withoutForeignSpans(line).replace(/\bhttps?:\/\/\S+/g, (url) => " ".repeat(url.length));
  for (const m of text.matchAll(MD_LINK)) {
    const section = sectionOf(m[2]);
    found.push({ line: lineNo, path: m[1] ?? "", relative: true, ...(section ? { section } : {}) });
  }
  const withoutLinks = text.replace(MD_LINK, (link) => " ".repeat(link.length));
  for (const m of withoutLinks.matchAll(MD_CITATION)) {
    const section = sectionOf(m[2], m[3], m[4]);
    found.push({ line: lineNo, path: m[1] ?? "", relative: false, ...(section ? { section } : {}) });
  }
  return found;
}

/** Every Markdown citation in a text, with its 1-based line. */
export function findCitations(text: string): FoundCitation[] {
  return text.split("\n").flatMap((line, i) => citationsInLine(line, i + 1));
}

/** Lines that cite a document outside the repository, or a `§` with no document. */
export function findOutsideReferences(text: string): { line: number; problem: string }[] {
  const out: { line: number; problem: string }[] = [];
  text.split("\n").forEach((line, i) => {
    for (const d of OUTSIDE_DOCUMENTS)
      if (d.pattern.test(line)) out.push({ line: i + 1, problem: `cites ${d.name}, which is not in the repository` });
    for (const m of line.matchAll(/§/g))
      if (!SECTION_OWNERS.test(line.slice(0, m.index)))
        out.push({ line: i + 1, problem: "cites a § section without naming its document" });
  });
  return out;
}

/** Where a cited path points: Markdown links from the citing file's folder, others from the root. */
function resolve(citation: FoundCitation, from: string, files: RepoFiles): string | undefined {
  const fromDir = posix.dirname(from);
  const candidates = citation.relative
    ? [posix.join(fromDir, citation.path)]
    : [posix.normalize(citation.path), posix.join(fromDir, citation.path)];
  return candidates.find((p) => !p.startsWith("..") && files.exists(p));
}

function sectionProblem(section: Section, path: string, files: RepoFiles): string | undefined {
  const sections = markdownSections(files.markdown(path) ?? "");
  const known =
    section.kind === "anchor" ? sections.anchors : section.kind === "heading" ? sections.titles : sections.numbers;
  if (known.has(section.value)) return undefined;
  const shown = section.kind === "anchor" ? `#${section.value}` : `§${section.value}`;
  return `${path} has no section ${shown} (anchors: ${[...sections.anchors].join(", ") || "none"})`;
}

/** Repository paths named in a text (outside URLs and other repositories' paths), with their lines. */
export function findRepoPaths(text: string): { line: number; path: string }[] {
  return text.split("\n").flatMap((line, i) =>
    [
      ...withoutForeignSpans(line)
        .replace(/\bhttps?:\/\/\S+/g, "")
        .matchAll(REPO_PATH),
    ]
      .map((m) => m[1] ?? "")
      .filter((path) => !BUILD_OUTPUT.test(path))
      .map((path) => ({ line: i + 1, path })),
  );
}

/** What is wrong with one Markdown citation made from `file`, or undefined when it resolves. */
function citationProblem(c: FoundCitation, file: string, files: RepoFiles): string | undefined {
  if (RUN_OUTPUTS.has(c.path) || OUTSIDE_DOCUMENTS.some((d) => d.pattern.test(c.path))) return undefined;
  const path = resolve(c, file, files);
  if (path === undefined) return `cites ${c.path}, which does not exist in the repository`;
  return c.section === undefined ? undefined : sectionProblem(c.section, path, files);
}

/**
 * Checks every citation in `text` (the content of repository file `file`); with `repoPaths`, also that every
 * repository path it names exists (tests leave it off: they name missing files on purpose).
 */
export function checkText(
  file: string,
  text: string,
  files: RepoFiles,
  options: { repoPaths?: boolean } = {},
): CitationProblem[] {
  const outside = findOutsideReferences(text).map((p) => ({ file, ...p }));
  const paths = (options.repoPaths === true ? findRepoPaths(text) : [])
    .filter(({ path }) => !files.exists(path))
    .map(({ line, path }) => ({ file, line, problem: `names ${path}, which does not exist in the repository` }));
  const citations = findCitations(text).flatMap((c) => {
    const problem = citationProblem(c, file, files);
    return problem === undefined ? [] : [{ file, line: c.line, problem }];
  });
  return [...outside, ...paths, ...citations];
}
