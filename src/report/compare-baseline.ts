/**
 * Release-to-release comparison: the current run against an earlier summary.json (the performance
 * owner's `--baseline` comparison, docs/design.md#who-uses-it). Pure.
 *
 * What is compared, per load scenario present in both runs (matched by name):
 * - `p95_latency_ms`: `metrics.http_req_duration.values["p(95)"]` (k6's request-duration trend); higher is worse.
 * - `admitted_rps`: per rate-limit stage (matched by stage name), admitted ÷ stage seconds; lower is worse.
 * - `eviction_latency_ms`: the worst (max) `eviction.runs[].latencyMs`; higher is worse. The worst run, not the
 *   mean, because the gate's promise is "every silent consumer is evicted in time".
 * Anything present on one side only is listed in `notes`, never silently dropped.
 */
import type {
  BaselineComparison,
  BaselineMetric,
  BaselineSection,
  BaselineTolerances,
  EvictionResult,
  LoadScenarioResult,
  RateLimitStage,
  RunSummary,
} from "./run-summary.ts";
import { exitCodeFor, sectionData } from "./run-summary.ts";

/** Default tolerances: p95 latency may rise 20 %, admitted rate may fall 5 %, eviction latency may rise 10 %. */
export const DEFAULT_TOLERANCES: Readonly<BaselineTolerances> = Object.freeze({
  p95LatencyPct: 20,
  admittedRatePct: 5,
  evictionLatencyPct: 10,
});

/** Options of `compareBaseline`. */
export interface CompareBaselineOptions {
  /** The baseline file as the user named it; recorded in the section. */
  file: string;
  /** Overrides of `DEFAULT_TOLERANCES`, in percent (≥ 0). */
  tolerances?: Partial<BaselineTolerances>;
}

type Direction = "higher-is-worse" | "lower-is-worse";

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** One comparison; a change exactly at the tolerance is not a regression. */
function compareValue(
  metric: BaselineMetric,
  scenario: string,
  stage: string | undefined,
  baseline: number,
  current: number,
  tolerancePct: number,
  direction: Direction,
): BaselineComparison {
  const changePct = baseline === 0 ? (current === 0 ? 0 : null) : round2(((current - baseline) / baseline) * 100);
  const regression =
    direction === "higher-is-worse"
      ? current > baseline * (1 + tolerancePct / 100)
      : current < baseline * (1 - tolerancePct / 100);
  return {
    metric,
    scenario,
    ...(stage === undefined ? {} : { stage }),
    baseline,
    current,
    changePct,
    tolerancePct,
    regression,
  };
}

function p95Of(s: LoadScenarioResult): number | undefined {
  return s.metrics.http_req_duration?.values["p(95)"];
}

function evictionRunsOf(s: LoadScenarioResult): EvictionResult["runs"] {
  return sectionData<EvictionResult>(s, "eviction")?.runs ?? [];
}

function worstEvictionOf(s: LoadScenarioResult): number | undefined {
  const runs = evictionRunsOf(s);
  return runs.length === 0 ? undefined : Math.max(...runs.map((r) => r.latencyMs));
}

function stagesOf(s: LoadScenarioResult): RateLimitStage[] {
  return sectionData<{ stages: RateLimitStage[] }>(s, "rate-limit")?.stages ?? [];
}

function checkTolerances(t: BaselineTolerances): void {
  for (const [name, value] of Object.entries(t)) {
    if (!Number.isFinite(value) || value < 0)
      throw new RangeError(`baseline tolerance ${name} must be a finite percentage ≥ 0, got ${String(value)}`);
  }
}

/** What the per-scenario comparisons add to. */
interface Comparing {
  tolerances: BaselineTolerances;
  comparisons: BaselineComparison[];
  notes: string[];
}

