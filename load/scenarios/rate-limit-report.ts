/**
 * Reads the rate-limit scenario's outcome back from the run's metrics — k6's legacy summary shape
 * `metrics[name] = { type, values }`, which the built-in engine's result also has — so the per-stage
 * table, the knee and the recovery come out the same whichever engine ran, and so a k6 script's
 * `handleSummary` can print them too. Findings explain each failed gate in words, e.g.
 * "2x: admitted 30/s, documented 50/s" (per minute: "2x: admitted 6000/min, documented 10000/min").
 */
import type { RateLimitStage } from "../../src/report/rate-limit-stage.ts";
import type { RateLimitOptions, RateStep } from "./rate-limit.ts";
import { admittedBounds, limitPerSecond, measuredSeconds, perWindow, scheduledRate } from "./rate-limit.ts";

/** The part of a metric this module reads. */
export interface MetricValues {
  values: Record<string, number>;
}

/** One step as the summary model's `RateLimitStage`, plus the admitted rate the gates judge. */
export interface StageOutcome extends RateLimitStage {
  /** Admitted per second after the settle time (by intended start). */
  admittedRps: number | null;
}

/** The knee search's outcome. */
export interface KneeOutcome {
  /** Highest offered rate still fully admitted (null: not even the first step was). */
  kneeRps: number | null;
  /** Mean admitted rate of the steps above the knee (null: no step was saturated). */
  plateauRps: number | null;
  steps: { stage: string; offeredRps: number; admittedRps: number }[];
}

/** Everything the summary needs. */
export interface RateLimitAnalysis {
  stages: StageOutcome[];
  knee: KneeOutcome | null;
  /** ms from the recovery start until every request was admitted again; 0 = at once; null = no recovery step. */
  recoveryMs: number | null;
  /** Failed gates, explained. */
  findings: string[];
  /** Observations that are not gates (the knee against the documented limit). */
  notes: string[];
}

function count(metrics: Record<string, MetricValues>, key: string): number {
  return metrics[key]?.values.count ?? 0;
}

function stat(metrics: Record<string, MetricValues>, key: string, name: string): number | null {
  const v = metrics[key]?.values[name];
  return typeof v === "number" && (metrics[key]?.values.count ?? 1) > 0 ? v : null;
}

function fmtRate(r: number): string {
  return String(Math.round(r));
}

type Metrics = Record<string, MetricValues>;

/** Throttled answers of a step by code (knee steps, which export no per-code counts, also under `any`). */
function throttledOf(metrics: Metrics, s: RateStep): Record<string, number> {
  const throttled: Record<string, number> = {};
  for (const code of ["Throttling", "Throttling.User", "Throttling.Api", "other"]) {
    const n = count(metrics, `throttled_requests{stage:${s.stage},code:${code}}`);
    if (n > 0) throttled[code] = n;
  }
  if (s.kind === "knee") {
    const n = count(metrics, `throttled_requests{stage:${s.stage}}`);
    if (n > 0) throttled.any = n;
  }
  return throttled;
}

/** One step's row. */
function stageOutcome(metrics: Metrics, s: RateStep): StageOutcome {
  const secs = measuredSeconds(s);
  const admittedMeasured = metrics[`admitted_requests{stage:${s.stage},measured:yes}`];
  const key = `admitted_latency_ms{stage:${s.stage}}`;
  return {
    name: s.stage,
    durationMs: s.durationMs,
    offeredRps: scheduledRate(s),
    sent: count(metrics, `sent_requests{stage:${s.stage}}`),
    admitted: count(metrics, `admitted_requests{stage:${s.stage}}`),
    throttled: throttledOf(metrics, s),
    errors: count(metrics, `error_responses{stage:${s.stage}}`),
    dropped: count(metrics, `dropped_iterations{scenario:${s.scenario}}`),
    latency: { p50: stat(metrics, key, "med"), p95: stat(metrics, key, "p(95)"), p99: stat(metrics, key, "p(99)") },
    admittedRps: admittedMeasured && secs > 0 ? (admittedMeasured.values.count ?? 0) / secs : null,
  };
}

