import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { RATE_LIMIT_SERIES } from "../../load/scenarios/rate-limit.ts";
import { viewSection } from "../../load/scenarios/registry.ts";
import { CHART_SCRIPT } from "../../src/report/html-chart-script.ts";
import { escapeHtml, renderHtml, serializeDataIsland } from "../../src/report/render-html.ts";
import type { RunSummary } from "../../src/report/run-summary.ts";
import { loadUplotAssets, type UplotAssets } from "../../src/report/uplot-assets.ts";
import { buildFixtureSummary } from "./fixture-summary.ts";
import { assertGolden } from "./golden.ts";

/** True if `text` holds a C0 control character other than tab, LF and CR. */
function hasRawControlChar(text: string): boolean {
  return Array.from(text).some((ch) => {
    const c = ch.charCodeAt(0);
    return c < 0x20 && c !== 0x9 && c !== 0xa && c !== 0xd;
  });
}

/** Stand-in assets for golden files and structure tests (the real uPlot is 50 kB of minified code). */
const FAKE_ASSETS: UplotAssets = { js: "/* uPlot */ var uPlot = function () {};", css: ".uplot{}" };

const ISLAND_OPEN = '<script type="application/json" id="specgate-data">';

function island(html: string): string {
  const start = html.indexOf(ISLAND_OPEN);
  assert.ok(start >= 0, "data island present");
  const from = start + ISLAND_OPEN.length;
  return html.slice(from, html.indexOf("</script>", from));
}

/** Text of every `<script>` element without a type (the executable ones). */
function executableScripts(html: string): string[] {
  const out: string[] = [];
  let at = html.indexOf("<script>");
  while (at >= 0) {
    const end = html.indexOf("</script>", at);
    out.push(html.slice(at + "<script>".length, end));
    at = html.indexOf("<script>", end);
  }
  return out;
}