function compareP95(c: Comparing, name: string, old: LoadScenarioResult, cur: LoadScenarioResult): void {
  const p95Old = p95Of(old);
  const p95Cur = p95Of(cur);
  if (p95Old !== undefined && p95Cur !== undefined)
    c.comparisons.push(
      compareValue("p95_latency_ms", name, undefined, p95Old, p95Cur, c.tolerances.p95LatencyPct, "higher-is-worse"),
    );
  else if (p95Old !== undefined || p95Cur !== undefined)
    c.notes.push(
      `${name}: http_req_duration p(95) is only in the ${p95Old === undefined ? "current run" : "baseline"}`,
    );
}

function compareStages(c: Comparing, name: string, old: LoadScenarioResult, cur: LoadScenarioResult): void {
  const oldStages = new Map(stagesOf(old).map((st) => [st.name, st]));
  for (const stage of stagesOf(cur)) {
    const prev = oldStages.get(stage.name);
    if (prev === undefined) {
      c.notes.push(`${name}: stage '${stage.name}' is not in the baseline`);
      continue;
    }
    c.comparisons.push(
      compareValue(
        "admitted_rps",
        name,
        stage.name,
        round2(prev.admitted / (prev.durationMs / 1000)),
        round2(stage.admitted / (stage.durationMs / 1000)),
        c.tolerances.admittedRatePct,
        "lower-is-worse",
      ),
    );
    oldStages.delete(stage.name);
  }
  for (const missing of oldStages.keys()) c.notes.push(`${name}: baseline stage '${missing}' did not run now`);
}

function compareEviction(c: Comparing, name: string, old: LoadScenarioResult, cur: LoadScenarioResult): void {
  const evOld = worstEvictionOf(old);
  const evCur = worstEvictionOf(cur);
  if (evOld === undefined || evCur === undefined) {
    if (evOld !== undefined || evCur !== undefined)
      c.notes.push(`${name}: eviction runs are only in the ${evOld === undefined ? "current run" : "baseline"}`);
    return;
  }
  c.comparisons.push(
    compareValue(
      "eviction_latency_ms",
      name,
      undefined,
      evOld,
      evCur,
      c.tolerances.evictionLatencyPct,
      "higher-is-worse",
    ),
  );
  // Runs without a resolution come from schemaVersion 1 summaries (upgraded on read), measured the older way.
  if (evictionRunsOf(old).every((r) => r.resolutionMs === undefined))
    c.notes.push(
      `${name}: the baseline (schemaVersion 1) measured eviction latency to the answer that showed it, up to one heartbeat interval later than this run's middle of its probe window`,
    );
}

/** Compares `current` with `baseline` (an earlier run's summary) and returns the summary's baseline section. */
export function compareBaseline(
  current: RunSummary,
  baseline: RunSummary,
  options: CompareBaselineOptions,
): BaselineSection {
  const tolerances: BaselineTolerances = { ...DEFAULT_TOLERANCES, ...options.tolerances };
  checkTolerances(tolerances);
  const c: Comparing = { tolerances, comparisons: [], notes: [] };
  const before = new Map((baseline.load?.scenarios ?? []).map((s) => [s.name, s]));
  const now = new Map((current.load?.scenarios ?? []).map((s) => [s.name, s]));
  for (const name of before.keys()) {
    if (!now.has(name)) c.notes.push(`scenario '${name}' is in the baseline but did not run now`);
  }
  for (const [name, cur] of now) {
    const old = before.get(name);
    if (old === undefined) {
      c.notes.push(`scenario '${name}' is not in the baseline; nothing to compare`);
      continue;
    }
    compareP95(c, name, old, cur);
    compareStages(c, name, old, cur);
    compareEviction(c, name, old, cur);
  }
  return { file: options.file, tolerances, comparisons: c.comparisons, notes: c.notes };
}

/**
 * The summary with its baseline section set. A regression turns a passed run into a failed one
 * (exit code 1); a failed or interrupted run keeps its verdict.
 */
export function applyBaseline(summary: RunSummary, section: BaselineSection): RunSummary {
  const regressed = section.comparisons.some((c) => c.regression);
  const verdict = summary.verdict === "passed" && regressed ? "failed" : summary.verdict;
  return {
    ...summary,
    baseline: section,
    verdict,
    exitCode: verdict === summary.verdict ? summary.exitCode : exitCodeFor(verdict),
  };
}