/** A stage's failed gate in words: throttled at or below the limit, or admitted outside ±tolerance above it. */
function stageFinding(o: RateLimitOptions, metrics: Metrics, s: RateStep, st: StageOutcome): string | undefined {
  if (s.kind !== "stage") return undefined;
  // A stage the run never reached (stopped early, or the generator sent nothing) measured nothing: saying
  // "admitted 0/s" of it would read as the target refusing every request.
  if (st.sent === 0) return `${s.stage}: not measured: no request was sent in this stage`;
  if (s.multiplier <= 1) {
    const throttledTotal = Object.values(st.throttled).reduce((a, b) => a + b, 0);
    return throttledTotal > 0
      ? `${s.stage}: ${throttledTotal} of ${st.sent} requests throttled at ${fmtRate(st.offeredRps * (o.windowMs / 1000))}${perWindow(o.windowMs)} offered, at or below the documented ${o.limit}${perWindow(o.windowMs)}`
      : undefined;
  }
  const b = admittedBounds(o, s);
  const measured = count(metrics, `admitted_requests{stage:${s.stage},measured:yes}`);
  if (measured >= b.min && measured <= b.max) return undefined;
  // Rates per the limit's window, so the sentence compares like with like ("6000/min, documented 10000/min").
  const windows = (s.durationMs - s.settleMs) / o.windowMs;
  const unit = perWindow(o.windowMs);
  return `${s.stage}: admitted ${fmtRate(measured / windows)}${unit}, documented ${o.limit}${unit} (allowed ${(b.min / windows).toFixed(1)}–${(b.max / windows).toFixed(1)}${unit} at ${fmtRate(st.offeredRps * (o.windowMs / 1000))}${unit} offered)`;
}

/** The run-wide gates: the error contract, errors, dropped iterations. */
function runFindings(metrics: Metrics): string[] {
  const findings: string[] = [];
  const violations = count(metrics, "contract_violations");
  if (violations > 0)
    findings.push(
      `${violations} throttled answers break the documented error contract (code one of Throttling, Throttling.User, Throttling.Api; status and body as the spec documents)`,
    );
  const errors = count(metrics, "error_responses");
  if (errors > 0)
    findings.push(`${errors} requests got neither a success nor a throttling answer (errors or no response)`);
  const dropped = count(metrics, "dropped_iterations");
  if (dropped > 0)
    findings.push(
      `${dropped} iterations dropped: the load generator could not offer the planned rate, so the offered rates are not what the table says`,
    );
  return findings;
}

/** ms from the recovery step's start until every request was admitted again (null: no recovery step). */
function recoveryTime(metrics: Metrics, recovery: RateStep | undefined): number | null {
  if (recovery === undefined) return null;
  const values = metrics["recovery_throttled_at_ms{throttled:yes}"]?.values;
  // k6 exports a trend's count only when summaryTrendStats lists it (the scripts do; a user's
  // --summary-trend-stats may not): then a max above 0 is what says throttled answers came.
  const n = values?.count;
  const max = values?.max;
  const last = n !== undefined ? (n > 0 ? (max ?? 0) : null) : max !== undefined && max > 0 ? max : null;
  return last === null ? 0 : Math.round(last + 1000 / recovery.rateRps);
}

/** The knee search's steps: the highest fully admitted rate, and the plateau above it. */
function kneeOutcome(
  o: RateLimitOptions,
  steps: readonly RateStep[],
  stages: readonly StageOutcome[],
): KneeOutcome | null {
  const rows = steps.flatMap((s, i) => {
    const st = stages[i] as StageOutcome;
    if (s.kind !== "knee") return [];
    return [
      {
        stage: s.stage,
        offeredRps: st.offeredRps,
        admittedRps: Math.round((st.admitted / (s.durationMs / 1000)) * 10) / 10,
        full: st.sent > 0 && st.admitted >= st.sent * (1 - o.tolerance),
      },
    ];
  });
  if (rows.length === 0) return null;
  let kneeRps: number | null = null;
  for (const r of rows) {
    if (!r.full) break;
    kneeRps = r.offeredRps;
  }
  const above = rows.filter((r) => kneeRps === null || r.offeredRps > kneeRps);
  const plateauRps =
    above.length > 0 ? Math.round((above.reduce((a, r) => a + r.admittedRps, 0) / above.length) * 10) / 10 : null;
  return { kneeRps, plateauRps, steps: rows.map(({ full: _f, ...r }) => r) };
}

