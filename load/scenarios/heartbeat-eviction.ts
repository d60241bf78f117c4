/**
 * Scenario `heartbeat-eviction`: does the service evict a consumer that stops heartbeating after the
 * group's `timeout`, and hand its shards to the survivors without double ownership
 * (docs/alibaba/sls-consumer-groups.md#eviction, docs/alibaba/sls-consumer-groups.md#heartbeat-answer-contents)?
 *
 * One round (eviction-probe.ts): create a fresh consumer group with timeout T; N consumers heartbeat every I
 * on an absolute schedule (sequentially within a tick; a late tick is skipped, never bunched); once the
 * assignment is stable and the warm-up has passed, the consumer holding the most shards goes silent after its
 * heartbeat. The survivors keep heartbeating every I until shortly before the deadline (last heartbeat + T −
 * `probeLeadMs`), then probe every `probeIntervalMs` (default 10 ms) until the silent consumer's shards have
 * moved, at most `maxProbes` requests per round (then every I again). The first survivor answer holding one of
 * the silent consumer's shards is the detection. The round always deletes its group (`finally`; the engine's
 * teardown deletes every planned group again, for aborted runs).
 *
 * Measured per round: the eviction happened after the detecting survivor's previous probe went out (that probe
 * did not get the shard) and before its detecting answer came back. That window's width is the resolution; the
 * eviction latency is its middle minus the start of the silent consumer's last heartbeat request, exact to
 * ± resolution / 2. Also: the hand-off gap and double ownership from the answers (shard-ownership.ts); against
 * specgate's mock (mock and URL targets), the true eviction time from the mock's event log and the measurement's
 * error against it (mock-event-log.ts). Thresholds: no round's eviction certainly before T (even the window's
 * end), none certainly after T + I + tolerance (even the window's start).
 *
 * Library defaults for orientation (docs/alibaba/sls-consumer-groups.md#library-defaults): Java consumer heartbeats
 * every 5 s with timeout 60 s, Go every 20 s / 60 s, Python every 20 s / 40 s. The mock default here is T = 2 s, I =
 * 250 ms.
 */
import { describeFailure, EvictionProbe } from "./eviction-probe.ts";
import type { Flow } from "./flow.ts";
import { settle } from "./flow.ts";
import { mockEventsPosition, readMockEvents } from "./mock-event-log.ts";
import type { MetricDefinition, ScenarioPort } from "./scenario-port.ts";
import type { ScenarioSeries } from "./scenario-series.ts";
import type { ScenarioTarget } from "./scenario-target.ts";
import { createGroupRequest, deleteGroupRequest, slsTarget } from "./signed-requests.ts";

/** Scenario name (file names, report keys). */
export const HEARTBEAT_EVICTION = "heartbeat-eviction";

/** Options; every field has a default for the mock. */
export interface EvictionOptions {
  /** Consumer-group timeout T, ms (a whole number of seconds: the API takes seconds). Default 2000. */
  timeoutMs: number;
  /** Heartbeat interval I, ms. Default 250. */
  intervalMs: number;
  /** Survivors' probe interval near the deadline, ms (the measurement's resolution). Default 10. */
  probeIntervalMs: number;
  /** How long before the deadline (last heartbeat + T) the short probe interval starts, ms. Default 100. */
  probeLeadMs: number;
  /** Most probe requests per round at the short interval; after that, every I again. Default 400. */
  maxProbes: number;
  /** Consumers N (≥ 2: one goes silent, the others must survive). Default 3. */
  consumers: number;
  /** Rounds K. Default 3. */
  rounds: number;
  /** Allowed lateness beyond T + I, ms. Default 50. */
  toleranceMs: number;
  /** Heartbeating before the silence, at least (the assignment must also be stable). Default max(1000, 4·I). */
  warmupMs: number;
  /** Prefix of the consumer-group names. */
  groupPrefix: string;
}

/** Defaults for the mock (T 2 s, I 250 ms, N 3, K 3, tolerance 50 ms: docs/load-methodology.md#defaults). */
export const DEFAULT_EVICTION_OPTIONS: Readonly<EvictionOptions> = Object.freeze({
  timeoutMs: 2000,
  intervalMs: 250,
  probeIntervalMs: 10,
  probeLeadMs: 100,
  maxProbes: 400,
  consumers: 3,
  rounds: 3,
  toleranceMs: 50,
  warmupMs: 1000,
  groupPrefix: "specgate-evict",
});

