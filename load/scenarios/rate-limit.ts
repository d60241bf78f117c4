/**
 * Scenario `rate-limit`: an operation at and beyond its documented limit, read from the spec (`x-qps-limit` over
 * `x-qps-limit-window`, never a second hard-coded copy). Default Live ListEventSubEvent, documented "up to 50 times
 * per second per account; requests that exceed this limit are dropped"; any RPC operation of a loaded spec with a
 * documented limit works the same (operation-call.ts builds its request), per second or per minute.
 *
 * Plan (all open model, one k6 `constant-arrival-rate` scenario per step, back to back), in units of the limit's
 * window W (1 s or 60 s):
 * 1. stages at multiples of the limit (per second: 0.5×, 1×, 1.2×, 2×, 4×, 4 s each; per minute: 0.5× and 2×, one
 *    whole window each, so the default plan takes under 3 minutes);
 * 2. recovery: right after the overload, 0.5× (per second 4 s, per minute W/4); recovery time = intended start (from
 *    the step start) of the last throttled request, i.e. how long until every request is admitted again;
 * 3. knee search (per second only by default): a static ascending staircase of short steps from 0.5× to 2× (12 steps
 *    of 1 s, geometric). k6 cannot change an arrival rate in reaction to results, so the search is a grid both
 *    engines run alike; the knee is the highest step still fully admitted, and the plateau is the admitted rate of
 *    the steps above it ("admitted stops growing with offered").
 *
 * Measurement: the limit is per account and per window, so admitted requests are counted by their *intended* start
 * (open model), per stage, only after a settle time from the stage boundary (per second 1 s: the limiter's window
 * still holds the previous stage's admits for up to one window). Per minute there is no settle: a stage is whole
 * windows, and a sliding window that is full at the end of each of them held exactly the limit in each, whatever
 * came before. The admitted rate of a stage is admitted-after-settle ÷ (stage duration − settle). Latency is
 * measured from the intended start. The 1× stage offers the limit over one window + a jitter budget (5 % of W, 50 ms
 * per second): exactly L per window leaves any strict limiter a zero margin, so one request delayed by a millisecond
 * more than the one L requests earlier is (correctly) throttled; the budget absorbs load-generator stalls and network
 * jitter, keeping 1× a test of the contract rather than of timer jitter. Set it to 0 to offer exactly L.
 *
 * Thresholds: nothing throttled at ≤ 1×; above 1×, admitted within ±5 % of the limit per window; every throttled
 * answer is a documented throttling code (docs/alibaba/pop-errors.md#flow-control) with a status and body the spec
 * documents; no other errors; zero dropped iterations; recovery within one window. For windows longer than a second
 * the scenario also checks the per-second admitted series: no run of W consecutive seconds above the limit.
 */
import { QPS_WINDOW_MS, readXQpsLimitWindow } from "../../src/openapi/read-extensions.ts";
import type { ErrorContract } from "./error-contract.ts";
import { THROTTLING_CODES } from "./error-contract.ts";
import type { Flow } from "./flow.ts";
import { settle } from "./flow.ts";
import { callParams, type OperationCall } from "./operation-call.ts";
import type { HttpResult, MetricDefinition, ScenarioPort } from "./scenario-port.ts";
import type { ScenarioSeries } from "./scenario-series.ts";
import { type ScenarioTarget, targetProduct } from "./scenario-target.ts";
import { buildRpcRequest } from "./signed-requests.ts";
import { findSpecOperation } from "./spec-operation.ts";

/** Scenario name. */
export const RATE_LIMIT = "rate-limit";

/** Options. `limit` and `windowMs` come from the spec's `x-qps-limit` and `x-qps-limit-window`. */
export interface RateLimitOptions {
  /** Requests admitted per window (`x-qps-limit`). */
  limit: number;
  /** The limit's window, ms: 1000 (per second) or 60000 (per minute), from `x-qps-limit-window`. */
  windowMs: number;
  multipliers: number[];
  stageMs: number;
  settleMs: number;
  jitterBudgetMs: number;
  recoveryMs: number;
  recoveryMultiplier: number;
  kneeSteps: number;
  kneeStepMs: number;
  kneeFrom: number;
  kneeTo: number;
  /** Admitted-rate tolerance above the limit, as a fraction (0.05 = ±5 %). */
  tolerance: number;
  /** Longest full recovery allowed, ms (one window). */
  maxRecoveryMs: number;
  /** Cap on each step above 1× (real accounts), ms; undefined = no cap. */
  overloadCapMs?: number;
}

