/**
 * `handleSummary` for the specgate k6 scripts (docs/peer-conventions.md#end-of-test-summary: legacy `data.metrics`
 * shape only): writes the same EngineResult JSON as the built-in engine (converted with the engine's own
 * `fromK6Summary`, bundled) to `<SPECGATE_REPORT_DIR or reports>/load-<scenario>.json`, and a text
 * summary to stdout; with SPECGATE_PRINT_RESULT=1 also the result as one `SPECGATE_RESULT {json}` line
 * (load/scenarios/runner-result.ts), for merging distributed runners from their logs.
 */
import type { EngineResult } from "../../src/engine/engine-result.ts";
import { fromK6Summary } from "../../src/engine/from-k6-summary.ts";
import { gatingThresholds } from "../scenarios/export-only-thresholds.ts";
import { formatResultLine } from "../scenarios/runner-result.ts";
import { resultFileName } from "../scenarios/scenario-definition.ts";
import { formatThresholdLine } from "../scenarios/threshold-line.ts";

/** One line per gating threshold: ✓/✗, metric, expression, observed value. */
export function formatThresholds(result: EngineResult): string {
  return gatingThresholds(result.thresholds.results).map(formatThresholdLine).join("\n");
}

/** The object handleSummary returns. `details` is scenario-specific text (a stage table, eviction runs). */
export function summaryOutputs(
  scenario: string,
  data: unknown,
  env: { [name: string]: string | undefined },
  details: (result: EngineResult) => string,
  options?: object,
): Record<string, string> {
  const result = fromK6Summary(data);
  // k6's summary has no start time; the end minus the run's duration is it (to the ms), which lets
  // `specgate load rate-limit --merge` see whether distributed runners started together.
  result.startedAt = new Date(Date.now() - result.durationMs).toISOString();
  if (options !== undefined) result.options = { ...options };
  // The export-only thresholds are bookkeeping; the verdict is the gating ones'.
  const gating = gatingThresholds(result.thresholds.results);
  result.thresholds = { ok: gating.every((t) => t.ok), results: result.thresholds.results };
  const dir = (env.SPECGATE_REPORT_DIR ?? "").trim() || "reports";
  const text = [
    `specgate ${scenario} (k6): ${result.thresholds.ok ? "PASSED" : "FAILED"}`,
    formatThresholds(result),
    details(result),
    // For `specgate load SCENARIO --merge` over the logs of runners whose files are gone (k6-operator pods).
    ...(env.SPECGATE_PRINT_RESULT === "1" ? [formatResultLine(result)] : []),
    "",
  ].join("\n");
  return { [`${dir}/${resultFileName(scenario)}`]: `${JSON.stringify(result, null, 2)}\n`, stdout: text };
}

/** Parses `SPECGATE_LOAD_OPTIONS` (a JSON object of scenario options); throws naming the problem. */
export function readOptionsEnv(env: { [name: string]: string | undefined }): Record<string, unknown> {
  const raw = env.SPECGATE_LOAD_OPTIONS;
  if (raw === undefined || raw.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    throw new Error(
      `SPECGATE_LOAD_OPTIONS is not JSON (${(e as Error).message}); pass e.g. -e SPECGATE_LOAD_OPTIONS='{"rounds":1}'`,
    );
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new Error(`SPECGATE_LOAD_OPTIONS must be a JSON object, e.g. '{"rounds":1}'`);
  return parsed as Record<string, unknown>;
}