function kneeNote(o: RateLimitOptions, knee: KneeOutcome | null): string[] {
  const plateau = knee?.plateauRps ?? null;
  if (plateau === null) return [];
  const limitRps = limitPerSecond(o);
  return Math.abs(plateau - limitRps) > limitRps * o.tolerance
    ? [`knee search: admitted stops growing at about ${fmtRate(plateau)}/s; documented ${fmtRate(limitRps)}/s`]
    : [`knee search: admitted levels off at about ${fmtRate(plateau)}/s, as documented`];
}

/** Analyses the metrics of a rate-limit run planned as `steps`. */
export function analyzeRateLimit(o: RateLimitOptions, steps: readonly RateStep[], metrics: Metrics): RateLimitAnalysis {
  const stages = steps.map((s) => stageOutcome(metrics, s));
  const findings = steps.flatMap((s, i) => stageFinding(o, metrics, s, stages[i] as StageOutcome) ?? []);
  findings.push(...runFindings(metrics));
  const recovery = steps.find((s) => s.kind === "recovery");
  const recoveryMs = recoveryTime(metrics, recovery);
  if (recovery !== undefined && recoveryMs !== null && recoveryMs > o.maxRecoveryMs)
    findings.push(
      `recovery: after the overload, full admission at ${fmtRate(recovery.rateRps)}/s took ${recoveryMs} ms (allowed ≤ ${o.maxRecoveryMs} ms, one window)`,
    );
  const knee = kneeOutcome(o, steps, stages);
  return { stages, knee, recoveryMs, findings, notes: kneeNote(o, knee) };
}

/** A fixed-width text table of the stages, for terminals and k6's stdout summary. */
export function formatRateLimitTable(a: RateLimitAnalysis): string {
  const header = [
    "stage",
    "offered/s",
    "sent",
    "admitted",
    "adm/s",
    "throttled",
    "errors",
    "dropped",
    "p50 ms",
    "p95 ms",
    "p99 ms",
  ];
  const rows = a.stages.map((s) => [
    s.name,
    s.offeredRps.toFixed(1),
    String(s.sent),
    String(s.admitted),
    s.admittedRps === null ? "-" : s.admittedRps.toFixed(1),
    String(Object.values(s.throttled).reduce((x, y) => x + y, 0)),
    String(s.errors),
    String(s.dropped),
    s.latency.p50 === null ? "-" : s.latency.p50.toFixed(1),
    s.latency.p95 === null ? "-" : s.latency.p95.toFixed(1),
    s.latency.p99 === null ? "-" : s.latency.p99.toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  const out = [line(header), ...rows.map(line)];
  if (a.recoveryMs !== null) out.push(`recovery: full admission ${a.recoveryMs} ms after the overload ended`);
  if (a.knee) out.push(`knee: fully admitted up to ${a.knee.kneeRps ?? "-"}/s; plateau ${a.knee.plateauRps ?? "-"}/s`);
  return out.join("\n");
}

/**
 * For a window longer than a second: the most admitted in any run of W consecutive seconds of the per-second
 * admitted series (by when the answer came back), as a finding when it is above the limit (+ tolerance), since the
 * documented limit holds for every W-long window, not only the stages'. `admittedPerSecond` empty: nothing to say.
 */
export function slidingWindowFindings(o: RateLimitOptions, admittedPerSecond: readonly number[]): string[] {
  const n = Math.round(o.windowMs / 1000);
  if (n < 2 || admittedPerSecond.length === 0) return [];
  let sum = 0;
  let worst = { total: 0, from: 0 };
  admittedPerSecond.forEach((v, i) => {
    sum += v - (i >= n ? (admittedPerSecond[i - n] ?? 0) : 0);
    if (sum > worst.total) worst = { total: sum, from: Math.max(0, i - n + 1) };
  });
  if (worst.total <= o.limit * (1 + o.tolerance)) return [];
  return [
    `admitted ${worst.total} in the ${n} s from second ${worst.from} of the run, documented ${o.limit}${perWindow(o.windowMs)}`,
  ];
}