/** What the spec says of the limit. */
export interface DocumentedLimit {
  limit: number;
  windowMs: number;
}

/** Option defaults for a per-second limit (the limit and the operation come from the spec). */
export const DEFAULT_RATE_LIMIT_OPTIONS = Object.freeze({
  multipliers: [0.5, 1, 1.2, 2, 4],
  stageMs: 4000,
  settleMs: 1000,
  jitterBudgetMs: 50,
  recoveryMs: 4000,
  recoveryMultiplier: 0.5,
  kneeSteps: 12,
  kneeStepMs: 1000,
  kneeFrom: 0.5,
  kneeTo: 2,
  tolerance: 0.05,
  maxRecoveryMs: 1000,
});

/**
 * Option defaults for a limit per window W longer than a second (per minute): 0.5× and 2× for one whole window each,
 * a quarter window of recovery, no knee search (each step would need a window): under 3 minutes per minute.
 */
export function windowDefaults(windowMs: number): Omit<RateLimitOptions, "limit" | "windowMs"> {
  if (windowMs <= 1000)
    return { ...DEFAULT_RATE_LIMIT_OPTIONS, multipliers: [...DEFAULT_RATE_LIMIT_OPTIONS.multipliers] };
  return {
    multipliers: [0.5, 2],
    stageMs: windowMs,
    settleMs: 0,
    jitterBudgetMs: windowMs * 0.05,
    recoveryMs: windowMs / 4,
    recoveryMultiplier: 0.5,
    kneeSteps: 0,
    kneeStepMs: windowMs,
    kneeFrom: 0.5,
    kneeTo: 2,
    tolerance: 0.05,
    maxRecoveryMs: windowMs,
  };
}

/** The limit in requests per second (the rate the stages multiply). */
export function limitPerSecond(o: DocumentedLimit): number {
  return (o.limit * 1000) / o.windowMs;
}

/** "/s", "/min" or " per N s": the unit of a rate per the limit's window, for messages. */
export function perWindow(windowMs: number): string {
  if (windowMs === 1000) return "/s";
  if (windowMs === 60_000) return "/min";
  return ` per ${windowMs / 1000} s`;
}

/** The default operation (Live, docs/alibaba/live-event-subscriptions.md#request-limit). */
export const RATE_LIMIT_OPERATION = "ListEventSubEvent";

/** Longest step above the documented limit against a real account, ms. */
export const REAL_OVERLOAD_CAP_MS = 3000;

/**
 * Whether the plan offers more than the documented limit: a stage above 1×, or the knee search (which
 * climbs to `kneeTo`). Against a real account that throttles everyone on it, so both engines refuse it
 * unless the user accepted it.
 */
export function offersOverload(o: RateLimitOptions): boolean {
  return o.multipliers.some((m) => m > 1) || o.kneeSteps > 0;
}

/**
 * Real accounts: caps every step above 1× at {@link REAL_OVERLOAD_CAP_MS} (a shorter given cap stays), or at one
 * window for a limit per a longer window: a shorter part of a minute cannot show a per-minute limit (it may be
 * admitted in one burst), so that is the least overload that still measures something.
 */
export function capRealOverload(o: RateLimitOptions): RateLimitOptions {
  const cap = Math.max(REAL_OVERLOAD_CAP_MS, o.windowMs > 1000 ? o.windowMs : 0);
  return { ...o, overloadCapMs: Math.min(o.overloadCapMs ?? cap, cap) };
}

/** How an engine's user accepts overload or shrinks the plan, for the guard's message. */
export interface OverloadRemedy {
  /** The switch that accepts overload (`--allow-overload`, `-e SPECGATE_ALLOW_OVERLOAD=1`). */
  accept: string;
  /** How to keep the plan at or below the limit instead. */
  limit: string;
}

/**
 * The real-account guard both engines apply: a plan that {@link offersOverload} is refused (RangeError naming
 * `remedy`) unless `accepted`; an accepted plan is capped by {@link capRealOverload}.
 */
export function guardRealOverload(o: RateLimitOptions, accepted: boolean, remedy: OverloadRemedy): RateLimitOptions {
  if (offersOverload(o) && !accepted)
    throw new RangeError(
      `rate-limit would offer up to ${Math.max(...o.multipliers, o.kneeSteps > 0 ? o.kneeTo : 0)}× the documented ${o.limit}${perWindow(o.windowMs)} to a real account (throttling it for everyone on the account); pass ${remedy.accept} to accept (steps above the limit are capped at ${Math.max(REAL_OVERLOAD_CAP_MS, o.windowMs > 1000 ? o.windowMs : 0) / 1000} s each), or limit it with ${remedy.limit}`,
    );
  return capRealOverload(o);
}

