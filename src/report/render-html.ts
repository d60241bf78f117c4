/**
 * `index.html`: one static, offline file for the performance owner. The verdict first; every number in
 * server-rendered tables (readable without JavaScript, failures expanded with `<details open>`); charts drawn
 * by uPlot, whose build is inlined together with the data (a `<script type="application/json">` island).
 * No CDN and no request of any kind: a Content-Security-Policy with `default-src 'none'` and hashes of the two
 * inline scripts makes the browser refuse anything else. Pure: summary and uPlot text in, HTML text out.
 */
import { createHash } from "node:crypto";
import {
  BASELINE_METRIC_LABEL,
  describeTarget,
  formatChangePct,
  formatComparisonSubject,
  formatDuration,
  formatNumber,
  formatTolerance,
  showControlChars,
  tallyContract,
} from "./format-values.ts";
import { CHART_SCRIPT } from "./html-chart-script.ts";
import type { ContractOperation, LoadScenarioResult, RunSummary, Verdict } from "./run-summary.ts";
import type { SectionReader, SectionView } from "./section-view.ts";
import type { UplotAssets } from "./uplot-assets.ts";

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return showControlChars(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * JSON for a `<script type="application/json">` island. `<` is written as `\u003c`, so neither `</script`
 * nor `<!--` can occur (HTML §4.12.1.3 restrictions on script content); U+2028/2029 escaped for old parsers.
 * `JSON.parse(island.textContent)` returns the original value.
 */
export function serializeDataIsland(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** Makes inlined script or style text unable to close its element early. */
function inlineSafe(text: string, tag: "script" | "style"): string {
  return text.replace(new RegExp(`</(${tag})`, "gi"), "<\\/$1").replace(/<!--/g, "<\\!--");
}

function sha256Base64(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("base64");
}

const VERDICT_MARK: Record<Verdict, string> = { passed: "✓", failed: "✗", interrupted: "!" };

function badge(status: string): string {
  return `<span class="badge badge-${escapeHtml(status)}">${escapeHtml(status)}</span>`;
}

function th(label: string, num = false): string {
  return num ? `<th class="num">${label}</th>` : `<th>${label}</th>`;
}

function td(html: string, num = false): string {
  return num ? `<td class="num">${html}</td>` : `<td>${html}</td>`;
}

function table(head: string[], rows: string[][]): string {
  return `<div class="table-wrap"><table><thead><tr>${head.join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.join("")}</tr>`)
    .join("")}</tbody></table></div>`;
}

function renderOverview(summary: RunSummary): string {
  const cards: string[] = [];
  const passedSteps = summary.steps.filter((s) => s.status === "passed").length;
  cards.push(card("Steps", `${passedSteps}/${summary.steps.length}`, "passed", passedSteps === summary.steps.length));
  if (summary.contract !== undefined) {
    const t = tallyContract(summary.contract.operations);
    cards.push(
      card(
        "Contract cases",
        `${t.passed}/${t.total}`,
        `passed${t.skipped > 0 ? `, ${t.skipped} skipped` : ""}`,
        t.failed === 0,
      ),
    );
  }
  const thresholds = (summary.load?.scenarios ?? []).flatMap((s) => s.thresholds);
  if (summary.load !== undefined) {
    const ok = thresholds.filter((t) => t.ok).length;
    cards.push(card("Load thresholds", `${ok}/${thresholds.length}`, "met", ok === thresholds.length));
  }
  if (summary.baseline !== undefined) {
    const reg = summary.baseline.comparisons.filter((c) => c.regression).length;
    cards.push(card("Baseline", String(reg), reg === 1 ? "regression" : "regressions", reg === 0));
  }
  return `<div class="cards">${cards.join("")}</div>`;
}

function card(title: string, value: string, unit: string, good: boolean): string {
  return `<div class="card ${good ? "card-good" : "card-bad"}"><div class="card-title">${escapeHtml(title)}</div><div class="card-value">${escapeHtml(value)} <span class="card-unit">${escapeHtml(unit)}</span></div></div>`;
}

function renderSteps(summary: RunSummary): string {
  const body =
    summary.steps.length === 0
      ? `<p class="no-data">No steps ran.</p>`
      : table(
          [th("Step"), th("Status"), th("Duration", true), th("Note")],
          summary.steps.map((s) => [
            td(`<code>${escapeHtml(s.name)}</code>`),
            td(badge(s.status)),
            td(formatDuration(s.durationMs), true),
            td(escapeHtml(s.reason ?? "")),
          ]),
        );
  return `<section id="steps"><h2>Steps</h2>${body}</section>`;
}

function renderOperationDetails(op: ContractOperation): string {
  const failed = op.cases.filter((c) => c.status === "failed");
  const open = failed.length > 0 ? " open" : "";
  const cases = op.cases
    .map((c) => {
      const violations = c.violations
        .map(
          (v) => `<div class="violation">
<div class="violation-message">${escapeHtml(v.message)}</div>
<dl><dt>check</dt><dd><code>${escapeHtml(v.check)}</code>${v.parameter === undefined ? "" : ` (parameter <code>${escapeHtml(v.parameter)}</code>)`}</dd>
<dt>at</dt><dd><code>${escapeHtml(v.jsonPointer === "" ? "(whole instance)" : v.jsonPointer)}</code></dd>
<dt>expected</dt><dd><pre>${escapeHtml(v.expected)}</pre></dd>
<dt>actual</dt><dd><pre>${escapeHtml(v.actual)}</pre></dd></dl>
</div>`,
        )
        .join("");
      const reason = c.reason === undefined ? "" : `<div class="reason">${escapeHtml(c.reason)}</div>`;
      return `<li class="case case-${c.status}">${badge(c.status)} <span class="case-kind">${escapeHtml(c.kind)}</span> ${escapeHtml(c.title)} <span class="muted">${formatDuration(c.durationMs)}</span>${reason}${violations}</li>`;
    })
    .join("");
  const label = failed.length > 0 ? `${failed.length} failed` : "all passed or skipped";
  return `<details class="operation"${open}><summary><code>${escapeHtml(op.operationId)}</code> <span class="muted">${escapeHtml(op.product)} · ${op.cases.length} cases · ${label}</span></summary><ul class="cases">${cases}</ul></details>`;
}

function renderContract(summary: RunSummary): string {
  const ops = summary.contract?.operations;
  if (ops === undefined) return "";
  if (ops.length === 0)
    return `<section id="contract"><h2>Contract</h2><p class="no-data">No operations were checked.</p></section>`;
  const t = tallyContract(ops);
  const overview = table(
    [th("Operation"), th("Product"), th("Positive", true), th("Negative", true), th("Failed", true)],
    ops.map((op) => {
      const failed = op.cases.filter((c) => c.status === "failed").length;
      return [
        td(`<code>${escapeHtml(op.operationId)}</code>`),
        td(escapeHtml(op.product)),
        td(`${op.positive.passed}/${op.positive.total}`, true),
        td(`${op.negative.passed}/${op.negative.total}`, true),
        td(failed === 0 ? "0" : `<span class="bad">${failed}</span>`, true),
      ];
    }),
  );
  return `<section id="contract"><h2>Contract <span class="muted">${t.passed}/${t.total} cases passed</span></h2>${overview}<h3>Cases by operation</h3>${ops.map(renderOperationDetails).join("")}</section>`;
}

function chart(kind: string, index: number, title: string, hasData: boolean, emptyText: string): string {
  const inner = hasData
    ? `<p class="no-data">Chart not drawn (JavaScript is off); the tables carry the same numbers.</p>`
    : `<p class="no-data">${escapeHtml(emptyText)}</p>`;
  const attrs = hasData ? ` data-chart="${escapeHtml(kind)}" data-scenario="${index}"` : "";
  return `<figure class="chart-box"><figcaption>${escapeHtml(title)}</figcaption><div class="chart"${attrs}>${inner}</div></figure>`;
}

function renderView(v: SectionView, index: number): string[] {
  const parts = v.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`);
  for (const t of v.tables)
    parts.push(
      table(
        t.headers.map((h, i) => th(escapeHtml(h), t.numeric[i] === true)),
        t.rows.map((r) => r.map((c, i) => td(escapeHtml(c), t.numeric[i] === true))),
      ),
    );
  // The section's own verdicts (JUnit lists each as a testcase): a failed one must show here too.
  if (v.checks.length > 0)
    parts.push(
      table(
        [th("Check"), th("Result"), th("Detail")],
        v.checks.map((c) => [td(escapeHtml(c.name)), td(badge(c.ok ? "passed" : "failed")), td(escapeHtml(c.message))]),
      ),
    );
  for (const c of v.charts) parts.push(chart(c.kind, index, c.title, c.hasData, c.emptyText));
  return parts;
}

