/**
 * `junit.xml` for CI test tabs: one `<testsuite>` for the gate's steps, one per contract operation (its cases
 * as testcases), one per load scenario (its thresholds as testcases) and one for the baseline comparison.
 * Pure: summary in, XML text out. The element and attribute names follow the de-facto JUnit format that
 * CI servers read (testsuites/testsuite/testcase with failure/error/skipped children, `time` in seconds).
 */

import { BASELINE_METRIC_LABEL, formatChangePct, formatNumber, formatTolerance } from "./format-values.ts";
import type { ContractCase, ContractOperation, LoadScenarioResult, RunStep, RunSummary } from "./run-summary.ts";
import type { SectionReader } from "./section-view.ts";

// XML 1.0 §2.2 allows only #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]; a character
// reference (&#1;) to anything else is still ill-formed, so such characters are shown as a visible `\uXXXX`.
const ILLEGAL_XML_CHARS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching the characters XML forbids is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function showIllegal(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** Escapes text for XML element content: markup characters, carriage returns, and characters XML 1.0 forbids. */
export function escapeXmlText(text: string): string {
  return text
    .replace(ILLEGAL_XML_CHARS, showIllegal)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\r/g, "&#13;");
}

/**
 * Escapes text for a double-quoted XML attribute. Tab, LF and CR become character references because
 * attribute-value normalization (XML 1.0 §3.3.3) would otherwise turn them into spaces.
 */
export function escapeXmlAttr(text: string): string {
  return escapeXmlText(text)
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\t/g, "&#9;")
    .replace(/\n/g, "&#10;");
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

interface TestCase {
  classname: string;
  name: string;
  durationMs: number;
  outcome:
    | { kind: "passed" }
    | { kind: "failure" | "error"; message: string; type: string; body: string }
    | { kind: "skipped"; message: string };
}

interface TestSuite {
  name: string;
  timestamp: string;
  durationMs: number;
  properties?: [string, string][];
  cases: TestCase[];
}

function renderCase(c: TestCase): string {
  const open = `    <testcase classname="${escapeXmlAttr(c.classname)}" name="${escapeXmlAttr(c.name)}" time="${seconds(c.durationMs)}"`;
  const o = c.outcome;
  if (o.kind === "passed") return `${open}/>`;
  if (o.kind === "skipped") return `${open}>\n      <skipped message="${escapeXmlAttr(o.message)}"/>\n    </testcase>`;
  return `${open}>\n      <${o.kind} message="${escapeXmlAttr(o.message)}" type="${escapeXmlAttr(o.type)}">${escapeXmlText(o.body)}</${o.kind}>\n    </testcase>`;
}

function count(cases: readonly TestCase[], kind: TestCase["outcome"]["kind"]): number {
  return cases.filter((c) => c.outcome.kind === kind).length;
}

function renderSuite(s: TestSuite): string {
  const lines = [
    `  <testsuite name="${escapeXmlAttr(s.name)}" tests="${s.cases.length}" failures="${count(s.cases, "failure")}" errors="${count(s.cases, "error")}" skipped="${count(s.cases, "skipped")}" time="${seconds(s.durationMs)}" timestamp="${escapeXmlAttr(s.timestamp)}">`,
  ];
  if (s.properties !== undefined && s.properties.length > 0) {
    lines.push("    <properties>");
    for (const [name, value] of s.properties)
      lines.push(`      <property name="${escapeXmlAttr(name)}" value="${escapeXmlAttr(value)}"/>`);
    lines.push("    </properties>");
  }
  for (const c of s.cases) lines.push(renderCase(c));
  lines.push("  </testsuite>");
  return lines.join("\n");
}

function stepCase(step: RunStep): TestCase {
  const base = { classname: "specgate.steps", name: step.name, durationMs: step.durationMs };
  switch (step.status) {
    case "passed":
      return { ...base, outcome: { kind: "passed" } };
    case "skipped":
      return { ...base, outcome: { kind: "skipped", message: step.reason ?? "skipped" } };
    case "interrupted":
      return {
        ...base,
        outcome: { kind: "error", type: "interrupted", message: step.reason ?? "interrupted", body: "" },
      };
    case "failed":
      return {
        ...base,
        outcome: {
          kind: "failure",
          type: "step",
          message: step.reason ?? `step ${step.name} failed`,
          body: step.reason ?? "",
        },
      };
  }
}

/** The failure text of a contract case: every violation with its check, JSON pointer, expected and actual. */
function violationBody(c: ContractCase): string {
  return c.violations
    .map((v) =>
      [
        v.message,
        `  check: ${v.check}${v.parameter === undefined ? "" : ` (parameter ${v.parameter})`}`,
        `  at: ${v.jsonPointer === "" ? "(whole instance)" : v.jsonPointer}`,
        `  expected: ${v.expected}`,
        `  actual: ${v.actual}`,
      ].join("\n"),
    )
    .join("\n\n");
}