/** The documented limit of `operationId` in the spec document (`x-qps-limit`, `x-qps-limit-window`). */
export function readDocumentedLimit(document: unknown, operationId: string): DocumentedLimit {
  const op = findSpecOperation(document, operationId);
  const limit = op["x-qps-limit"];
  if (typeof limit !== "number" || !(limit > 0))
    throw new RangeError(
      `${operationId} has no documented limit (x-qps-limit) in the spec; name an operation whose page states one`,
    );
  return { limit, windowMs: QPS_WINDOW_MS[readXQpsLimitWindow(op, operationId)] };
}

/** Validates options merged over the defaults; throws naming the option. */
export function resolveRateLimitOptions(
  fromSpec: DocumentedLimit,
  given: Partial<RateLimitOptions> = {},
): RateLimitOptions {
  const windowMs = given.windowMs ?? fromSpec.windowMs;
  const o: RateLimitOptions = { ...windowDefaults(windowMs), ...fromSpec, ...given };
  checkRates(o);
  checkTimings(o);
  checkKneeSearch(o);
  return o;
}

function bad(name: string, v: unknown, rule: string): never {
  throw new RangeError(`rate-limit option ${name}: ${JSON.stringify(v)} is not valid; ${rule}`);
}

function checkRates(o: RateLimitOptions): void {
  if (!(o.limit > 0)) bad("limit", o.limit, "the documented limit must be > 0");
  if (!Number.isInteger(o.windowMs) || o.windowMs < 1000)
    bad("windowMs", o.windowMs, "use the limit's window in whole ms ≥ 1000 (default: the spec's x-qps-limit-window)");
  if (!Array.isArray(o.multipliers) || o.multipliers.length === 0 || o.multipliers.some((m) => !(m > 0)))
    bad("multipliers", o.multipliers, "give positive multiples of the limit, e.g. [0.5,1,1.2,2,4]");
}

function checkTimings(o: RateLimitOptions): void {
  for (const k of ["stageMs", "kneeStepMs", "recoveryMs"] as const)
    if (!Number.isInteger(o[k]) || o[k] < 200) bad(k, o[k], "use an integer number of ms ≥ 200");
  if (!Number.isInteger(o.settleMs) || o.settleMs < 0 || o.settleMs >= o.stageMs)
    bad("settleMs", o.settleMs, "use an integer ≥ 0 and shorter than stageMs");
  if (!(o.jitterBudgetMs >= 0)) bad("jitterBudgetMs", o.jitterBudgetMs, "use a number ≥ 0");
  // A window longer than a second may be admitted in one burst: only whole windows show the limit.
  if (o.windowMs > 1000 && o.multipliers.some((m) => m > 1) && (o.stageMs - o.settleMs) % o.windowMs !== 0)
    bad(
      "stageMs",
      o.stageMs,
      `measure whole windows of the limit (stageMs − settleMs a multiple of ${o.windowMs} ms): a ${o.windowMs / 1000} s window may be admitted in one burst`,
    );
}

function checkKneeSearch(o: RateLimitOptions): void {
  if (!Number.isInteger(o.kneeSteps) || o.kneeSteps < 0)
    bad("kneeSteps", o.kneeSteps, "use an integer ≥ 0 (0 skips the search)");
  if (!(o.kneeFrom > 0 && o.kneeTo > o.kneeFrom))
    bad("kneeFrom/kneeTo", [o.kneeFrom, o.kneeTo], "need 0 < kneeFrom < kneeTo");
  if (!(o.tolerance > 0 && o.tolerance < 1)) bad("tolerance", o.tolerance, "use a fraction such as 0.05");
}

/** One step of the plan. */
export interface RateStep {
  /** k6 scenario name (letters, digits, `_`). */
  scenario: string;
  /** Tag value and display name: `0.5x`, `1x`, `recovery`, `knee-01`, … */
  stage: string;
  kind: "stage" | "recovery" | "knee";
  multiplier: number;
  /** Offered requests per second. */
  rateRps: number;
  startMs: number;
  durationMs: number;
  /** Requests intended before this offset (from the step start) are not counted as measured. */
  settleMs: number;
}

function label(m: number): string {
  return `${Number(m.toFixed(2))}x`;
}

