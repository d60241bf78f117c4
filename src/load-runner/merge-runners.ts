/**
 * The account-wide verdict of a distributed run of any mergeable scenario: the runners' results
 * (load/scenarios/runner-result.ts) merged (src/engine/merge-results.ts) and judged against the whole plan —
 * for rate-limit, the documented limit, not each runner's share of it. Each runner judged itself against its
 * share (SPECGATE_RUNNERS); the service admits whichever request comes first, so shares need not be even, and
 * only the sum of what the runners measured says whether the account was held to its limit.
 */
import type { ScenarioPlan } from "../../load/scenarios/scenario-definition.ts";
import { attachThresholds, type EngineResult } from "../engine/engine-result.ts";
import { judgeSummaryThresholds, mergeResults } from "../engine/merge-results.ts";
import { type LoadOutcome, toLoadOutcome } from "./to-load-result.ts";

/** One runner's result and where it came from (file, or file:line of a log). */
export interface RunnerResult {
  source: string;
  result: EngineResult;
}

/** A sub-metric key up to its first tag (`sent_requests{stage:2x`): what a runner ran, whatever it sampled. */
function headOf(key: string): string {
  return key.split(/[,}]/)[0] ?? key;
}

/**
 * Every runner ran every sub-metric of the plan, by its first tag (k6 exports each, samples or not; the built-in
 * engine records the ones sampled): a runner without one, or with one the plan lacks, ran with other options, and
 * adding its counts to the others' would judge a plan nobody ran. Throws naming the runner and the metric.
 */
function checkSamePlan(runners: readonly RunnerResult[], plan: ScenarioPlan): void {
  const planned = new Set(
    [...plan.exports, ...Object.keys(plan.thresholds)].filter((k) => k.includes("{")).map(headOf),
  );
  const own = new Set(plan.metrics.map((m) => m.name));
  for (const r of runners) {
    const ran = new Set(
      Object.keys(r.result.metrics)
        .filter((k) => k.includes("{"))
        .map(headOf),
    );
    // The plan's leading export (rate-limit: sent_requests per stage) is recorded by every runner of the plan.
    const lead = plan.exports[0]?.split("{")[0];
    const missing = [...planned].filter((k) => !ran.has(k) && k.split("{")[0] === lead);
    // Sub-metrics of k6's own metrics that k6 adds by itself (`http_req_duration{expected_response:true}`) say
    // nothing about the plan: only the scenario's own metrics must all be planned.
    const extra = [...ran].filter((k) => !planned.has(k) && own.has(k.split("{")[0] ?? k));
    if (missing.length > 0 || extra.length > 0)
      throw new Error(
        `${r.source}: ${missing.length > 0 ? `no ${missing[0]}} of the plan` : `${extra[0]}} is not in the plan`}; give --option the values the runners had in SPECGATE_LOAD_OPTIONS (and merge the runners of one run)`,
      );
  }
}

/** Merges the runners of scenario `name` and judges the whole plan's thresholds. */
export function mergeRunners(
  name: string,
  runners: readonly RunnerResult[],
  plan: ScenarioPlan,
): LoadOutcome & { engineResult: EngineResult } {
  const merged = mergeResults(
    runners.map((r) => r.result),
    runners.map((r) => r.source),
  );
  checkSamePlan(runners, plan);
  const results = judgeSummaryThresholds(merged, plan.thresholds);
  merged.thresholds = { ok: results.every((r) => r.ok), results };
  merged.options = { ...plan.options };
  attachThresholds(merged.metrics, results);
  const outcome = toLoadOutcome(name, plan, merged);
  const start = judgeStartSpread(runners, plan.alignWindowMs);
  if (start.note !== undefined) outcome.notes.push(start.note);
  if (start.finding !== undefined) {
    outcome.findings.push(start.finding);
    outcome.passed = false;
  }
  return { ...outcome, engineResult: merged };
}

/** Runners may start this far apart, as a fraction of the plan's shortest measured window. */
const START_SPREAD_FRACTION = 0.1;

/**
 * Each runner measures its windows on its own clock from its own start, so runners that started apart count
 * windows that do not line up, and their sum can exceed the limit though the service held it. k6-operator
 * starts runners together (paused, then resumed); by hand they may not be. Judged from the start times the
 * runners recorded (k6 scripts since they record it; unknown otherwise).
 */
function judgeStartSpread(
  runners: readonly RunnerResult[],
  windowMs: number | undefined,
): { note?: string; finding?: string } {
  const starts = runners.map((r) => (r.result.startedAt === null ? Number.NaN : Date.parse(r.result.startedAt)));
  if (runners.length < 2 || starts.some((t) => Number.isNaN(t))) return {};
  const spread = Math.max(...starts) - Math.min(...starts);
  const allowed = windowMs === undefined ? Number.POSITIVE_INFINITY : windowMs * START_SPREAD_FRACTION;
  const note = `runners started within ${Math.round(spread)} ms of each other`;
  if (spread <= allowed) return { note };
  return {
    note,
    finding: `the runners started ${Math.round(spread)} ms apart (allowed ${Math.round(allowed)} ms, a tenth of the shortest measured window): their measured windows do not line up; start them together (k6 run --paused, then k6 resume for all)`,
  };
}

/** JSON with sorted keys, so two option objects compare by content. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x !== null && typeof x === "object" && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : x,
  );
}

/**
 * The options to plan the merged run with. Runners record the options they ran with (`options` in their result:
 * the whole account's plan); all must agree, and so must any `--option` given. Results without recorded options
 * (older scripts) are judged by the options the user states.
 */
export function resolveMergeOptions(
  runners: readonly RunnerResult[],
  given: Readonly<Record<string, unknown>>,
): Readonly<Record<string, unknown>> {
  const recorded = runners.filter((r) => r.result.options !== undefined);
  if (recorded.length === 0) return given;
  const unrecorded = runners.find((r) => r.result.options === undefined);
  if (unrecorded !== undefined)
    throw new Error(
      `${unrecorded.source} records no options while ${recorded[0]?.source} does; merge the runners of one run`,
    );
  const first = recorded[0] as RunnerResult;
  const plan = first.result.options as Record<string, unknown>;
  for (const r of recorded.slice(1)) {
    const other = r.result.options as Record<string, unknown>;
    const differ = [...new Set([...Object.keys(plan), ...Object.keys(other)])].filter(
      (k) => canonical(plan[k]) !== canonical(other[k]),
    );
    if (differ.length > 0)
      throw new Error(
        `${r.source} ran another plan than ${first.source} (${differ.map((k) => `${k}: ${canonical(other[k])} vs ${canonical(plan[k])}`).join(", ")}); merge the runners of one run`,
      );
  }
  for (const [k, v] of Object.entries(given))
    if (canonical(plan[k]) !== canonical(v))
      throw new Error(
        `--option ${k}=${canonical(v)}, but the runners ran with ${k}=${canonical(plan[k])}; leave the --option out: their results record the plan`,
      );
  return plan;
}
