// Every citation of a document in the repository's sources, tests, scripts, benchmarks, docs and overlays
// resolves: the cited file exists in the repository and the cited section is one of its headings; nothing
// cites a document that lives outside the repository (docs/README.md#citing-these-files).
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, sep } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { type CitationProblem, checkText, githubSlug, markdownSections, type RepoFiles } from "./citations.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** What is scanned: folders (recursively) and single files, relative to the root. */
const SCANNED = [
  "src",
  "test",
  "scripts",
  "bench",
  "docs",
  "load",
  "contract-suite",
  "specs/overlays",
  "README.md",
  "ARCHITECTURE.md",
  "reports/README.md",
];
/** Not scanned: built or generated output, and this test's own examples of bad citations. */
const SKIPPED = new Set(["node_modules", "dist", "test/docs"]);
const TEXT_FILE = /\.(ts|js|mjs|cjs|json|md|ya?ml|html|xml)$/;

function walk(path: string): string[] {
  if (SKIPPED.has(path) || SKIPPED.has(path.split("/").pop() ?? "")) return [];
  const full = join(ROOT, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return TEXT_FILE.test(path) ? [path] : [];
  return readdirSync(full).flatMap((name) => walk(`${path}/${name}`));
}

const repoFiles: RepoFiles = {
  exists: (path) => existsSync(join(ROOT, path)),
  markdown: (path) => (existsSync(join(ROOT, path)) ? readFileSync(join(ROOT, path), "utf8") : undefined),
};

/** A repository of the given files, for the matcher's examples. */
function virtualRepo(files: Record<string, string>): RepoFiles {
  return { exists: (path) => path in files, markdown: (path) => files[path] };
}

const DOCS: Record<string, string> = {
  "README.md": "# specgate\n",
  "docs/design.md": "# Design\n\n## Mock defaults\n\n```\n## not a heading\n```\n\n### 3.1 Numbered\n",
  "docs/alibaba/sls-errors.md": "# SLS errors\n\n## Error body\n\n## Error body\n",
};

function problemsOf(text: string, file = "src/x.ts"): string[] {
  return checkText(file, text, virtualRepo(DOCS)).map((p) => `${p.line}: ${p.problem}`);
}

describe("citations", () => {
  it("every citation in the repository resolves to a file and a heading", () => {
    const files = SCANNED.flatMap((p) => walk(p));
    assert.ok(files.length > 100, `scanned only ${files.length} files`);
    const problems: CitationProblem[] = files.flatMap((f) =>
      checkText(f, readFileSync(join(ROOT, f), "utf8"), repoFiles, { repoPaths: !f.startsWith("test/") }),
    );
    const report = problems.map((p) => `${p.file.split(sep).join("/")}:${p.line}: ${p.problem}`);
    assert.deepEqual(report, [], `fix these citations (docs/README.md#citing-these-files):\n${report.join("\n")}`);
  });

  it("accepts a cited file, a heading anchor, a heading's text and a numbered heading", () => {
    assert.deepEqual(
      problemsOf(
        [
          "// README.md and docs/design.md",
          "// docs/design.md#mock-defaults, docs/alibaba/sls-errors.md#error-body-1",
          '// docs/design.md §"Mock defaults"; docs/design.md §3.1',
        ].join("\n"),
      ),
      [],
    );
  });

  it("names file and line of a cited file that does not exist", () => {
    assert.deepEqual(problemsOf("ok\n// see docs/alibaba/nope.md#x"), [
      "2: cites docs/alibaba/nope.md, which does not exist in the repository",
    ]);
    const [problem] = checkText("src/a/b.ts", "\n\n/* spec-contract.md */", virtualRepo(DOCS));
    assert.deepEqual(problem, {
      file: "src/a/b.ts",
      line: 3,
      problem: "cites spec-contract.md, which does not exist in the repository",
    });
  });

  it("names a cited section that is not a heading of the file", () => {
    assert.match(
      problemsOf("docs/design.md#mock-default")[0] ?? "",
      /^1: docs\/design.md has no section #mock-default/,
    );
    assert.match(problemsOf('docs/design.md §"Nope"')[0] ?? "", /has no section §Nope/);
    assert.match(problemsOf("docs/design.md §4")[0] ?? "", /has no section §4/);
    // A heading inside a fenced code block is not a heading.
    assert.match(problemsOf("docs/design.md#not-a-heading")[0] ?? "", /has no section/);
  });

  it("catches citations of documents outside the repository", () => {
    for (const planted of [
      "(facts §7.9)",
      "alibaba-api-facts.md §3",
      'DESIGN.md "Mock defaults"',
      "peer-tools.md §4 A1",
      "(the facts' gateway table)",
      "(common brief: secrets never appear)",
    ])
      assert.notDeepEqual(problemsOf(planted), [], planted);
    assert.deepEqual(problemsOf("(facts §7.9)"), [
      "1: cites the facts document, which is not in the repository",
      "1: cites a § section without naming its document",
    ]);
  });

  it("flags a § without its document, but not a standard's or an issue's", () => {
    assert.deepEqual(problemsOf("// tolerated (§7.10)"), ["1: cites a § section without naming its document"]);
    assert.deepEqual(
      problemsOf(
        [
          "// RFC 9110 §5.3, then RFC 9110 §5.1; OpenAPI 3.1.0 §4.8.9; XML 1.0 §2.2; HTML §4.12.1.3",
          '// CommonMark §6.1; issue "Gate and reports" §3',
        ].join("\n"),
      ),
      [],
    );
  });

  it("resolves Markdown links from the linking file's folder", () => {
    assert.deepEqual(problemsOf("[errors](alibaba/sls-errors.md#error-body) [up](../README.md)", "docs/design.md"), []);
    assert.deepEqual(problemsOf("[x](sls-errors.md#nope)", "docs/alibaba/other.md"), [
      "1: docs/alibaba/sls-errors.md has no section #nope (anchors: sls-errors, error-body, error-body-1)",
    ]);
  });

  it("ignores file names in URLs and in other repositories' source paths", () => {
    assert.deepEqual(
      problemsOf(
        [
          "https://github.com/grafana/k6-docs/blob/587199f/docs/sources/k6/next/using-k6/thresholds.md",
          "legacy doc `ACD-sls:…/Request signatures.md`; `owner/repo@0d3e01a:docs/x.md`",
          "[k6 docs](https://grafana.com/docs/x.md)",
        ].join("\n"),
      ),
      [],
    );
  });

  it("with repoPaths, names a repository path that does not exist, but not build output or placeholders", () => {
    const text = [
      "// src/mock/wire.ts and load/dist/rate-limit.js",
      "// specs/<product>.openapi.json, load/k6/*.k6.ts, `owner/repo@0d3e01a:src/mock/gone.ts`",
      "// see src/mock/gone.ts",
    ].join("\n");
    const repo = virtualRepo({ ...DOCS, "src/mock/wire.ts": "" });
    assert.deepEqual(checkText("src/x.ts", text, repo, { repoPaths: true }), [
      { file: "src/x.ts", line: 3, problem: "names src/mock/gone.ts, which does not exist in the repository" },
    ]);
    assert.deepEqual(checkText("test/x.test.ts", text, repo), []);
  });

  it("makes GitHub's heading anchors", () => {
    assert.equal(githubSlug("Canonicalised LOG headers"), "canonicalised-log-headers");
    assert.equal(githubSlug("Pure core, thin I/O shell"), "pure-core-thin-io-shell");
    assert.equal(githubSlug("SLS v4 and `x-log-meta-*` headers"), "sls-v4-and-x-log-meta--headers");
    assert.equal(githubSlug("Checkpoint `updateTime` unit"), "checkpoint-updatetime-unit");
    assert.deepEqual([...markdownSections("# A\n## A\n## A\n").anchors], ["a", "a-1", "a-2"]);
  });
});