/** The plan: stages, recovery, knee staircase, back to back from offset 0. */
export function planRateLimit(o: RateLimitOptions): RateStep[] {
  const steps: RateStep[] = [];
  let at = 0;
  const cap = (m: number, ms: number): number =>
    m > 1 && o.overloadCapMs !== undefined ? Math.min(ms, o.overloadCapMs) : ms;
  for (const m of o.multipliers) {
    const durationMs = cap(m, o.stageMs);
    // At exactly 1×, offer L requests per (window + jitter budget): see the module comment.
    const rateRps = m === 1 ? (o.limit * 1000) / (o.windowMs + o.jitterBudgetMs) : m * limitPerSecond(o);
    const stage = label(m);
    steps.push({
      scenario: `stage_${stage.replace(".", "_")}`,
      stage,
      kind: "stage",
      multiplier: m,
      rateRps,
      startMs: at,
      durationMs,
      settleMs: Math.min(o.settleMs, durationMs - 200),
    });
    at += durationMs;
  }
  if (o.multipliers.some((m) => m > 1)) {
    steps.push({
      scenario: "recovery",
      stage: "recovery",
      kind: "recovery",
      multiplier: o.recoveryMultiplier,
      rateRps: o.recoveryMultiplier * limitPerSecond(o),
      startMs: at,
      durationMs: o.recoveryMs,
      settleMs: 0,
    });
    at += o.recoveryMs;
  }
  for (let i = 0; i < o.kneeSteps; i++) {
    const m = o.kneeSteps === 1 ? o.kneeFrom : o.kneeFrom * (o.kneeTo / o.kneeFrom) ** (i / (o.kneeSteps - 1));
    const n = String(i + 1).padStart(2, "0");
    const durationMs = cap(m, o.kneeStepMs);
    steps.push({
      scenario: `knee_${n}`,
      stage: `knee-${n}`,
      kind: "knee",
      multiplier: Math.round(m * 1000) / 1000,
      rateRps: Math.round(m * limitPerSecond(o) * 100) / 100,
      startMs: at,
      durationMs,
      settleMs: 0,
    });
    at += durationMs;
  }
  return steps;
}

/**
 * VUs to pre-allocate for a rate: ~`rate × expected latency` plus headroom
 * (docs/peer-conventions.md#arrival-rate-executors).
 */
export function preAllocatedVUsFor(rateRps: number, expectedLatencyMs = 200): number {
  return Math.max(5, Math.ceil((rateRps * expectedLatencyMs) / 1000) + 5);
}

/** The k6-shaped scenarios (without `exec`, which each engine adds). */
export function rateLimitScenarios(steps: readonly RateStep[]): Record<
  string,
  {
    executor: "constant-arrival-rate";
    rate: number;
    timeUnit: string;
    duration: string;
    startTime: string;
    preAllocatedVUs: number;
    maxVUs: number;
    gracefulStop: string;
    tags: Record<string, string>;
  }
> {
  const out: ReturnType<typeof rateLimitScenarios> = {};
  for (const s of steps) {
    // k6 takes an integer `rate`; a fractional per-second rate (the 1× stage with its jitter budget)
    // is expressed per 100 s, which keeps two decimals.
    const whole = Number.isInteger(s.rateRps);
    out[s.scenario] = {
      executor: "constant-arrival-rate",
      rate: whole ? s.rateRps : Math.round(s.rateRps * 100),
      timeUnit: whole ? "1s" : "100s",
      duration: `${s.durationMs}ms`,
      startTime: `${s.startMs}ms`,
      preAllocatedVUs: preAllocatedVUsFor(s.rateRps),
      maxVUs: preAllocatedVUsFor(s.rateRps) * 4,
      gracefulStop: "5s",
      tags: { stage: s.stage },
    };
  }
  return out;
}

/** The offered rate as the scenario actually schedules it (after the k6 integer-rate rounding). */
export function scheduledRate(step: RateStep): number {
  return Number.isInteger(step.rateRps) ? step.rateRps : Math.round(step.rateRps * 100) / 100;
}

/** Custom metrics (k6 declares them in its init context). */
export const RATE_LIMIT_METRICS: readonly MetricDefinition[] = [
  { name: "sent_requests", kind: "counter" },
  { name: "admitted_requests", kind: "counter" },
  { name: "throttled_requests", kind: "counter" },
  { name: "error_responses", kind: "counter" },
  { name: "contract_violations", kind: "counter" },
  { name: "admitted_latency_ms", kind: "trend", isTime: true },
  { name: "recovery_throttled_at_ms", kind: "trend", isTime: true },
];