function renderScenario(s: LoadScenarioResult, index: number, views: readonly SectionView[]): string {
  const parts: string[] = [];
  const facts = [`${s.engine} engine`, formatDuration(s.durationMs), ...views.flatMap((v) => v.facts)];
  parts.push(`<h3>${escapeHtml(s.name)} <span class="muted">${escapeHtml(facts.join(" · "))}</span></h3>`);
  parts.push(
    s.thresholds.length === 0
      ? `<p class="no-data">No thresholds.</p>`
      : table(
          [th("Metric"), th("Threshold"), th("Observed", true), th("Result")],
          s.thresholds.map((t) => [
            td(`<code>${escapeHtml(t.metric)}</code>`),
            td(`<code>${escapeHtml(t.expression)}</code>`),
            td(t.observed === null ? "no samples" : formatNumber(t.observed), true),
            td(badge(t.ok ? "passed" : "failed")),
          ]),
        ),
  );
  for (const v of views) parts.push(...renderView(v, index));
  const keys = Object.keys(s.series).filter((k) => (s.series[k]?.t.length ?? 0) > 0);
  parts.push(
    chart(
      "latency",
      index,
      "Latency percentiles over time",
      keys.some((k) => k.startsWith("latency.")),
      "No latency series were recorded.",
    ),
  );
  if (keys.some((k) => !k.startsWith("latency.")))
    parts.push(chart("other", index, "Throughput and other series over time", true, "No other series were recorded."));
  return `<article class="scenario" id="scenario-${index}">${parts.join("\n")}</article>`;
}

