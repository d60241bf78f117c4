/**
 * `summary.md`: the run on one screen, sized for a CI step summary (e.g. `$GITHUB_STEP_SUMMARY`): the verdict
 * line first, a table per section, then the failures. Pure. GitHub-flavoured Markdown tables; every value
 * from the summary is escaped, so a response body cannot break a table or inject markup.
 */

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
import type {
  ContractCase,
  ContractOperation,
  LoadScenarioResult,
  RunSummary,
  StepStatus,
  TimeSeries,
  Verdict,
} from "./run-summary.ts";
import type { SectionReader, SectionView } from "./section-view.ts";
import { digestSeries } from "./series-digest.ts";

/** At most this many failure bullets; the rest are counted and left to junit.xml / index.html. */
export const MAX_MARKDOWN_FAILURES = 50;

const VERDICT_ICON: Record<Verdict, string> = { passed: "✅", failed: "❌", interrupted: "⚠️" };
const STATUS_ICON: Record<StepStatus, string> = { passed: "✅", failed: "❌", skipped: "⏭️", interrupted: "⚠️" };

/** Escapes text for Markdown (CommonMark §2.4 backslash escapes); newlines become `<br>` inside tables. */
export function escapeMarkdown(text: string, inTable = true): string {
  const escaped = showControlChars(text).replace(/[\\`*_[\]<>|~&#!]/g, (ch) => `\\${ch}`);
  return escaped.replace(/\r?\n/g, inTable ? "<br>" : " ");
}

/** A code span that survives any content: backtick fence longer than any run inside (CommonMark §6.1). */
function code(text: string, inTable = true): string {
  let s = showControlChars(text).replace(/\r?\n/g, " ");
  if (inTable) s = s.replace(/\|/g, "\\|");
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = s.startsWith("`") || s.endsWith("`") ? " " : "";
  return `${fence}${pad}${s}${pad}${fence}`;
}

function table(header: string[], align: ("l" | "r")[], rows: string[][]): string[] {
  return [
    `| ${header.join(" | ")} |`,
    `| ${align.map((a) => (a === "r" ? "---:" : "---")).join(" | ")} |`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ];
}

function renderSteps(summary: RunSummary): string[] {
  if (summary.steps.length === 0) return ["_No steps ran._"];
  return table(
    ["Step", "Status", "Duration", "Note"],
    ["l", "l", "r", "l"],
    summary.steps.map((s) => [
      escapeMarkdown(s.name),
      `${STATUS_ICON[s.status]} ${s.status}`,
      formatDuration(s.durationMs),
      escapeMarkdown(s.reason ?? ""),
    ]),
  );
}

function contractOverview(ops: readonly ContractOperation[]): string[] {
  return table(
    ["Operation", "Product", "Positive", "Negative", "Failed cases"],
    ["l", "l", "r", "r", "r"],
    ops.map((op) => {
      const failed = op.cases.filter((c) => c.status === "failed").length;
      return [
        escapeMarkdown(op.operationId),
        escapeMarkdown(op.product),
        `${op.positive.passed}/${op.positive.total}`,
        `${op.negative.passed}/${op.negative.total}`,
        failed === 0 ? "0" : `❌ ${failed}`,
      ];
    }),
  );
}

/** Every failure of a case as a bullet: its violations, or its reason when it has none. */
function caseBullets(op: ContractOperation, c: ContractCase): string[] {
  const head = `**${escapeMarkdown(op.operationId, false)}** › ${escapeMarkdown(`[${c.kind}] ${c.title}`, false)}`;
  if (c.violations.length === 0) return [`- ${head}: ${escapeMarkdown(c.reason ?? "failed", false)}`];
  return c.violations.map((v) => {
    const where = v.jsonPointer === "" ? "(whole instance)" : v.jsonPointer;
    return `- ${head}: ${code(v.check, false)} at ${code(where, false)}: ${escapeMarkdown(v.message, false)}`;
  });
}

function renderContract(summary: RunSummary): string[] {
  const ops = summary.contract?.operations;
  if (ops === undefined) return [];
  const t = tallyContract(ops);
  const out = [
    "",
    `### Contract: ${t.passed}/${t.total} cases passed${t.failed > 0 ? `, ${t.failed} failed` : ""}${t.skipped > 0 ? `, ${t.skipped} skipped` : ""}`,
    "",
  ];
  if (ops.length === 0) return [...out, "_No operations were checked._"];
  out.push(...contractOverview(ops));
  const bullets = ops.flatMap((op) => op.cases.filter((c) => c.status === "failed").flatMap((c) => caseBullets(op, c)));
  if (bullets.length > 0) {
    out.push("", "#### Contract failures", "", ...bullets.slice(0, MAX_MARKDOWN_FAILURES));
    const hidden = bullets.length - MAX_MARKDOWN_FAILURES;
    if (hidden > 0) out.push(`- … and ${hidden} more (see junit.xml or index.html)`);
  }
  return out;
}

/** Each series in one row: seconds, minimum, median, maximum and a sparkline (index.html draws them). */
function renderSeries(s: LoadScenarioResult): string[] {
  const keys = Object.keys(s.series).filter((k) => (s.series[k]?.t.length ?? 0) > 0);
  if (keys.length === 0) return ["", "_No time series were recorded._"];
  const rows = keys.map((k) => {
    const d = digestSeries(s.series[k] as TimeSeries);
    const unit = k.startsWith("latency.") ? " ms" : "";
    return [
      code(k),
      String(d.seconds),
      `${formatNumber(d.min, 1)}${unit}`,
      `${formatNumber(d.median, 1)}${unit}`,
      `${formatNumber(d.max, 1)}${unit}`,
      code(d.spark),
    ];
  });
  return [
    "",
    `Per second (${s.engine} engine):`,
    "",
    ...table(["Series", "Seconds", "Min", "Median", "Max", "Over time"], ["l", "r", "r", "r", "r", "l"], rows),
  ];
}

function renderView(v: SectionView): string[] {
  const out: string[] = [];
  for (const p of v.paragraphs) out.push("", escapeMarkdown(p, false));
  for (const t of v.tables)
    out.push(
      "",
      ...table(
        t.headers,
        t.numeric.map((n) => (n ? "r" : "l")),
        t.rows.map((r) => r.map((c) => escapeMarkdown(c))),
      ),
    );
  // The section's own verdicts (JUnit lists each as a testcase): a failed one must show here too.
  if (v.checks.length > 0)
    out.push(
      "",
      ...table(
        ["Check", "Result", "Detail"],
        ["l", "l", "l"],
        v.checks.map((c) => [escapeMarkdown(c.name), c.ok ? "✅ ok" : "❌ failed", escapeMarkdown(c.message)]),
      ),
    );
  return out;
}

function renderScenario(s: LoadScenarioResult, read: SectionReader): string[] {
  const views = s.sections.map(read);
  const facts = [`${s.engine} engine`, formatDuration(s.durationMs), ...views.flatMap((v) => v.facts)];
  const out = ["", `#### ${escapeMarkdown(s.name, false)} (${facts.join(", ")})`, ""];
  if (s.thresholds.length === 0) out.push("_No thresholds._");
  else
    out.push(
      ...table(
        ["Threshold", "Observed", "Result"],
        ["l", "r", "l"],
        s.thresholds.map((t) => [
          `${code(t.metric)}: ${code(t.expression)}`,
          t.observed === null ? "no samples" : formatNumber(t.observed),
          t.ok ? "✅ ok" : "❌ not met",
        ]),
      ),
    );
  for (const v of views) out.push(...renderView(v));
  out.push(...renderSeries(s));
  return out;
}

function renderBaseline(summary: RunSummary): string[] {
  const b = summary.baseline;
  if (b === undefined) return [];
  const regressions = b.comparisons.filter((c) => c.regression).length;
  const out = [
    "",
    `### Baseline: ${regressions === 0 ? "no regression" : `❌ ${regressions} regression${regressions > 1 ? "s" : ""}`} (vs ${code(b.file, false)})`,
    "",
  ];
  if (b.comparisons.length === 0) out.push("_Nothing to compare._");
  else
    out.push(
      ...table(
        ["Scenario", "Metric", "Baseline", "Current", "Change", "Allowed", "Result"],
        ["l", "l", "r", "r", "r", "r", "l"],
        b.comparisons.map((c) => [
          escapeMarkdown(formatComparisonSubject(c)),
          BASELINE_METRIC_LABEL[c.metric],
          formatNumber(c.baseline),
          formatNumber(c.current),
          formatChangePct(c.changePct),
          formatTolerance(c),
          c.regression ? "❌ regression" : "✅ ok",
        ]),
      ),
    );
  if (b.notes.length > 0) out.push("", ...b.notes.map((n) => `- ${escapeMarkdown(n, false)}`));
  return out;
}

/** Renders the summary as GitHub-flavoured Markdown; `read` turns each scenario section into what it shows. */
export function renderMarkdown(summary: RunSummary, read: SectionReader): string {
  const lines = [
    `## ${VERDICT_ICON[summary.verdict]} specgate: ${summary.verdict.toUpperCase()} (exit code ${summary.exitCode})`,
    "",
    `Target: ${escapeMarkdown(describeTarget(summary), false)} · Duration: ${formatDuration(summary.durationMs)} · Started: ${escapeMarkdown(summary.startedAt, false)} · specgate ${escapeMarkdown(summary.tool.version, false)}`,
    "",
    "### Steps",
    "",
    ...renderSteps(summary),
    ...renderContract(summary),
  ];
  const scenarios = summary.load?.scenarios ?? [];
  if (scenarios.length > 0) lines.push("", "### Load", ...scenarios.flatMap((s) => renderScenario(s, read)));
  lines.push(...renderBaseline(summary));
  lines.push("", "_Details: `junit.xml` for CI, `index.html` for charts, `summary.json` for tools._", "");
  return lines.join("\n");
}
