/**
 * Text, number and duration formatting shared by the Markdown and HTML reports, so both show the same text
 * for the same value. Deterministic (no locale): reports are compared as golden files.
 */
import type {
  BaselineComparison,
  BaselineMetric,
  ContractOperation,
  EvictionResult,
  EvictionRun,
  RunSummary,
} from "./run-summary.ts";

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is matched here
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** C0 controls (other than tab, LF, CR) and DEL as a visible `\uXXXX`: browsers and Markdown viewers draw them as empty boxes. */
export function showControlChars(text: string): string {
  return text.replace(CONTROL_CHARS, (ch) => `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`);
}

/** "0 ms", "412 ms", "3.12 s", "1 min 34.5 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${trimZeros((ms / 1000).toFixed(2))} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${trimZeros(((ms - minutes * 60_000) / 1000).toFixed(1))} s`;
}

function trimZeros(s: string): string {
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}

/** A number with at most `digits` decimals, trailing zeros dropped; null → "–". */
export function formatNumber(x: number | null | undefined, digits = 2): string {
  if (x === null || x === undefined) return "–";
  if (!Number.isFinite(x)) return String(x);
  return trimZeros(x.toFixed(digits));
}

/** "+12.5 %", "−3 %", "n/a" (baseline 0). */
export function formatChangePct(pct: number | null): string {
  if (pct === null) return "n/a";
  const sign = pct > 0 ? "+" : pct < 0 ? "−" : "±";
  return `${sign}${formatNumber(Math.abs(pct), 1)} %`;
}

/** How far an eviction landed from the group timeout: "+412 ms" after it, "−1.2 s" before it. */
export function formatTimeoutOffset(latencyMs: number, timeoutMs: number): string {
  return `${latencyMs >= timeoutMs ? "+" : "−"}${formatDuration(Math.abs(latencyMs - timeoutMs))}`;
}

/** Column headers of the eviction runs table, in the order of {@link evictionRunCells}. */
export const EVICTION_RUN_HEADERS = [
  "Run",
  "Last heartbeat",
  "Eviction detected",
  "Latency",
  "vs timeout",
  "Mock's event log",
  "Hand-off gap",
  "Double ownership",
] as const;

/** A signed difference in ms: "+1.2 ms", "−0.4 ms", "±0 ms". */
function signedMs(ms: number): string {
  const sign = ms > 0 ? "+" : ms < 0 ? "−" : "±";
  return `${sign}${formatNumber(Math.abs(ms), 1)} ms`;
}

/**
 * One eviction run as the text both reports show (each escapes it its own way): the latency with its resolution
 * ("2000.8 ms ± 5.6 ms"; summaries of schemaVersion 1 have none), and against specgate's mock its own eviction
 * time and the measurement's error ("2001.5 ms (−0.7 ms)").
 */
export function evictionRunCells(run: EvictionRun, index: number, timeoutMs: number): string[] {
  const pm = run.resolutionMs === undefined ? "" : ` ± ${formatNumber(run.resolutionMs / 2, 1)} ms`;
  const truth =
    run.truth === undefined ? "–" : `${formatNumber(run.truth.latencyMs, 1)} ms (${signedMs(run.truth.errorMs)})`;
  return [
    String(index + 1),
    formatDuration(run.lastHeartbeatMs),
    formatDuration(run.detectedMs),
    `${formatNumber(run.latencyMs, 1)} ms${pm}`,
    formatTimeoutOffset(run.latencyMs, timeoutMs),
    truth,
    formatDuration(run.handoffGapMs),
    run.doubleOwnership ? "yes" : "no",
  ];
}

/** The sentence above an eviction table: timeout, intervals, and what the latency means. */
export function describeEvictionSetup(e: EvictionResult): string {
  const probe =
    e.probeIntervalMs === undefined ? "" : `, probe interval ${formatDuration(e.probeIntervalMs)} around the deadline`;
  const windowed = e.runs.some((r) => r.resolutionMs !== undefined)
    ? " Latency: the middle of the window the eviction was detected in, ± half its width."
    : "";
  return `Group timeout ${formatDuration(e.timeoutMs)}, heartbeat interval ${formatDuration(e.intervalMs)}${probe}.${windowed}`;
}

/** What a baseline comparison is about: the scenario, and the stage for the admitted rate. */
export function formatComparisonSubject(c: BaselineComparison): string {
  return c.stage === undefined ? c.scenario : `${c.scenario} / ${c.stage}`;
}

/** Human label and unit of a baseline metric. */
export const BASELINE_METRIC_LABEL: Readonly<Record<BaselineMetric, string>> = {
  p95_latency_ms: "p95 latency (ms)",
  admitted_rps: "admitted rate (req/s)",
  eviction_latency_ms: "eviction latency (ms)",
};

/** The tolerance as the user reads it: "≤ +20 %" for higher-is-worse metrics, "≥ −5 %" for the admitted rate. */
export function formatTolerance(c: BaselineComparison): string {
  return c.metric === "admitted_rps"
    ? `≥ −${formatNumber(c.tolerancePct, 1)} %`
    : `≤ +${formatNumber(c.tolerancePct, 1)} %`;
}

/** Where the run pointed, in one phrase. */
export function describeTarget(summary: RunSummary): string {
  const { kind, url } = summary.target;
  return url === undefined ? kind : `${kind} (${url})`;
}

/** Counts over the contract section: cases by status, and failed cases with their operation. */
export function tallyContract(operations: readonly ContractOperation[]): {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
} {
  let total = 0;
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const op of operations) {
    for (const c of op.cases) {
      total++;
      if (c.status === "passed") passed++;
      else if (c.status === "failed") failed++;
      else skipped++;
    }
  }
  return { total, passed, failed, skipped };
}