/** Validates options (merged over the defaults); throws naming the option and the fix. */
export function resolveEvictionOptions(given: Partial<EvictionOptions> = {}): EvictionOptions {
  const o: EvictionOptions = { ...DEFAULT_EVICTION_OPTIONS, ...given };
  if (given.warmupMs === undefined) o.warmupMs = Math.max(1000, 4 * o.intervalMs);
  const int = (name: keyof EvictionOptions, min: number): void => {
    const v = o[name];
    if (typeof v !== "number" || !Number.isInteger(v) || v < min)
      throw new RangeError(`heartbeat-eviction option ${name}: ${String(v)} is not valid; use an integer ≥ ${min}`);
  };
  int("timeoutMs", 1000);
  int("intervalMs", 10);
  int("probeIntervalMs", 1);
  int("probeLeadMs", 0);
  int("maxProbes", 0);
  int("consumers", 2);
  int("rounds", 1);
  int("toleranceMs", 0);
  int("warmupMs", 0);
  if (o.timeoutMs % 1000 !== 0)
    throw new RangeError(
      `heartbeat-eviction option timeoutMs: ${o.timeoutMs} ms is not whole seconds (the API's timeout is in seconds)`,
    );
  if (o.intervalMs >= o.timeoutMs)
    throw new RangeError(
      `heartbeat-eviction: interval ${o.intervalMs} ms must be shorter than the timeout ${o.timeoutMs} ms, or every consumer is evicted`,
    );
  if (o.probeIntervalMs > o.intervalMs)
    throw new RangeError(
      `heartbeat-eviction option probeIntervalMs: ${o.probeIntervalMs} ms is longer than the heartbeat interval ${o.intervalMs} ms; use a shorter probe interval (default 10)`,
    );
  if (o.probeLeadMs >= o.timeoutMs)
    throw new RangeError(
      `heartbeat-eviction option probeLeadMs: ${o.probeLeadMs} ms must be shorter than the timeout ${o.timeoutMs} ms`,
    );
  if (!/^[a-z0-9][a-z0-9_-]{0,100}$/.test(o.groupPrefix))
    throw new RangeError(
      `heartbeat-eviction option groupPrefix: "${o.groupPrefix}" must be lowercase letters, digits, "-" or "_"`,
    );
  return o;
}

/** Custom metrics of this scenario (k6 declares them in its init context). */
export const EVICTION_METRICS: readonly MetricDefinition[] = [
  { name: "eviction_latency_ms", kind: "trend", isTime: true },
  { name: "eviction_error_ms", kind: "trend", isTime: true },
  { name: "detection_resolution_ms", kind: "trend", isTime: true },
  { name: "eviction_truth_error_ms", kind: "trend", isTime: true },
  { name: "handoff_gap_ms", kind: "trend", isTime: true },
  { name: "heartbeat_rtt_ms", kind: "trend", isTime: true },
  { name: "double_ownership", kind: "counter" },
  { name: "eviction_rounds", kind: "counter" },
  { name: "eviction_undetected", kind: "counter" },
  { name: "eviction_early", kind: "counter" },
  { name: "eviction_late", kind: "counter" },
  { name: "heartbeat_failures", kind: "counter" },
  { name: "probe_requests", kind: "counter" },
];

/** What the reports chart over time: heartbeat round trips and requests per second. */
export const EVICTION_SERIES: ScenarioSeries = {
  latency: "heartbeat_rtt_ms",
  counters: { "heartbeats/s": "http_reqs" },
};

/**
 * k6-style thresholds of the scenario (both engines use exactly these): no round early, none late
 * ({@link judgeEviction}), no double ownership, every round detected an eviction.
 */
export function evictionThresholds(o: EvictionOptions): Record<string, string[]> {
  return {
    eviction_early: ["count==0"],
    eviction_late: ["count==0"],
    double_ownership: ["count==0"],
    eviction_undetected: ["count==0"],
    heartbeat_failures: ["count==0"],
    eviction_rounds: [`count>=${o.rounds}`],
  };
}

