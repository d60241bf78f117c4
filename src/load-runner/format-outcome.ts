/**
 * The terminal text of a load run: the scenario's own text (its table), every gating threshold with ✓/✗ and its
 * observed value, the findings that explain failures, the verdict and where the result JSON went.
 */
import { formatThresholdLine } from "../../load/scenarios/threshold-line.ts";
import type { ScenarioRunOutcome } from "./run-scenario-node.ts";

/** Renders the outcome for a terminal. */
export function formatOutcome(o: ScenarioRunOutcome): string {
  const lines: string[] = ["", o.text];
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
