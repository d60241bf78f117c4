/**
 * The run summary: the one versioned record of a specgate run that every report is rendered from
 * (docs/design.md#reports). The contract suite and the load helpers produce it,
 * `specgate gate` writes it as `reports/summary.json`, `specgate report` re-renders from it, and the
 * performance owner compares releases with it. Documented field by field in docs/summary-schema.md;
 * the machine-checkable form is `summary.schema.json` next to this file.
 *
 * Changing a field's meaning or removing a field is a breaking change: bump `schemaVersion`.
 * Adding an optional field is not.
 */

import type { Violation } from "../openapi/violation.ts";
import type { ScenarioSection } from "./section-view.ts";

export type { RateLimitStage } from "./rate-limit-stage.ts";
// In their own modules so the k6 scenarios can share them (this file uses `URL`, unknown to k6); exported here.
export type { ScenarioSection } from "./section-view.ts";

/**
 * The summary format this specgate writes (it reads version 1 too, upgraded on read). Version 2 keeps what a
 * scenario reports beyond thresholds and metrics as `sections` (version 1: the fields `limitRps`, `stages`,
 * `eviction`), and measures eviction latency to the middle of a short probe window (`EvictionRun.latencyMs`,
 * ± `resolutionMs` / 2; version 1 measured it to the end of the answer that showed the eviction).
 */
export const RUN_SUMMARY_SCHEMA_VERSION = 2;

/** The run's outcome: `interrupted` means it was stopped (signal, timeout) before every step finished. */
export type Verdict = "passed" | "failed" | "interrupted";

/** Steps of `specgate gate`, in the order it runs them. Load steps are `load:<scenario>`. */
export type StepName = "spec-drift" | "contract" | `load:${string}`;

/** A step's outcome. `skipped` carries a `reason` (e.g. "k6 not on PATH", "no credentials for --target real"). */
export type StepStatus = "passed" | "failed" | "skipped" | "interrupted";

/** One step of the run. */
export interface RunStep {
  name: StepName;
  status: StepStatus;
  durationMs: number;
  reason?: string;
}

/** Where the run pointed. `url` never carries credentials, query or fragment (see `sanitizeTargetUrl`). */
export interface RunTarget {
  kind: "mock" | "real" | "url";
  url?: string;
}

/**
 * A contract violation, as data (docs/design.md#errors-are-data): these fields of `Violation`
 * (src/openapi/violation.ts, which documents them), copied across unchanged by the contract suite. The
 * list is explicit because summary.schema.json fixes it: a new `Violation` field is not a summary field.
 */
export type ReportViolation = Pick<
  Violation,
  "operationId" | "check" | "expected" | "actual" | "jsonPointer" | "parameter" | "message"
>;

/** One contract test case. `stateful` cases exercise a sequence (e.g. heartbeat → eviction → shards move). */
export interface ContractCase {
  id: string;
  title: string;
  kind: "positive" | "negative" | "stateful";
  status: "passed" | "failed" | "skipped";
  durationMs: number;
  violations: ReportViolation[];
  /** Why the case was skipped or failed without violations (e.g. "connection refused"). */
  reason?: string;
}

/** Pass counts of one kind of case. */
export interface CaseTally {
  total: number;
  passed: number;
}

/** Contract results of one operation. */
export interface ContractOperation {
  operationId: string;
  /** Product id from `x-product`, e.g. "sls", "live". */
  product: string;
  positive: CaseTally;
  negative: CaseTally;
  cases: ContractCase[];
}

/** Contract section of the summary. */
export interface ContractSection {
  operations: ContractOperation[];
}

/** A threshold as in k6 (`metric: ["p(95)<500"]`); `observed` is the value it was judged on (null: no samples). */
export interface ThresholdResult {
  metric: string;
  expression: string;
  ok: boolean;
  observed: number | null;
}

/**
 * A metric in the shape of k6's legacy end-of-test summary `data.metrics[name]`
 * (docs/peer-conventions.md#end-of-test-summary).
 */
export interface MetricSummary {
  type: "counter" | "gauge" | "rate" | "trend";
  /** k6-like keys: count, rate, avg, min, med, max, "p(90)", "p(95)", "p(99)", value, passes, fails. Times in ms. */
  values: Record<string, number>;
}

/** One eviction measurement; all times are ms from the scenario's start. */
export interface EvictionRun {
  /** When the silent consumer's last heartbeat request went out. */
  lastHeartbeatMs: number;
  /** When the answer that showed the eviction came back. */
  detectedMs: number;
  /**
   * The eviction latency: the middle of the detection window − lastHeartbeatMs, exact to ± resolutionMs / 2
   * (schemaVersion 1: detectedMs − lastHeartbeatMs).
   */
  latencyMs: number;
  /**
   * Width of the detection window, ms: the eviction happened after the detecting consumer's previous heartbeat
   * went out (it came back without the shard) and before `detectedMs`. Absent in schemaVersion 1 summaries.
   */
  resolutionMs?: number;
  /** Against specgate's mock: the eviction time its event log records, as a latency, and latencyMs minus it. */
  truth?: { latencyMs: number; errorMs: number };
  /** Time during which the silent consumer's shards had no owner. */
  handoffGapMs: number;
  /** True if some shard was owned by two consumers at once (must never happen). */
  doubleOwnership: boolean;
}