/** The single-VU scenario (k6 `per-vu-iterations`): K rounds, one after the other. */
export function evictionScenario(o: EvictionOptions): {
  executor: "per-vu-iterations";
  vus: 1;
  iterations: number;
  maxDuration: string;
} {
  const perRound = o.warmupMs + 3 * o.timeoutMs + 10 * o.intervalMs + 10_000;
  return {
    executor: "per-vu-iterations",
    vus: 1,
    iterations: o.rounds,
    maxDuration: `${Math.ceil((o.rounds * perRound) / 1000)}s`,
  };
}

/** What setup() hands to every round and to teardown(): the run's group names. */
export interface EvictionSetupData {
  runId: string;
  groups: string[];
}

/** Names the run's groups (unique per run, so parallel runs on one logstore do not collide). */
export function planEvictionGroups(port: ScenarioPort, o: EvictionOptions): EvictionSetupData {
  const runId = `${Math.floor(port.wallMs() / 1000).toString(36)}${port.crypto.randomHex(3)}`;
  return { runId, groups: Array.from({ length: o.rounds }, (_, k) => `${o.groupPrefix}-${runId}-${k}`) };
}

/** An event of the timeline (summary model `TimelineEvent`); `atMs` from the scenario's start. */
export interface EvictionTimelineEvent {
  atMs: number;
  consumer: string;
  kind: "heartbeat" | "silent" | "evicted-detected" | "shards";
  shards?: number[];
}

/** One eviction measurement (summary model `EvictionRun`); times in ms from the scenario's start. */
export interface EvictionMeasurement {
  lastHeartbeatMs: number;
  /** When the answer that showed the eviction came back. */
  detectedMs: number;
  /** The middle of the detection window − `lastHeartbeatMs`; exact to ± `resolutionMs` / 2. */
  latencyMs: number;
  /** Width of the detection window: from the detecting survivor's previous probe going out to `detectedMs`. */
  resolutionMs: number;
  handoffGapMs: number;
  doubleOwnership: boolean;
  /** Against specgate's mock: its own eviction time (event log), and measured − true. */
  truth?: { latencyMs: number; errorMs: number };
}

/** One round's outcome; times in ms from the scenario's start (`originMs`). */
export interface EvictionRoundReport {
  round: number;
  group: string;
  /** Null when the round could not measure (see `problems`). */
  run: EvictionMeasurement | null;
  silentConsumer?: string;
  /** Mean heartbeat round trip in the round, ms. */
  meanRttMs?: number;
  /** Requests sent at the short probe interval, and whether `maxProbes` ran out before the shards moved. */
  probes?: number;
  probeBudgetSpent?: boolean;
  timeline: EvictionTimelineEvent[];
  /** What went wrong, in words (failed calls, no detection, ...). */
  problems: string[];
  /** Observations that do not fail the round (e.g. why there is no ground truth). */
  notes?: string[];
}

/** Creates the round's group; an existing group of that name (an earlier aborted run) is replaced. */
function* createGroup(port: ScenarioPort, target: ScenarioTarget, o: EvictionOptions, group: string): Flow<void> {
  let r = yield* settle(
    port.request(createGroupRequest(port.crypto, target, port.wallMs(), group, o.timeoutMs / 1000)),
  );
  if (r.status !== 200 && r.body.includes("ConsumerGroupAlreadyExist")) {
    yield* settle(port.request(deleteGroupRequest(port.crypto, target, port.wallMs(), group)));
    r = yield* settle(port.request(createGroupRequest(port.crypto, target, port.wallMs(), group, o.timeoutMs / 1000)));
  }
  if (r.status !== 200) throw new Error(`${describeFailure("CreateConsumerGroup", r)} for group ${group}`);
}

/** Deletes a group; "not there" counts as deleted. Returns a problem text or undefined. */
export function* deleteGroup(port: ScenarioPort, target: ScenarioTarget, group: string): Flow<string | undefined> {
  const r = yield* settle(port.request(deleteGroupRequest(port.crypto, target, port.wallMs(), group)));
  if (r.status === 200 || (r.status === 404 && r.body.includes("ConsumerGroupNotExist"))) return undefined;
  return `${describeFailure("DeleteConsumerGroup", r)} for group ${group}`;
}

/** Teardown: deletes every group the run planned (the rounds already deleted theirs; this catches aborts). */
export function* deleteEvictionGroups(
  port: ScenarioPort,
  target: ScenarioTarget,
  data: EvictionSetupData,
): Flow<string[]> {
  const problems: string[] = [];
  for (const group of data.groups) {
    const p = yield* deleteGroup(port, target, group);
    if (p) problems.push(p);
  }
  return problems;
}

