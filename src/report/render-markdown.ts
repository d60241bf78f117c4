/**
 * `summary.md`: the run on one screen, sized for a CI step summary (e.g. `$GITHUB_STEP_SUMMARY`): the verdict
 * line first, a table per section, then the failures. Pure. GitHub-flavoured Markdown tables; every value
 * from the summary is escaped, so a response body cannot break a table or inject markup.
 */

import { viewSection } from "../../load/scenarios/registry.ts";
import type { SectionView } from "../../load/scenarios/section-view.ts";
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
import type { LoadScenarioResult, RunSummary, StepStatus, Verdict } from "./run-summary.ts";

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
  out.push(
    ...table(
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
    ),
  );
  const bullets: string[] = [];
  let hidden = 0;
  for (const op of ops) {
    for (const c of op.cases) {
      if (c.status !== "failed") continue;
      const head = `**${escapeMarkdown(op.operationId, false)}** › ${escapeMarkdown(`[${c.kind}] ${c.title}`, false)}`;
      if (c.violations.length === 0) {
        if (bullets.length < MAX_MARKDOWN_FAILURES)
          bullets.push(`- ${head}: ${escapeMarkdown(c.reason ?? "failed", false)}`);
        else hidden++;
      }
      for (const v of c.violations) {
        if (bullets.length >= MAX_MARKDOWN_FAILURES) {
          hidden++;
          continue;
        }
        const where = v.jsonPointer === "" ? "(whole instance)" : v.jsonPointer;
        bullets.push(
          `- ${head}: ${code(v.check, false)} at ${code(where, false)}: ${escapeMarkdown(v.message, false)}`,
        );
      }
    }
  }
  if (bullets.length > 0) {
    out.push("", "#### Contract failures", "", ...bullets);
    if (hidden > 0) out.push(`- … and ${hidden} more (see junit.xml or index.html)`);
  }
  return out;
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
  return out;
}

function renderScenario(s: LoadScenarioResult): string[] {
  const views = s.sections.map(viewSection);
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

/** Renders the summary as GitHub-flavoured Markdown. */
export function renderMarkdown(summary: RunSummary): string {
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
  if (scenarios.length > 0) lines.push("", "### Load", ...scenarios.flatMap(renderScenario));
  lines.push(...renderBaseline(summary));
  lines.push("", "_Details: `junit.xml` for CI, `index.html` for charts, `summary.json` for tools._", "");
  return lines.join("\n");
}