/** What the chart script draws, per load scenario: its series and its sections' chart data. */
function chartRecords(scenarios: readonly LoadScenarioResult[], views: SectionView[][]): Record<string, unknown>[] {
  return scenarios.map((s, i) =>
    Object.assign({ name: s.name, series: s.series }, ...(views[i] ?? []).map((v) => v.chartData)),
  );
}

function renderLoad(summary: RunSummary, views: SectionView[][]): string {
  const scenarios = summary.load?.scenarios;
  if (scenarios === undefined) return "";
  const body =
    scenarios.length === 0
      ? `<p class="no-data">No load scenarios ran.</p>`
      : scenarios.map((s, i) => renderScenario(s, i, views[i] ?? [])).join("\n");
  return `<section id="load"><h2>Load</h2>${body}</section>`;
}

function renderBaseline(summary: RunSummary): string {
  const b = summary.baseline;
  if (b === undefined) return "";
  const rows = b.comparisons.map((c) => [
    td(escapeHtml(formatComparisonSubject(c))),
    td(escapeHtml(BASELINE_METRIC_LABEL[c.metric])),
    td(formatNumber(c.baseline), true),
    td(formatNumber(c.current), true),
    td(formatChangePct(c.changePct), true),
    td(escapeHtml(formatTolerance(c)), true),
    td(
      c.regression
        ? `<span class="badge badge-failed">regression</span>`
        : `<span class="badge badge-passed">ok</span>`,
    ),
  ]);
  const body =
    rows.length === 0
      ? `<p class="no-data">Nothing to compare.</p>`
      : table(
          [
            th("Scenario"),
            th("Metric"),
            th("Baseline", true),
            th("Current", true),
            th("Change", true),
            th("Allowed", true),
            th("Result"),
          ],
          rows,
        );
  const notes =
    b.notes.length === 0 ? "" : `<ul class="notes">${b.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>`;
  return `<section id="baseline"><h2>Baseline <span class="muted">vs <code>${escapeHtml(b.file)}</code></span></h2>${body}${notes}</section>`;
}

