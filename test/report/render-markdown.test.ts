import assert from "node:assert/strict";
import { test } from "node:test";
import { viewSection } from "../../load/scenarios/registry.ts";
import { MAX_MARKDOWN_FAILURES, renderMarkdown } from "../../src/report/render-markdown.ts";
import {
  type EvictionResult,
  type ReportViolation,
  type RunSummary,
  sectionData,
} from "../../src/report/run-summary.ts";
import { buildFixtureSummary, NASTY_TEXT } from "./fixture-summary.ts";
import { assertGolden } from "./golden.ts";

/** True if `text` holds a C0 control character other than tab, LF and CR. */
function hasRawControlChar(text: string): boolean {
  return Array.from(text).some((ch) => {
    const c = ch.charCodeAt(0);
    return c < 0x20 && c !== 0x9 && c !== 0xa && c !== 0xd;
  });
}

/** Splits a Markdown table row into cells, honouring `\|` escapes (GFM tables). */
function cells(row: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (let i = 1; i < row.length - 1; i++) {
    const ch = row[i] as string;
    if (ch === "\\" && i + 1 < row.length - 1) {
      cur += ch + (row[i + 1] as string);
      i++;
    } else if (ch === "|") {
      out.push(cur.trim());
      cur = "";
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

/** Every table in the document as arrays of rows of cells (header, separator, body rows). */
function tables(md: string): string[][][] {
  const result: string[][][] = [];
  let current: string[][] | undefined;
  for (const line of md.split("\n")) {
    if (line.startsWith("|") && line.endsWith("|")) {
      current ??= [];
      current.push(cells(line));
    } else if (current !== undefined) {
      result.push(current);
      current = undefined;
    }
  }
  if (current !== undefined) result.push(current);
  return result;
}

test("the verdict line comes first", () => {
  const failed = renderMarkdown(buildFixtureSummary(), viewSection);
  assert.equal(failed.split("\n")[0], "## ❌ specgate: FAILED (exit code 1)");
  const passed = renderMarkdown({ ...buildFixtureSummary(), verdict: "passed", exitCode: 0 }, viewSection);
  assert.equal(passed.split("\n")[0], "## ✅ specgate: PASSED (exit code 0)");
  const stopped = renderMarkdown({ ...buildFixtureSummary(), verdict: "interrupted", exitCode: 130 }, viewSection);
  assert.equal(stopped.split("\n")[0], "## ⚠️ specgate: INTERRUPTED (exit code 130)");
});

test("every table keeps its column count, even with pipes and newlines in the data", () => {
  const s = buildFixtureSummary();
  s.steps[1] = { name: "contract", status: "failed", durationMs: 1, reason: "a | b\nc `d`" };
  const md = renderMarkdown(s, viewSection);
  const found = tables(md);
  assert.equal(found.length, 9, "steps, contract, 2 threshold tables, eviction runs, stages, 2 series, baseline");
  for (const t of found) {
    const width = t[0]?.length;
    for (const row of t) assert.equal(row.length, width, JSON.stringify(row));
    assert.ok(
      t[1]?.every((c) => /^-{3}:?$/.test(c)),
      "second row is the separator",
    );
  }
  const stepRow = found[0]?.find((r) => r[0] === "contract");
  assert.equal(stepRow?.[3], "a \\| b<br>c \\`d\\`");
});

test("contract results per operation and every failure are listed", () => {
  const md = renderMarkdown(buildFixtureSummary(), viewSection);
  assert.ok(md.includes("### Contract: 8/10 cases passed, 1 failed, 1 skipped"));
  assert.ok(md.includes("| ListEventSubEvent | live | 1/2 | 1/2 | ❌ 1 |"));
  const failures = md.split("\n").filter((l) => l.startsWith("- **ListEventSubEvent**"));
  assert.equal(failures.length, 2);
  assert.ok(failures[0]?.includes('`/TotalCount`: Received string "12" at /TotalCount / Documented integer'));
  assert.ok(failures[1]?.includes("`/EventSubEvents/0/EventData`"));
});

test("received text cannot inject HTML or markup into the step summary", () => {
  const md = renderMarkdown(buildFixtureSummary(), viewSection);
  assert.ok(!md.includes("<script>"), "raw markup is escaped");
  assert.ok(md.includes("\\<script\\>alert('x')\\</script\\>"));
  assert.ok(!hasRawControlChar(md), "no raw control characters");
  assert.ok(NASTY_TEXT.includes("\u0001") && md.includes("\\\\u0001"));
});

test(`at most ${MAX_MARKDOWN_FAILURES} failures are listed, the rest counted`, () => {
  const s = buildFixtureSummary();
  const op = s.contract?.operations[2];
  assert.ok(op);
  const v: ReportViolation = {
    operationId: "X",
    check: "response.body",
    expected: "integer",
    actual: "1",
    jsonPointer: "/n",
    message: "Received 1 / Documented integer",
  };
  op.cases[1] = { ...(op.cases[1] as (typeof op.cases)[number]), violations: Array.from({ length: 80 }, () => v) };
  const md = renderMarkdown(s, viewSection);
  const bullets = md.split("\n").filter((l) => l.startsWith("- **ListEventSubEvent**"));
  assert.equal(bullets.length, MAX_MARKDOWN_FAILURES);
  assert.ok(md.includes(`- … and ${80 - MAX_MARKDOWN_FAILURES} more (see junit.xml or index.html)`));
});

test("load tables show thresholds, eviction runs with resolution and ground truth, stages and series", () => {
  const md = renderMarkdown(buildFixtureSummary(), viewSection);
  assert.ok(md.includes("| `dropped_iterations`: `count==0` | 1 | ❌ not met |"));
  assert.ok(
    md.includes("| 1 | 8.8 s | 19.45 s | 10650 ms ± 5.7 ms | +650 ms | 10652.5 ms (−2.5 ms) | 950 ms | no |"),
    md,
  );
  assert.ok(md.includes("probe interval 10 ms around the deadline. Latency: the middle of the window"));
  assert.ok(md.includes("| 75 req/s | 75 | 750 | 500 | 50 | Throttling.User 250 | 0 | 0 | 6.9 | 15.2 | 31.5 |"));
  // Both engines' series, in the same table: the offered rate of the k6 run steps 25 → 100 req/s.
  assert.ok(md.includes("Per second (node engine):"));
  assert.ok(md.includes("Per second (k6 engine):"));
  assert.ok(md.includes("| `offered_rps` | 40 | 25 | 50 | 100 | `▁▁▁▁▁▁▁▁▁▁▃▃▃▃▃▃▃▃▃▃▆▆▆▆▆▆▆▆▆▆██████████` |"), md);
  const summaryV1 = buildFixtureSummary();
  const first = summaryV1.load?.scenarios[0];
  const run = first && sectionData<EvictionResult>(first, "eviction")?.runs[0];
  if (run) {
    delete run.resolutionMs;
    delete run.truth;
  }
  const v1 = renderMarkdown(summaryV1, viewSection);
  assert.ok(
    v1.includes("| 1 | 8.8 s | 19.45 s | 10650 ms | +650 ms | – | 950 ms | no |"),
    "a version 1 run: no ±, no truth",
  );
  assert.ok(!v1.includes("Latency: the middle of the window"));
});

test("baseline table: one row per comparison, regressions marked, notes listed", () => {
  const md = renderMarkdown(buildFixtureSummary(), viewSection);
  assert.ok(md.includes("### Baseline: ❌ 1 regression (vs `baseline/summary.json`)"));
  const baseline = tables(md).at(-1);
  assert.deepEqual(baseline?.[0], ["Scenario", "Metric", "Baseline", "Current", "Change", "Allowed", "Result"]);
  assert.deepEqual(baseline?.[4], [
    "rate-limit",
    "p95 latency (ms)",
    "11.9",
    "15.4",
    "+29.4 %",
    "≤ +20 %",
    "❌ regression",
  ]);
  assert.deepEqual(baseline?.[5], [
    "rate-limit / 50 req/s",
    "admitted rate (req/s)",
    "50",
    "49.7",
    "−0.6 %",
    "≥ −5 %",
    "✅ ok",
  ]);
  assert.ok(md.includes("- rate-limit: stage '100 req/s' is not in the baseline"));
});

test("sections without data are left out, not rendered empty", () => {
  const { contract: _c, load: _l, baseline: _b, ...bare } = buildFixtureSummary();
  const md = renderMarkdown(bare as RunSummary, viewSection);
  assert.ok(!md.includes("### Contract") && !md.includes("### Load") && !md.includes("### Baseline"));
  assert.ok(md.includes("### Steps"));
});

test("golden: summary.md of the fixture", () => {
  assertGolden("summary.md", renderMarkdown(buildFixtureSummary(), viewSection));
});