test("no resource is loaded from the network: no src/href/url()/@import/fetch to http(s) or //", () => {
  const html = renderHtml(buildFixtureSummary(), loadUplotAssets(), viewSection);
  const loads = [
    /\b(?:src|href|srcset|poster|data|action)\s*=\s*["']?\s*(?:https?:)?\/\//gi,
    /url\(\s*["']?\s*(?:https?:)?\/\//gi,
    /@import/gi,
    /\bfetch\s*\(\s*["'`]\s*(?:https?:)?\/\//gi,
    /XMLHttpRequest|navigator\.sendBeacon|new\s+WebSocket|new\s+EventSource/g,
  ];
  for (const pattern of loads) assert.deepEqual(html.match(pattern), null, String(pattern));
  assert.ok(!/<(?:link|img|iframe|object|embed)\b/i.test(html), "no element that loads a resource");
  assert.ok(!/<script\s+[^>]*src=/i.test(html), "no external script");
});

test("a Content-Security-Policy forbids every load, allowing exactly the two inline scripts by hash", () => {
  const html = renderHtml(buildFixtureSummary(), loadUplotAssets(), viewSection);
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
  assert.ok(csp, "CSP meta present");
  assert.ok(csp.includes("default-src &#39;none&#39;"));
  const scripts = executableScripts(html);
  assert.equal(scripts.length, 2, "uPlot and the chart script");
  for (const s of scripts) {
    const hash = createHash("sha256").update(s, "utf8").digest("base64");
    assert.ok(csp.includes(`sha256-${hash}`), "every inline script is allowed by its hash");
  }
  assert.ok(scripts[0]?.includes("var uPlot="), "uPlot's own build is inlined");
});

test("the data island cannot close its script element and parses back to the summary", () => {
  const s = buildFixtureSummary();
  s.steps[0] = {
    name: "spec-drift",
    status: "passed",
    durationMs: 1,
    reason: "</script><script>alert(1)</script><!-- \u2028 </SCRIPT",
  };
  const html = renderHtml(s, FAKE_ASSETS, viewSection);
  const text = island(html);
  assert.ok(!/<\/script|<!--/i.test(text));
  assert.deepEqual(JSON.parse(text), s);
  assert.equal(serializeDataIsland("</script>"), '"\\u003c/script>"');
});

test("inlined script and style text cannot close their elements early", () => {
  const html = renderHtml(
    buildFixtureSummary(),
    { js: 'var x = "</script><b>";', css: "a{content:'</style>'}" },
    viewSection,
  );
  assert.ok(html.includes('var x = "<\\/script><b>";'));
  assert.ok(html.includes("a{content:'<\\/style>'}"));
});

test("readable without JavaScript: verdict first, tables by operation, failures expanded", () => {
  const html = renderHtml(buildFixtureSummary(), FAKE_ASSETS, viewSection);
  const body = html.slice(html.indexOf("<body>"));
  assert.ok(body.indexOf('id="verdict"') < body.indexOf('id="steps"'), "verdict at the top");
  assert.ok(body.includes("<h1>✗ FAILED</h1>"));
  assert.ok(body.includes("<td><code>ListEventSubEvent</code></td><td>live</td>"));
  const openDetails = body.match(/<details class="operation" open>/g) ?? [];
  assert.equal(openDetails.length, 1, "only the operation with failures is expanded");
  const failing = body.slice(body.indexOf('<details class="operation" open>'));
  assert.ok(failing.includes("<code>/TotalCount</code>"));
  assert.ok(failing.includes("Received string &quot;12&quot; at /TotalCount / Documented integer"));
  assert.ok(body.includes(">Throttling.User 250</td>"));
});

test("received text is escaped: no markup and no raw control characters reach the page", () => {
  const html = renderHtml(buildFixtureSummary(), FAKE_ASSETS, viewSection);
  assert.ok(!html.includes("<script>alert"));
  assert.ok(html.includes("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"));
  assert.ok(!hasRawControlChar(html));
  assert.equal(escapeHtml(`<&"'\u0001`), "&lt;&amp;&quot;&#39;\\u0001");
});

test("one chart container per chart with data; missing data gives a short note instead", () => {
  const html = renderHtml(buildFixtureSummary(), FAKE_ASSETS, viewSection);
  const charts = [...html.matchAll(/data-chart="(\w+)" data-scenario="(\d+)"/g)].map((m) => `${m[1]}:${m[2]}`);
  assert.deepEqual(charts, ["eviction:0", "latency:0", "other:0", "rate:1", "latency:1", "other:1"]);

  const s = buildFixtureSummary();
  const [eviction, rate] = s.load?.scenarios ?? [];
  assert.ok(eviction && rate);
  // Sections with nothing recorded: each says so where its chart would be.
  eviction.sections = [{ kind: "eviction", data: { timeoutMs: 1000, intervalMs: 100, runs: [], timeline: [] } }];
  eviction.series = {};
  rate.sections = [{ kind: "rate-limit", data: { limitRps: 50, operation: "ListEventSubEvent", stages: [] } }];
  rate.series = {};
  const bare = renderHtml(s, FAKE_ASSETS, viewSection);
  assert.ok(!bare.includes("data-chart="), "no chart is attempted without data");
  assert.ok(bare.includes("No eviction timeline was recorded."));
  assert.ok(bare.includes("No rate-limit stages were recorded."));
  assert.ok(bare.includes("No latency series were recorded."));

  const { load: _l, contract: _c, baseline: _b, ...nothing } = buildFixtureSummary();
  const empty = renderHtml({ ...(nothing as RunSummary), load: { scenarios: [] } }, FAKE_ASSETS, viewSection);
  assert.ok(empty.includes("No load scenarios ran."));
});

test("baseline table marks regressions and lists notes", () => {
  const html = renderHtml(buildFixtureSummary(), FAKE_ASSETS, viewSection);
  const section = html.slice(html.indexOf('<section id="baseline">'));
  const rows = section.match(/<tr>.*?<\/tr>/g) ?? [];
  assert.equal(rows.length, 5, "header + 4 comparisons");
  assert.ok(rows[3]?.includes("rate-limit") && rows[3].includes("+29.4 %") && rows[3].includes("regression"));
  assert.ok(section.includes("<li>rate-limit: stage &#39;100 req/s&#39; is not in the baseline</li>"));
});

test("uPlot is read once per process", () => {
  assert.equal(loadUplotAssets(), loadUplotAssets());
  assert.ok(loadUplotAssets().css.includes(".uplot"));
});

test("the chart script colours the rate-limit scenario's series as its bars: sent blue, admitted green, throttled red", () => {
  const colors = /var KNOWN_COLORS = (\{[^}]*\});/.exec(CHART_SCRIPT)?.[1];
  assert.ok(colors, "KNOWN_COLORS in the chart script");
  const known = new Function("RED", `return ${colors};`)("#dc2626") as Record<string, string>;
  const [sent, admitted, throttled] = Object.keys(RATE_LIMIT_SERIES.counters);
  assert.deepEqual(
    [sent, admitted, throttled].map((k) => known[k ?? ""]),
    ["#2563eb", "#16a34a", "#dc2626"],
    `series ${Object.keys(RATE_LIMIT_SERIES.counters).join(", ")} vs colours ${colors}`,
  );
});

test("golden: index.html of the fixture (with stand-in uPlot)", () => {
  assertGolden("index.html", renderHtml(buildFixtureSummary(), FAKE_ASSETS, viewSection));
});