const STYLE = `
:root{--fg:#111827;--muted:#6b7280;--line:#e5e7eb;--bg:#f3f4f6;--card:#fff;--ok:#15803d;--bad:#b91c1c;--warn:#b45309}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
header.verdict{color:#fff;padding:22px 0}
header.verdict .inner{max-width:1200px;margin:0 auto;padding:0 28px}
header.verdict h1{margin:0;font-size:28px;letter-spacing:.02em}
header.verdict p{margin:4px 0 0;opacity:.92}
.verdict-passed{background:linear-gradient(90deg,#166534,#15803d)}
.verdict-failed{background:linear-gradient(90deg,#991b1b,#b91c1c)}
.verdict-interrupted{background:linear-gradient(90deg,#92400e,#b45309)}
main{max-width:1200px;margin:0 auto;padding:8px 28px 40px}
section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 22px 18px;margin:16px 0;box-shadow:0 1px 2px rgba(0,0,0,.04)}
h2{font-size:19px;margin:4px 0 12px}
h3{font-size:16px;margin:18px 0 8px}
.muted{color:var(--muted);font-weight:400;font-size:.9em}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:12px;margin:16px 0}
.card{background:var(--card);border:1px solid var(--line);border-left:5px solid var(--ok);border-radius:10px;padding:10px 16px}
.card-bad{border-left-color:var(--bad)}
.card-title{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.06em}
.card-value{font-size:24px;font-weight:650}
.card-unit{font-size:13px;font-weight:400;color:var(--muted)}
.table-wrap{overflow-x:auto}
.table-wrap table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
.table-wrap th,.table-wrap td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--line);vertical-align:top}
.table-wrap th{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em;font-weight:600;background:#f9fafb}
.table-wrap .num{text-align:right;white-space:nowrap}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
pre{margin:0;white-space:pre-wrap;word-break:break-word}
.badge{display:inline-block;padding:0 8px;border-radius:999px;font-size:12px;font-weight:600;line-height:20px}
.badge-passed{background:#dcfce7;color:#166534}
.badge-failed{background:#fee2e2;color:#991b1b}
.badge-skipped{background:#e5e7eb;color:#374151}
.badge-interrupted{background:#fef3c7;color:#92400e}
.bad{color:var(--bad);font-weight:600}
details.operation{border:1px solid var(--line);border-radius:8px;margin:8px 0;padding:0 14px}
details.operation>summary{cursor:pointer;padding:8px 0}
ul.cases{list-style:none;margin:0 0 10px;padding:0}
li.case{padding:6px 0;border-top:1px solid var(--line)}
.case-kind{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em;margin-right:4px}
.violation{border-left:3px solid var(--bad);background:#fef2f2;border-radius:0 6px 6px 0;padding:8px 12px;margin:8px 0 4px}
.violation-message{font-weight:600;margin-bottom:4px}
.violation dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0}
.violation dt{color:var(--muted)}
.violation dd{margin:0}
.reason{color:var(--muted);margin-top:2px}
article.scenario{border-top:1px solid var(--line);padding-top:4px;margin-top:8px}
article.scenario:first-child{border-top:0;margin-top:0}
figure.chart-box{margin:14px 0 6px;padding:10px 12px;border:1px solid var(--line);border-radius:8px;background:#fff}
figcaption{font-weight:600;margin-bottom:6px}
.chart{min-height:40px;width:100%}
.no-data{color:var(--muted);font-style:italic;margin:6px 0}
.notes{color:var(--muted)}
footer{color:var(--muted);font-size:12px;text-align:center;padding:8px 0 24px}
.uplot{font-family:inherit}
.uplot .u-legend{font-size:12.5px;margin-top:4px}
`;

/**
 * Renders the summary as one self-contained HTML page with uPlot (`assets`, see `loadUplotAssets`) inlined; `read`
 * turns each scenario section into what it shows.
 */
export function renderHtml(summary: RunSummary, assets: UplotAssets, read: SectionReader): string {
  const uplotJs = inlineSafe(assets.js, "script");
  const chartJs = inlineSafe(CHART_SCRIPT, "script");
  const csp = [
    "default-src 'none'",
    `script-src 'sha256-${sha256Base64(uplotJs)}' 'sha256-${sha256Base64(chartJs)}'`,
    "style-src 'unsafe-inline'",
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  const verdict = summary.verdict;
  const title = `specgate: ${verdict} (${summary.startedAt})`;
  // Each section read once: the page's tables and the chart script's records come from the same views.
  const scenarios = summary.load?.scenarios ?? [];
  const views = scenarios.map((s) => s.sections.map(read));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="generator" content="specgate ${escapeHtml(summary.tool.version)}">
<title>${escapeHtml(title)}</title>
<style>${inlineSafe(assets.css, "style")}</style>
<style>${STYLE}</style>
</head>
<body>
<header class="verdict verdict-${verdict}" id="verdict"><div class="inner">
<h1>${VERDICT_MARK[verdict]} ${escapeHtml(verdict.toUpperCase())}</h1>
<p>exit code ${summary.exitCode} · target ${escapeHtml(describeTarget(summary))} · ${formatDuration(summary.durationMs)} · started ${escapeHtml(summary.startedAt)} · specgate ${escapeHtml(summary.tool.version)}</p>
</div></header>
<main>
${renderOverview(summary)}
${renderSteps(summary)}
${renderContract(summary)}
${renderLoad(summary, views)}
${renderBaseline(summary)}
</main>
<footer>One offline file: no network requests. Data: <code>summary.json</code> (schemaVersion ${summary.schemaVersion}). Charts by uPlot.</footer>
<script type="application/json" id="specgate-data">${serializeDataIsland(summary)}</script>
<script type="application/json" id="specgate-charts">${serializeDataIsland(chartRecords(scenarios, views))}</script>
<script>${uplotJs}</script>
<script>${chartJs}</script>
</body>
</html>
`;
}
