/**
 * The terminal text of a load run: the scenario's table (rate-limit stages, or eviction rounds), every
 * gating threshold with ✓/✗ and its observed value, the findings that explain failures, the verdict and
 * where the result JSON went.
 */
import { formatRateLimitTable } from "../../load/scenarios/rate-limit-report.ts";
import { formatThresholdLine } from "../../load/scenarios/threshold-line.ts";
import type { ScenarioRunOutcome } from "./run-scenario-node.ts";

function formatEviction(o: ScenarioRunOutcome): string {
  const ev = o.result.eviction;
  if (!ev) return "";
  const rows = ev.runs.map(
    (r, i) =>
      `  round ${i}: last heartbeat ${r.lastHeartbeatMs.toFixed(0)} ms, detected ${r.detectedMs.toFixed(0)} ms, latency ${r.latencyMs.toFixed(1)} ms (error ${(r.latencyMs - ev.timeoutMs).toFixed(1)} ms), hand-off gap ${r.handoffGapMs.toFixed(1)} ms, double ownership ${r.doubleOwnership ? "YES" : "no"}`,
  );
  return [`eviction: timeout ${ev.timeoutMs} ms, heartbeat/probe interval ${ev.intervalMs} ms`, ...rows].join("\n");
}

/** Renders the outcome for a terminal. */
export function formatOutcome(o: ScenarioRunOutcome): string {
  const lines: string[] = [""];
  if (o.rateLimit) lines.push(`documented limit: ${o.result.limitRps}/s`, formatRateLimitTable(o.rateLimit));
  else lines.push(formatEviction(o));
  lines.push("", "thresholds:");
  for (const t of o.result.thresholds) lines.push(formatThresholdLine(t));
  for (const n of o.notes) lines.push(`note: ${n}`);
  for (const f of o.findings) lines.push(`${o.interrupted ? "NOTE" : "FAIL"} ${f}`);
  lines.push(
    "",
    `${o.result.name} on ${o.result.engine}: ${o.interrupted ? "INTERRUPTED" : o.passed ? "PASSED" : "FAILED"} in ${(o.result.durationMs / 1000).toFixed(1)} s; result: ${o.resultFile}`,
  );
  return lines.join("\n");
}