/**
 * A round's verdict on the detection window (the eviction happened inside it): `early` if even the window's end
 * is before T; `late` if the window's end is after T + I + tolerance, either because the eviction was late or
 * because the window is too wide to show it was not (a slow target: `explainEvictionRound` says which);
 * `on-time` otherwise. A correct service evicts right at T, inside a window that starts before T, so the early
 * edge is judged on the window's end only.
 */
export function judgeEviction(o: EvictionOptions, run: EvictionMeasurement): "early" | "late" | "on-time" {
  const end = run.latencyMs + run.resolutionMs / 2;
  if (end < o.timeoutMs) return "early";
  return end > o.timeoutMs + o.intervalMs + o.toleranceMs ? "late" : "on-time";
}

/** Records a finished round in the scenario's metrics. */
function recordRound(port: ScenarioPort, o: EvictionOptions, report: EvictionRoundReport, probe: EvictionProbe): void {
  const m = port.metrics;
  m.add("double_ownership", probe.doubleOwnerships);
  m.add("probe_requests", report.probes ?? 0);
  const run = report.run;
  if (run) {
    m.add("eviction_latency_ms", run.latencyMs);
    m.add("eviction_error_ms", run.latencyMs - o.timeoutMs);
    m.add("detection_resolution_ms", run.resolutionMs);
    m.add("handoff_gap_ms", run.handoffGapMs);
    const verdict = judgeEviction(o, run);
    m.add("eviction_early", verdict === "early" ? 1 : 0);
    m.add("eviction_late", verdict === "late" ? 1 : 0);
  } else {
    m.add("eviction_undetected", 1);
  }
  m.add("eviction_rounds", 1);
}

/**
 * Puts the mock's own eviction time beside the measurement: the `evicted` event of the silent consumer in
 * this round's group, logged after `since`. `wallOffsetMs` turns the port clock into wall-clock time.
 */