/** What the reports chart over time: latency of admitted requests; sent, admitted and throttled per second. */
export const RATE_LIMIT_SERIES: ScenarioSeries = {
  latency: "admitted_latency_ms",
  counters: { "sent/s": "sent_requests", "admitted/s": "admitted_requests", "throttled/s": "throttled_requests" },
};

/** Code tag values: the documented trio, else "other". */
const CODE_TAGS = [...THROTTLING_CODES, "other"];

/** Measured seconds of a step (after its settle time). */
export function measuredSeconds(step: RateStep): number {
  return (step.durationMs - step.settleMs) / 1000;
}

/** Admitted-count bounds of an overload step: limit × (1 ± tolerance) × measured windows. */
export function admittedBounds(o: RateLimitOptions, step: RateStep): { min: number; max: number } {
  const windows = (step.durationMs - step.settleMs) / o.windowMs;
  return {
    min: Math.floor(o.limit * (1 - o.tolerance) * windows),
    max: Math.ceil(o.limit * (1 + o.tolerance) * windows),
  };
}

/** The thresholds that gate the run (identical on both engines). */
export function rateLimitThresholds(o: RateLimitOptions, steps: readonly RateStep[]): Record<string, string[]> {
  const t: Record<string, string[]> = {
    dropped_iterations: ["count==0"],
    contract_violations: ["count==0"],
    error_responses: ["count==0"],
  };
  for (const s of steps) {
    if (s.kind !== "stage") continue;
    if (s.multiplier <= 1) t[`throttled_requests{stage:${s.stage}}`] = ["count==0"];
    else {
      const b = admittedBounds(o, s);
      t[`admitted_requests{stage:${s.stage},measured:yes}`] = [`count>=${b.min}`, `count<=${b.max}`];
    }
  }
  if (steps.some((s) => s.kind === "recovery"))
    t["recovery_throttled_at_ms{throttled:yes}"] = [`max<=${o.maxRecoveryMs}`];
  return t;
}

/**
 * Sub-metrics the result conversion reads besides the thresholds' own (per step: sent, admitted,
 * throttled by code, errors, latency, dropped). The node engine tracks them as `subMetrics`; a k6 script
 * exports them as always-true thresholds (`count>=0` / `max>=0`), the documented way to get a sub-metric
 * into k6's summary.
 */
export function rateLimitExports(steps: readonly RateStep[]): string[] {
  const out: string[] = [];
  for (const s of steps) {
    out.push(
      `sent_requests{stage:${s.stage}}`,
      `sent_requests{stage:${s.stage},measured:yes}`,
      `admitted_requests{stage:${s.stage}}`,
      `admitted_requests{stage:${s.stage},measured:yes}`,
      `throttled_requests{stage:${s.stage}}`,
      `error_responses{stage:${s.stage}}`,
      `admitted_latency_ms{stage:${s.stage}}`,
      `dropped_iterations{scenario:${s.scenario}}`,
    );
    if (s.kind !== "knee") for (const code of CODE_TAGS) out.push(`throttled_requests{stage:${s.stage},code:${code}}`);
  }
  return out;
}

/** How one answer was classified. */
export type Outcome = "admitted" | "throttled" | "error";

/** The error code of an RPC error body, if any. */
function readCode(body: string): { code?: string; parsed?: unknown } {
  try {
    const parsed: unknown = JSON.parse(body);
    const code = (parsed as { Code?: unknown }).Code;
    return { parsed, ...(typeof code === "string" ? { code } : {}) };
  } catch {
    return {};
  }
}

/**
 * Classifies an answer and checks a throttled one against the documented contract. Throttled = an error
 * answer whose code contains "Throttling" or that carries `x-acs-retry-after` (what the SDKs key on,
 * docs/alibaba/pop-errors.md#how-the-sdks-recognise-throttling).
 */
export function classifyAnswer(
  r: HttpResult,
  contract: ErrorContract,
): { outcome: Outcome; code?: string; violations: string[] } {
  if (r.status >= 200 && r.status < 300) return { outcome: "admitted", violations: [] };
  if (r.status === 0) return { outcome: "error", violations: [] };
  const { code, parsed } = readCode(r.body);
  const throttled = code?.includes("Throttling") === true || r.headers["x-acs-retry-after"] !== undefined;
  if (!throttled) return { outcome: "error", ...(code ? { code } : {}), violations: [] };
  return {
    outcome: "throttled",
    ...(code ? { code } : {}),
    violations: throttledViolations(r, contract, code, parsed),
  };
}