/** The violation message, plus its JSON pointer unless the message already names it. */
function withPointer(message: string, pointer: string): string {
  const where = pointer === "" ? "(whole instance)" : pointer;
  return message.includes(where) ? message : `${message} (at ${where})`;
}

function contractCase(op: ContractOperation, c: ContractCase): TestCase {
  const base = {
    classname: `contract.${op.product}.${op.operationId}`,
    name: `[${c.kind}] ${c.title}`,
    durationMs: c.durationMs,
  };
  if (c.status === "passed") return { ...base, outcome: { kind: "passed" } };
  if (c.status === "skipped") return { ...base, outcome: { kind: "skipped", message: c.reason ?? "skipped" } };
  const first = c.violations[0];
  const more = c.violations.length > 1 ? ` (+${c.violations.length - 1} more)` : "";
  return {
    ...base,
    outcome: {
      kind: "failure",
      type: first?.check ?? "contract",
      message: first === undefined ? (c.reason ?? "failed") : `${withPointer(first.message, first.jsonPointer)}${more}`,
      body: c.violations.length === 0 ? (c.reason ?? "") : violationBody(c),
    },
  };
}

function thresholdCases(s: LoadScenarioResult): TestCase[] {
  return s.thresholds.map((t) => {
    const base = { classname: `load.${s.name}`, name: `${t.metric}: ${t.expression}`, durationMs: 0 };
    if (t.ok) return { ...base, outcome: { kind: "passed" } };
    const observed = t.observed === null ? "no samples" : `observed ${formatNumber(t.observed)}`;
    return {
      ...base,
      outcome: {
        kind: "failure",
        type: "threshold",
        message: `${t.metric} ${t.expression} not met: ${observed}`,
        body: `threshold ${t.metric}: ${t.expression}\n${observed}\nengine: ${s.engine}`,
      },
    };
  });
}

/** The scenario sections' own checks (SectionView.checks), one testcase each. */
function sectionCases(s: LoadScenarioResult, read: SectionReader): TestCase[] {
  return s.sections.flatMap((section) =>
    read(section).checks.map((c): TestCase => {
      const base = { classname: `load.${s.name}.${section.kind}`, name: c.name, durationMs: 0 };
      if (c.ok) return { ...base, outcome: { kind: "passed" } };
      return { ...base, outcome: { kind: "failure", type: section.kind, message: c.message, body: c.message } };
    }),
  );
}

/** Renders the summary as JUnit XML (UTF-8, XML 1.0, every string escaped); `read` reads scenario sections. */
export function renderJunit(summary: RunSummary, read: SectionReader): string {
  const ts = summary.startedAt;
  const suites: TestSuite[] = [
    {
      name: "specgate steps",
      timestamp: ts,
      durationMs: summary.durationMs,
      properties: [
        ["verdict", summary.verdict],
        ["exitCode", String(summary.exitCode)],
        [
          "target",
          summary.target.url === undefined ? summary.target.kind : `${summary.target.kind} ${summary.target.url}`,
        ],
        ["specgate.version", summary.tool.version],
      ],
      cases: summary.steps.map(stepCase),
    },
  ];
  for (const op of summary.contract?.operations ?? [])
    suites.push({
      name: `contract ${op.operationId}`,
      timestamp: ts,
      durationMs: op.cases.reduce((sum, c) => sum + c.durationMs, 0),
      properties: [["product", op.product]],
      cases: op.cases.map((c) => contractCase(op, c)),
    });
  for (const s of summary.load?.scenarios ?? [])
    suites.push({
      name: `load ${s.name}`,
      timestamp: ts,
      durationMs: s.durationMs,
      properties: [["engine", s.engine]],
      cases: [...thresholdCases(s), ...sectionCases(s, read)],
    });
  if (summary.baseline !== undefined) {
    const b = summary.baseline;
    suites.push({
      name: "baseline comparison",
      timestamp: ts,
      durationMs: 0,
      properties: [["baseline.file", b.file]],
      cases: b.comparisons.map((c) => {
        const name = `${c.scenario}${c.stage === undefined ? "" : ` / ${c.stage}`}: ${BASELINE_METRIC_LABEL[c.metric]}`;
        const text = `baseline ${formatNumber(c.baseline)}, current ${formatNumber(c.current)}, change ${formatChangePct(c.changePct)}, allowed ${formatTolerance(c)}`;
        return {
          classname: "baseline",
          name,
          durationMs: 0,
          outcome: c.regression
            ? { kind: "failure", type: "regression", message: `regression: ${text}`, body: text }
            : { kind: "passed" },
        };
      }),
    });
  }
  const all = suites.flatMap((s) => s.cases);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="specgate" tests="${all.length}" failures="${count(all, "failure")}" errors="${count(all, "error")}" skipped="${count(all, "skipped")}" time="${seconds(summary.durationMs)}" timestamp="${escapeXmlAttr(ts)}">`,
    ...suites.map(renderSuite),
    "</testsuites>",
    "",
  ].join("\n");
}