function* addGroundTruth(
  port: ScenarioPort,
  baseUrl: string,
  since: number,
  report: EvictionRoundReport,
  probe: EvictionProbe,
): Flow<void> {
  const run = report.run;
  if (run === null || report.silentConsumer === undefined) return;
  const read = yield* readMockEvents(port, baseUrl, since);
  if ("problem" in read) {
    report.notes = [...(report.notes ?? []), `no ground truth: ${read.problem}`];
    return;
  }
  const evicted = read.events.find(
    (e) => e.kind === "evicted" && e.group === report.group && e.consumer === report.silentConsumer,
  );
  if (evicted === undefined) {
    const lost = read.missed > 0 ? ` (${read.missed} events were overwritten before they were read)` : "";
    report.notes = [
      ...(report.notes ?? []),
      `no ground truth: the mock logged no eviction of ${report.silentConsumer}${lost}`,
    ];
    return;
  }
  const lastHeartbeatWall = probe.lastHeartbeatWallMs;
  const trueLatency = evicted.atWallMs - lastHeartbeatWall;
  run.truth = { latencyMs: round1(trueLatency), errorMs: round1(run.latencyMs - trueLatency) };
  port.metrics.add("eviction_truth_error_ms", run.latencyMs - trueLatency);
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** Runs round `round` of the scenario; `originMs` (port clock) is the scenario's start. */
export function* runEvictionRound(
  port: ScenarioPort,
  target: ScenarioTarget,
  o: EvictionOptions,
  data: EvictionSetupData,
  round: number,
  originMs: number,
): Flow<EvictionRoundReport> {
  const group = data.groups[round] ?? `${o.groupPrefix}-${data.runId}-${round}`;
  const report: EvictionRoundReport = { round, group, run: null, timeline: [], problems: [] };
  if (round === 0) for (const d of EVICTION_METRICS) if (d.kind === "counter") port.metrics.add(d.name, 0);
  // Only specgate's mock keeps an event log; a real account is never asked for one.
  const since = target.kind === "real" ? undefined : yield* mockEventsPosition(port, slsTarget(target).url);
  yield* createGroup(port, target, o, group);
  try {
    const probe = new EvictionProbe(port, target, o, group, originMs, report);
    yield* probe.run();
    probe.finish();
    recordRound(port, o, report, probe);
    if (since !== undefined) yield* addGroundTruth(port, slsTarget(target).url, since, report, probe);
  } finally {
    const problem = yield* deleteGroup(port, target, group);
    if (problem) report.problems.push(problem);
  }
  return report;
}

/** The summary's latency values of a run: an EngineResult's metrics, from either engine. */
type SummaryMetrics = Readonly<Record<string, { values: Readonly<Record<string, number | undefined>> } | undefined>>;

/**
 * The one-line eviction latency summary of a run. k6 summarises a trend that never got a sample as all zeros,
 * so whether any round saw an eviction is read from the counters (every finished round counts once in
 * `eviction_rounds`; one that saw none also counts in `eviction_undetected`), never from the trend.
 */
export function formatEvictionLatency(o: EvictionOptions, metrics: SummaryMetrics): string {
  const v = metrics.eviction_latency_ms?.values;
  const detected = (metrics.eviction_rounds?.values.count ?? 0) - (metrics.eviction_undetected?.values.count ?? 0);
  if (v === undefined || detected <= 0) return "eviction latency: no round detected an eviction";
  const res = metrics.detection_resolution_ms?.values.max;
  const truth = metrics.eviction_truth_error_ms?.values;
  const within = res === undefined ? "" : ` ± ${round1(res / 2)} ms`;
  const vsTruth =
    truth?.count === undefined || truth.count === 0
      ? ""
      : `; vs the mock's event log ${round1(truth.min ?? 0)} to ${round1(truth.max ?? 0)} ms`;
  return `eviction latency: min ${round1(v.min ?? 0)} ms, med ${round1(v.med ?? 0)} ms, max ${round1(v.max ?? 0)} ms${within} (timeout ${o.timeoutMs} ms, heartbeat interval ${o.intervalMs} ms, probe interval ${o.probeIntervalMs} ms)${vsTruth}`;
}

/**
 * What a round observed that does not gate: why it has no ground truth, and a measurement that disagrees with
 * the mock's own eviction time by more than its stated resolution (plus 2 ms for the two processes' clocks:
 * each side reads whole milliseconds).
 */
export function evictionNotes(r: EvictionRoundReport): string[] {
  const out = (r.notes ?? []).map((n) => `round ${r.round}: ${n}`);
  const run = r.run;
  if (run?.truth !== undefined && Math.abs(run.truth.errorMs) > run.resolutionMs / 2 + 2)
    out.push(
      `round ${r.round}: measured ${run.latencyMs} ms ± ${round1(run.resolutionMs / 2)} ms, but the mock's event log says ${run.truth.latencyMs} ms (off by ${run.truth.errorMs} ms)`,
    );
  return out;
}

/**
 * Explains a round whose latency broke the threshold, in words a release engineer can act on:
 * the numbers, and what was slow when the probes could not keep the interval.
 */
export function explainEvictionRound(o: EvictionOptions, r: EvictionRoundReport): string[] {
  const out = [...r.problems];
  const run = r.run;
  if (!run) return out;
  const verdict = judgeEviction(o, run);
  if (verdict === "on-time") return out;
  const fmt = (ms: number): string => `${(ms / 1000).toFixed(3)} s`;
  const measured = `${fmt(run.latencyMs)} ± ${round1(run.resolutionMs / 2)} ms`;
  if (verdict === "early") {
    out.push(
      `round ${r.round}: ${r.silentConsumer}'s shards were handed on ${measured} after its last heartbeat, before the timeout T = ${fmt(o.timeoutMs)}`,
    );
    return out;
  }
  const upper = o.timeoutMs + o.intervalMs + o.toleranceMs;
  if (run.latencyMs - run.resolutionMs / 2 > upper) {
    out.push(
      `round ${r.round}: eviction detected ${measured} after the last heartbeat, above T + I + tolerance = ${fmt(upper)}`,
    );
    return out;
  }
  const spent = r.probeBudgetSpent ? `, all ${o.maxProbes} probes spent` : "";
  out.push(
    `round ${r.round}: eviction measured at ${measured} after the last heartbeat, which cannot show it came within T + I + tolerance = ${fmt(upper)}: the detection window is ${Math.round(run.resolutionMs)} ms wide (probe interval ${o.probeIntervalMs} ms${spent}) and heartbeats took ${r.meanRttMs ?? "?"} ms on average, so the target is too slow to resolve the eviction`,
  );
  return out;
}
