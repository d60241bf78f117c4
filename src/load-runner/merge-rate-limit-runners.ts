/**
 * The account-wide verdict of a distributed rate-limit run: the runners' results (runner-result.ts)
 * merged (src/engine/merge-results.ts) and judged against the whole account's plan — the documented
 * limit, not each runner's share of it. Each runner judged itself against limit/N (SPECGATE_RUNNERS);
 * the service admits whichever request comes first, so shares need not be even, and only the sum of
 * what the runners were admitted says whether the account was held to its limit.
 */
import {
  planRateLimit,
  type RateLimitOptions,
  rateLimitThresholds,
  resolveRateLimitOptions,
} from "../../load/scenarios/rate-limit.ts";
import { attachThresholds, type EngineResult } from "../engine/engine-result.ts";
import { judgeSummaryThresholds, mergeResults } from "../engine/merge-results.ts";
import { type LoadOutcome, toRateLimitOutcome } from "./to-load-result.ts";

/** One runner's result and where it came from (file, or file:line of a log). */
export interface RunnerResult {
  source: string;
  result: EngineResult;
}

/**
 * Merges the runners and judges the account-wide thresholds of the plan `o` describes (the options the
 * runners ran with). Throws naming a stage of the plan that no runner has: the options differ.
 */
export function mergeRateLimitRunners(
  runners: readonly RunnerResult[],
  o: RateLimitOptions,
): LoadOutcome & { engineResult: EngineResult } {
  const steps = planRateLimit(o);
  const merged = mergeResults(
    runners.map((r) => r.result),
    runners.map((r) => r.source),
  );
  // Every runner ran every step (k6 exports each step's sub-metrics, samples or not): a runner without a
  // step of the plan, or with one the plan lacks, ran with other options, and adding its counts to the
  // others' would judge a plan nobody ran.
  const planned = new Set(steps.map((s) => s.stage));
  for (const r of runners) {
    const ran = Object.keys(r.result.metrics).flatMap((k) => /^sent_requests\{stage:([^,}]+)\}$/.exec(k)?.[1] ?? []);
    const missing = [...planned].filter((s) => !ran.includes(s));
    const extra = ran.filter((s) => !planned.has(s));
    if (missing.length > 0 || extra.length > 0)
      throw new Error(
        `${r.source}: ${missing.length > 0 ? `no stage ${missing.join(", ")} of the plan` : `stage ${extra.join(", ")} is not in the plan`}; give --option the values the runners had in SPECGATE_LOAD_OPTIONS (and merge the runners of one run)`,
      );
  }
  const results = judgeSummaryThresholds(merged, rateLimitThresholds(o, steps));
  merged.thresholds = { ok: results.every((r) => r.ok), results };
  merged.options = { ...o };
  attachThresholds(merged.metrics, results);
  const outcome = toRateLimitOutcome(merged, o, steps);
  const start = judgeStartSpread(runners, steps);
  if (start.note !== undefined) outcome.notes.push(start.note);
  if (start.finding !== undefined) {
    outcome.findings.push(start.finding);
    outcome.passed = false;
  }
  return { ...outcome, engineResult: merged };
}

/** Runners may start this far apart, as a fraction of the shortest measured window of a stage above the limit. */
const START_SPREAD_FRACTION = 0.1;

/**
 * Each runner measures its stages on its own clock from its own start, so runners that started apart count
 * windows that do not line up, and their sum can exceed the limit though the service held it. k6-operator
 * starts runners together (paused, then resumed); by hand they may not be. Judged from the start times the
 * runners recorded (k6 scripts since they record it; unknown otherwise).
 */
function judgeStartSpread(
  runners: readonly RunnerResult[],
  steps: ReturnType<typeof planRateLimit>,
): { note?: string; finding?: string } {
  const starts = runners.map((r) => (r.result.startedAt === null ? Number.NaN : Date.parse(r.result.startedAt)));
  if (runners.length < 2 || starts.some((t) => Number.isNaN(t))) return {};
  const spread = Math.max(...starts) - Math.min(...starts);
  const windows = steps.filter((s) => s.kind === "stage" && s.multiplier > 1).map((s) => s.durationMs - s.settleMs);
  const allowed = windows.length > 0 ? Math.min(...windows) * START_SPREAD_FRACTION : Number.POSITIVE_INFINITY;
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
 * The plan to judge the runners by. Runners record the options they ran with (`options` in their result: the
 * whole account's plan); all must agree, and so must any `--option` given. Results without recorded options
 * (older scripts) are judged by `fromGiven(given)`, the options the user states.
 */
export function resolveMergePlan(
  runners: readonly RunnerResult[],
  given: Readonly<Record<string, unknown>>,
  fromGiven: (given: Readonly<Record<string, unknown>>) => RateLimitOptions,
): RateLimitOptions {
  const recorded = runners.filter((r) => r.result.options !== undefined);
  if (recorded.length === 0) return fromGiven(given);
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
  const { limitRps, action, version, ...rest } = plan as Partial<RateLimitOptions>;
  return resolveRateLimitOptions(
    { limitRps: limitRps as number, action: action as string, version: version as string },
    rest,
  );
}