/** An event of the heartbeat/eviction timeline; `atMs` from the scenario's start. */
export interface TimelineEvent {
  atMs: number;
  consumer: string;
  kind: "heartbeat" | "silent" | "evicted-detected" | "shards";
  /** For `shards` (and optionally `heartbeat`): the shards the consumer holds from then on. */
  shards?: number[];
}

/** Eviction results of the heartbeat-eviction scenario (data of its `eviction` section). */
export interface EvictionResult {
  /** The consumer group's `timeout`, in ms. */
  timeoutMs: number;
  /** Heartbeat interval of the live consumers, in ms. */
  intervalMs: number;
  /** The survivors' probe interval around the deadline, in ms (schemaVersion 2). */
  probeIntervalMs?: number;
  runs: EvictionRun[];
  timeline: TimelineEvent[];
}

/** A time series: `t` in seconds from the scenario's start, `values` aligned with it (null = no sample). */
export interface TimeSeries {
  t: number[];
  values: (number | null)[];
}

/** One load scenario's results. */
export interface LoadScenarioResult {
  /** Scenario name, e.g. "heartbeat-eviction", "rate-limit". */
  name: string;
  engine: "node" | "k6";
  durationMs: number;
  thresholds: ThresholdResult[];
  metrics: Record<string, MetricSummary>;
  /**
   * What the scenario reports beyond thresholds and metrics, one section per kind (`rate-limit`: the
   * documented limit and the stages; `eviction`: the eviction runs and timeline), read by the scenario that
   * wrote it (load/scenarios/registry.ts `viewSection`).
   */
  sections: ScenarioSection[];
  /**
   * Series over time. Keys starting with "latency." (e.g. "latency.p50", "latency.p95", "latency.p99", in ms)
   * are drawn on the latency chart; other keys on the scenario's "other series" chart.
   */
  series: Record<string, TimeSeries>;
}

/** The data of a scenario's section of `kind`, if it wrote one. */
export function sectionData<T>(s: LoadScenarioResult, kind: string): T | undefined {
  return s.sections.find((x) => x.kind === kind)?.data as T | undefined;
}

/** Load section of the summary. */
export interface LoadSection {
  scenarios: LoadScenarioResult[];
}

/** What `compareBaseline` compares (see compare-baseline.ts for the rules). */
export type BaselineMetric = "p95_latency_ms" | "admitted_rps" | "eviction_latency_ms";

/** One metric compared with the baseline. */
export interface BaselineComparison {
  metric: BaselineMetric;
  scenario: string;
  /** For per-stage metrics (admitted_rps): the stage name. */
  stage?: string;
  baseline: number;
  current: number;
  /** (current − baseline) / baseline × 100; null when the baseline is 0. */
  changePct: number | null;
  tolerancePct: number;
  regression: boolean;
}

/** Tolerances in percent; a change worse than this is a regression. */
export interface BaselineTolerances {
  /** Allowed p95 latency increase. */
  p95LatencyPct: number;
  /** Allowed admitted-rate decrease. */
  admittedRatePct: number;
  /** Allowed eviction latency increase. */
  evictionLatencyPct: number;
}

/** Baseline section of the summary. */
export interface BaselineSection {
  /** The baseline summary.json as given on the command line. */
  file: string;
  tolerances: BaselineTolerances;
  comparisons: BaselineComparison[];
  /** What could not be compared, and why (e.g. a scenario missing from the baseline). */
  notes: string[];
}

/** The summary of one run (schemaVersion 2; version 1 summaries are read through `upgradeSummary`). */
export interface RunSummary {
  schemaVersion: 2;
  tool: { name: "specgate"; version: string };
  /** ISO 8601 timestamps. */
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  target: RunTarget;
  verdict: Verdict;
  exitCode: number;
  steps: RunStep[];
  contract?: ContractSection;
  load?: LoadSection;
  baseline?: BaselineSection;
}

/**
 * The gate's exit code for a verdict: 0 passed, 1 failed (docs/design.md#command-line),
 * 130 interrupted (the shell convention for SIGINT, 128 + 2), so CI can tell "stopped" from "failed".
 */
export function exitCodeFor(verdict: Verdict): number {
  return verdict === "passed" ? 0 : verdict === "failed" ? 1 : 130;
}

/**
 * The verdict of a run: interrupted if any step was interrupted, else failed if any step failed or the
 * baseline comparison found a regression, else passed. Skipped steps do not fail the run; they are
 * listed with their reason in every report.
 */
export function decideVerdict(steps: readonly RunStep[], baseline?: BaselineSection): Verdict {
  if (steps.some((s) => s.status === "interrupted")) return "interrupted";
  if (steps.some((s) => s.status === "failed")) return "failed";
  if (baseline?.comparisons.some((c) => c.regression)) return "failed";
  return "passed";
}

/**
 * The target URL as it may appear in a report: scheme, host, port and path only. User info, query and
 * fragment are dropped because they can carry credentials or signatures (docs/design.md#secrets-never-appear: secrets
 * never appear in reports). Throws TypeError for a string that is not an absolute URL.
 */
export function sanitizeTargetUrl(url: string): string {
  const parsed = new URL(url);
  parsed.username = "";
  parsed.password = "";
  parsed.search = "";
  parsed.hash = "";
  return parsed.toString();
}