/** What a throttled answer breaks of the documented contract (empty: nothing). */
function throttledViolations(r: HttpResult, contract: ErrorContract, code: string | undefined, parsed: unknown) {
  const violations: string[] = [];
  if (code === undefined || !THROTTLING_CODES.includes(code))
    violations.push(`code ${JSON.stringify(code)} is not one of ${THROTTLING_CODES.join(", ")}`);
  if (parsed === undefined) violations.push("the body is not JSON");
  // Status and body are the spec's to say: an operation whose page documents no throttling answer (most pages list
  // only their own errors) is held to the gateway's codes alone, and the run says so (rate-limit.scenario.ts).
  if (contract.throttlingStatuses.length === 0) return violations;
  if (!contract.throttlingStatuses.includes(r.status))
    violations.push(`HTTP ${r.status}, documented for throttling: ${contract.throttlingStatuses.join(", ")}`);
  if (parsed !== undefined) violations.push(...contract.validate(r.status, parsed));
  return violations;
}

/** What one iteration knows about itself. */
export interface RateIteration {
  step: RateStep;
  /** Intended start on the port clock. */
  intendedStartMs: number;
  /** The step's start on the port clock. */
  stepStartMs: number;
}

/** One request of the rate-limit scenario: send, classify, record. Returns the outcome. */
export function* rateLimitRequest(
  port: ScenarioPort,
  target: ScenarioTarget,
  call: OperationCall,
  contract: ErrorContract,
  it: RateIteration,
): Flow<Outcome> {
  const stage = it.step.stage;
  const sinceStep = it.intendedStartMs - it.stepStartMs;
  const measured = sinceStep >= it.step.settleMs ? "yes" : "no";
  const m = port.metrics;
  const tags = { stage, measured };
  const endpoint = targetProduct(target, call.productId, `rate-limit of ${call.operationId}`);
  const wallMs = port.wallMs();
  const spec = buildRpcRequest(port.crypto, endpoint, target.credentials, wallMs, {
    action: call.action,
    version: call.version,
    params: callParams(call, endpoint.settings, wallMs),
    scheme: call.scheme,
    tags: { stage },
  });
  m.add("sent_requests", 1, tags);
  const r = yield* settle(port.request(spec));
  const latency = port.nowMs() - it.intendedStartMs;
  const c = classifyAnswer(r, contract);
  // Every counter gets a sample per request, so thresholds never see a metric that was never recorded.
  m.add("admitted_requests", c.outcome === "admitted" ? 1 : 0, tags);
  m.add("error_responses", c.outcome === "error" ? 1 : 0, tags);
  m.add("contract_violations", c.violations.length > 0 ? 1 : 0, tags);
  const codeTag = c.code !== undefined && THROTTLING_CODES.includes(c.code) ? c.code : "other";
  m.add("throttled_requests", c.outcome === "throttled" ? 1 : 0, { ...tags, code: codeTag });
  if (c.outcome === "admitted") m.add("admitted_latency_ms", latency, { stage });
  if (it.step.kind === "recovery")
    m.add("recovery_throttled_at_ms", sinceStep, { stage, throttled: c.outcome === "throttled" ? "yes" : "no" });
  if (c.violations.length > 0)
    warnOnce(port, `rate-limit ${stage}: throttled answer breaks the contract: ${c.violations[0]}`);
  if (c.outcome === "error" && r.status === 0) warnOnce(port, `rate-limit ${stage}: no response (${r.error ?? "?"})`);
  return c.outcome;
}

/** Warnings already written, per port (a scenario's in Node, a VU's in k6), and how many at most. */
const WARNED = new WeakMap<ScenarioPort, Set<string>>();
const MAX_WARNINGS = 20;

/**
 * Writes each distinct warning once: a drifted mock breaks the contract on every throttled answer, hundreds
 * a second; the count is in `contract_violations` and `error_responses`, the log needs each kind once.
 */
function warnOnce(port: ScenarioPort, text: string): void {
  let warned = WARNED.get(port);
  if (warned === undefined) {
    warned = new Set();
    WARNED.set(port, warned);
  }
  if (warned.has(text) || warned.size >= MAX_WARNINGS) return;
  warned.add(text);
  port.log.warn(warned.size === MAX_WARNINGS ? `${text} (further warnings are only counted)` : text);
}
