/**
 * The renderers draw any scenario section through the reader they are handed (src/report/section-view.ts): a kind
 * no built-in scenario knows (here a made-up `soak`) shows its facts, paragraphs, tables, charts and checks in
 * every report without a renderer knowing it, and a kind no registered scenario reads is shown as its data.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { viewSection } from "../../load/scenarios/registry.ts";
import { renderHtml } from "../../src/report/render-html.ts";
import { renderJunit } from "../../src/report/render-junit.ts";
import { renderMarkdown } from "../../src/report/render-markdown.ts";
import type { RunSummary } from "../../src/report/run-summary.ts";
import { emptyView, type SectionReader } from "../../src/report/section-view.ts";
import { buildFixtureSummary } from "./fixture-summary.ts";
import { findAll, parseXml, textOf } from "./xml-check.ts";

const ASSETS = { js: "var uPlot = function () {};", css: "" };

/** The fixture with a third scenario whose only section is of `kind`. */
function withSection(kind: string, data: unknown): RunSummary {
  const s = buildFixtureSummary();
  s.load?.scenarios.push({
    name: "soak:DescribeRegions",
    engine: "node",
    durationMs: 60_000,
    thresholds: [],
    metrics: {},
    series: {},
    sections: [{ kind, data }],
  });
  return s;
}

/** Reads `soak` sections itself and every other kind as the registry does. */
const soakReader: SectionReader = (section) => {
  if (section.kind !== "soak") return viewSection(section);
  const { hours } = section.data as { hours: number };
  return {
    ...emptyView(),
    facts: [`soaked ${hours} h`],
    paragraphs: ["Memory held flat over the soak."],
    tables: [{ headers: ["Hour", "RSS MB"], numeric: [true, true], rows: [["1", "212"]] }],
    charts: [{ kind: "soak", title: "RSS over the soak", hasData: true, emptyText: "No RSS samples." }],
    chartData: { soak: { hours } },
    checks: [{ name: "RSS growth under 5 %", ok: false, message: "RSS grew 9 % over the soak" }],
  };
};

test("a section kind the renderers do not know is drawn from its view in Markdown, HTML and JUnit", () => {
  const s = withSection("soak", { hours: 3 });
  const md = renderMarkdown(s, soakReader);
  assert.ok(md.includes("#### soak:DescribeRegions (node engine, 1 min 0 s, soaked 3 h)"), md);
  assert.ok(md.includes("Memory held flat over the soak."));
  assert.ok(md.includes("| 1 | 212 |"), md);
  assert.ok(md.includes("| RSS growth under 5 % | ❌ failed | RSS grew 9 % over the soak |"), "a failed check shows");

  const html = renderHtml(s, ASSETS, soakReader);
  assert.ok(html.includes('soak:DescribeRegions <span class="muted">node engine · 1 min 0 s · soaked 3 h</span>'));
  assert.ok(html.includes('<td class="num">212</td>'));
  assert.ok(
    html.includes(
      '<td>RSS growth under 5 %</td><td><span class="badge badge-failed">failed</span></td><td>RSS grew 9 % over the soak</td>',
    ),
    "a failed check shows",
  );
  assert.ok(html.includes('data-chart="soak" data-scenario="2"'), "the section's chart gets its container");
  const charts = JSON.parse(
    /<script type="application\/json" id="specgate-charts">(.*?)<\/script>/s.exec(html)?.[1] ?? "[]",
  ) as Record<string, unknown>[];
  assert.deepEqual(charts[2], { name: "soak:DescribeRegions", series: {}, soak: { hours: 3 } });

  const junit = findAll(parseXml(renderJunit(s, soakReader)), "testcase").filter(
    (c) => c.attrs.classname === "load.soak:DescribeRegions.soak",
  );
  assert.deepEqual(
    junit.map((c) => [c.attrs.name, findAll(c, "failure").map(textOf)]),
    [["RSS growth under 5 %", ["RSS grew 9 % over the soak"]]],
  );
});

test("a section no registered scenario reads is shown as its data, not dropped", () => {
  const s = withSection("soak", { hours: 3 });
  const text = 'Section "soak" (no registered scenario reads it): {"hours":3}';
  assert.ok(renderMarkdown(s, viewSection).includes(text));
  assert.ok(renderHtml(s, ASSETS, viewSection).includes("Section &quot;soak&quot; (no registered scenario reads it)"));
  const junit = renderJunit(s, viewSection);
  assert.ok(!junit.includes("load.soak:DescribeRegions.soak"), "no checks are invented for it");
});

test("each renderer reads each section once", () => {
  const s = withSection("soak", { hours: 3 });
  const sections = (s.load?.scenarios ?? []).reduce((n, x) => n + x.sections.length, 0);
  for (const render of [
    (r: SectionReader) => renderMarkdown(s, r),
    (r: SectionReader) => renderHtml(s, ASSETS, r),
    (r: SectionReader) => renderJunit(s, r),
  ]) {
    let reads = 0;
    render((section) => {
      reads++;
      return soakReader(section);
    });
    assert.equal(reads, sections);
  }
});

test("a section's chart kind is escaped in its container's attribute", () => {
  const s = withSection("soak", { hours: 3 });
  const reader: SectionReader = (section) => {
    const view = soakReader(section);
    return section.kind !== "soak"
      ? view
      : { ...view, charts: view.charts.map((c) => ({ ...c, kind: 'x" onclick="alert(1)' })) };
  };
  const html = renderHtml(s, ASSETS, reader);
  assert.ok(html.includes('data-chart="x&quot; onclick=&quot;alert(1)" data-scenario="2"'));
  assert.ok(!html.includes('onclick="alert(1)"'));
});
