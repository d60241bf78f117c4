/**
 * Scenario `heartbeat-eviction`: does the service evict a consumer that stops heartbeating after the
 * group's `timeout`, and hand its shards to the survivors without double ownership
 * (docs/alibaba/sls-consumer-groups.md#eviction, docs/alibaba/sls-consumer-groups.md#heartbeat-answer-contents)?
 *
 * One round: create a fresh consumer group with timeout T; N consumers heartbeat every I on an absolute
 * schedule (tick k at round start + k·I, sequentially within a tick; a late tick is skipped, never
 * bunched); once the assignment is stable and the warm-up has passed, the consumer holding the most
 * shards goes silent after its heartbeat; the survivors keep probing every I, and the first survivor
 * answer holding one of the silent consumer's shards is the detection. The round always deletes its
 * group (`finally`; the engine's teardown deletes every planned group again, for aborted runs).
 *
 * Measured per round: eviction latency = detection (end of the survivor's answer) − the start of the
 * silent consumer's last heartbeat request (so a correct server can never look early: it received that
 * heartbeat after we sent it, and answered the survivor before we read the answer); its error against T;
 * detection resolution (the actual probe interval of the detecting survivor, nominally I); hand-off gap
 * and double ownership from the answers (shard-ownership.ts). Thresholds: T ≤ latency ≤ T + I + tolerance.
 *
 * Library defaults for orientation (docs/alibaba/sls-consumer-groups.md#library-defaults): Java consumer heartbeats
 * every 5 s with timeout 60 s, Go every 20 s / 60 s, Python every 20 s / 40 s. The mock default here is T = 2 s, I =
 * 250 ms.
 */
import type { Flow } from "./flow.ts";
import { settle } from "./flow.ts";
import type { HttpResult, MetricDefinition, ScenarioPort } from "./scenario-port.ts";
import type { ScenarioSeries } from "./scenario-series.ts";
import type { ScenarioTarget } from "./scenario-target.ts";
import { ShardOwnership } from "./shard-ownership.ts";
import { createGroupRequest, deleteGroupRequest, heartbeatRequest } from "./signed-requests.ts";

/** Scenario name (file names, report keys). */
export const HEARTBEAT_EVICTION = "heartbeat-eviction";

/** Options; every field has a default for the mock. */
export interface EvictionOptions {
  /** Consumer-group timeout T, ms (a whole number of seconds: the API takes seconds). Default 2000. */
  timeoutMs: number;
  /** Heartbeat and probe interval I, ms. Default 250. */
  intervalMs: number;
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
  { name: "handoff_gap_ms", kind: "trend", isTime: true },
  { name: "heartbeat_rtt_ms", kind: "trend", isTime: true },
  { name: "double_ownership", kind: "counter" },
  { name: "eviction_rounds", kind: "counter" },
  { name: "eviction_undetected", kind: "counter" },
  { name: "heartbeat_failures", kind: "counter" },
];

/** What the reports chart over time: heartbeat round trips and requests per second. */
export const EVICTION_SERIES: ScenarioSeries = {
  latency: "heartbeat_rtt_ms",
  counters: { "heartbeats/s": "http_reqs" },
};

/** k6-style thresholds of the scenario (both engines use exactly these). */
export function evictionThresholds(o: EvictionOptions): Record<string, string[]> {
  return {
    eviction_latency_ms: [`min>=${o.timeoutMs}`, `max<=${o.timeoutMs + o.intervalMs + o.toleranceMs}`],
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

/** One round's outcome; times in ms from the scenario's start (`originMs`). */
export interface EvictionRoundReport {
  round: number;
  group: string;
  /** Null when the round could not measure (see `problems`). */
  run: {
    lastHeartbeatMs: number;
    detectedMs: number;
    latencyMs: number;
    handoffGapMs: number;
    doubleOwnership: boolean;
  } | null;
  silentConsumer?: string;
  /** Probe interval actually achieved around the detection, ms. */
  resolutionMs?: number;
  /** Mean heartbeat round trip in the round, ms. */
  meanRttMs?: number;
  timeline: EvictionTimelineEvent[];
  /** What went wrong, in words (failed calls, no detection, ...). */
  problems: string[];
}

function parseShards(result: HttpResult): number[] | undefined {
  if (result.status !== 200) return undefined;
  try {
    const v: unknown = JSON.parse(result.body);
    if (Array.isArray(v) && v.every((x) => typeof x === "number" && Number.isInteger(x))) return v as number[];
  } catch {
    // fall through
  }
  return undefined;
}

function describeFailure(op: string, r: HttpResult): string {
  if (r.status === 0) return `${op}: no response (${r.error ?? "connection failed"})`;
  let code = "";
  try {
    const body = JSON.parse(r.body) as { errorCode?: unknown; Code?: unknown };
    code = String(body.errorCode ?? body.Code ?? "");
  } catch {
    // not JSON: status alone
  }
  // A 2xx that still failed means the answer was not the documented bare array of shard IDs
  // (docs/alibaba/sls-consumer-groups.md#operations).
  if (r.status >= 200 && r.status < 300)
    return `${op}: HTTP ${r.status} but the answer is not a JSON array of shard IDs: ${r.body.slice(0, 80)}`;
  return `${op}: HTTP ${r.status}${code ? ` ${code}` : ""}`;
}

function sameShards(a: readonly number[] | undefined, b: readonly number[]): boolean {
  return a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
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
  const rel = (t: number): number => Math.round((t - originMs) * 10) / 10;
  const m = port.metrics;
  if (round === 0) for (const d of EVICTION_METRICS) if (d.kind === "counter") m.add(d.name, 0);
  yield* createGroup(port, target, o, group);
  try {
    const consumers = Array.from({ length: o.consumers }, (_, i) => `c${i}`);
    const held = new Map<string, number[]>(consumers.map((c) => [c, []]));
    const lastAnswerAt = new Map<string, number>();
    const lastStart = new Map<string, number>();
    const ownership = new ShardOwnership();
    let stableTicks = 0;
    let silent: string | undefined;
    let lastHbStart = 0;
    let silentShards: number[] = [];
    let deadline = Number.POSITIVE_INFINITY;
    let rttSum = 0;
    let rttCount = 0;
    const t0 = port.nowMs();
    for (let tick = 0; ; ) {
      const due = t0 + tick * o.intervalMs;
      const wait = due - port.nowMs();
      if (wait > 0) yield* settle(port.sleep(wait));
      let changed = false;
      for (const c of consumers) {
        if (c === silent) continue;
        const start = port.nowMs();
        lastStart.set(c, start);
        const before = held.get(c) ?? [];
        const r = yield* settle(port.request(heartbeatRequest(port.crypto, target, port.wallMs(), group, c, before)));
        const end = port.nowMs();
        rttSum += end - start;
        rttCount++;
        m.add("heartbeat_rtt_ms", end - start);
        const shards = parseShards(r);
        report.timeline.push({ atMs: rel(start), consumer: c, kind: "heartbeat" });
        if (shards === undefined) {
          m.add("heartbeat_failures", 1);
          if (report.problems.length < 5) report.problems.push(describeFailure(`heartbeat of ${c}`, r));
          continue;
        }
        shards.sort((a, b) => a - b);
        const previousAnswerAt = lastAnswerAt.get(c);
        lastAnswerAt.set(c, end);
        if (!sameShards(before, shards)) {
          changed = true;
          report.timeline.push({ atMs: rel(end), consumer: c, kind: "shards", shards });
        }
        held.set(c, shards);
        const added = ownership.recordAnswer(c, end, shards);
        if (silent !== undefined && report.run === null && added.some((s) => silentShards.includes(s))) {
          const latency = end - lastHbStart;
          report.resolutionMs = previousAnswerAt === undefined ? o.intervalMs : end - previousAnswerAt;
          report.run = {
            lastHeartbeatMs: rel(lastHbStart),
            detectedMs: rel(end),
            latencyMs: Math.round(latency * 10) / 10,
            handoffGapMs: 0,
            doubleOwnership: false,
          };
          report.timeline.push({ atMs: rel(end), consumer: c, kind: "evicted-detected", shards: added });
        }
      }
      stableTicks = changed ? 0 : stableTicks + 1;
      if (silent === undefined) {
        // Choose the silent consumer once warmed up and stable: the one holding the most shards.
        const warmedUp = port.nowMs() - t0 >= o.warmupMs;
        if (warmedUp && stableTicks >= 2) {
          const candidate = [...consumers].sort((a, b) => (held.get(b)?.length ?? 0) - (held.get(a)?.length ?? 0))[0];
          if (candidate !== undefined && (held.get(candidate)?.length ?? 0) > 0) {
            silent = candidate;
            // Its heartbeat in this tick was its last: measure from when that request went out.
            lastHbStart = lastStart.get(candidate) ?? port.nowMs();
            silentShards = held.get(candidate) ?? [];
            ownership.markSilent(candidate, lastHbStart + o.timeoutMs);
            report.silentConsumer = candidate;
            report.timeline.push({ atMs: rel(lastHbStart), consumer: candidate, kind: "silent", shards: silentShards });
            deadline = lastHbStart + 2 * o.timeoutMs + 10 * o.intervalMs + 2000;
          }
        }
        if (silent === undefined && port.nowMs() - t0 > o.warmupMs + 10 * o.timeoutMs) {
          report.problems.push(
            `the shard assignment did not settle within ${o.warmupMs + 10 * o.timeoutMs} ms (or no consumer held a shard); no consumer was silenced`,
          );
          break;
        }
      } else {
        const survivorsHold = new Set(consumers.filter((c) => c !== silent).flatMap((c) => held.get(c) ?? []));
        const allMoved = silentShards.every((s) => survivorsHold.has(s));
        if (report.run !== null && allMoved) break;
        if (port.nowMs() > deadline) {
          const missing = silentShards.filter((s) => !survivorsHold.has(s));
          report.problems.push(
            report.run === null
              ? `no survivor received the silent consumer ${silent}'s shards [${silentShards.join(",")}] within ${Math.round(deadline - lastHbStart)} ms of its last heartbeat (timeout ${o.timeoutMs} ms)`
              : `shards [${missing.join(",")}] of ${silent} were never reassigned within ${Math.round(deadline - lastHbStart)} ms`,
          );
          break;
        }
      }
      // Next tick on the absolute schedule; ticks we are already late for are skipped, not bunched.
      tick = Math.max(tick + 1, Math.ceil((port.nowMs() - t0) / o.intervalMs));
    }
    report.meanRttMs = rttCount > 0 ? Math.round((rttSum / rttCount) * 10) / 10 : undefined;
    if (silent !== undefined) {
      const takeovers = ownership.takeovers.filter((t) => t.from === silent);
      const gap = takeovers.reduce((g, t) => Math.max(g, t.gapMs), 0);
      if (report.run) {
        report.run.handoffGapMs = Math.round(gap * 10) / 10;
        report.run.doubleOwnership = ownership.doubles.length > 0;
      }
    }
    m.add("double_ownership", ownership.doubles.length);
    for (const d of ownership.doubles.slice(0, 3))
      report.problems.push(
        `shard ${d.shard} was held by ${d.owners[0]} and ${d.owners[1]} at once (at ${rel(d.atMs)} ms)`,
      );
    if (report.run) {
      m.add("eviction_latency_ms", report.run.latencyMs);
      m.add("eviction_error_ms", report.run.latencyMs - o.timeoutMs);
      m.add("detection_resolution_ms", report.resolutionMs ?? o.intervalMs);
      m.add("handoff_gap_ms", report.run.handoffGapMs);
    } else {
      m.add("eviction_undetected", 1);
    }
    m.add("eviction_rounds", 1);
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
  return `eviction latency: min ${v.min} ms, med ${v.med} ms, max ${v.max} ms (timeout ${o.timeoutMs} ms, interval ${o.intervalMs} ms)`;
}

/**
 * Explains a round whose latency broke the threshold, in words a release engineer can act on:
 * the numbers, and what was slow when the probes could not keep the interval.
 */
export function explainEvictionRound(o: EvictionOptions, r: EvictionRoundReport): string[] {
  const out = [...r.problems];
  if (!r.run) return out;
  const upper = o.timeoutMs + o.intervalMs + o.toleranceMs;
  const fmt = (ms: number): string => `${(ms / 1000).toFixed(3)} s`;
  if (r.run.latencyMs < o.timeoutMs) {
    out.push(
      `round ${r.round}: ${r.silentConsumer}'s shards were handed on ${fmt(r.run.latencyMs)} after its last heartbeat, before the timeout T = ${fmt(o.timeoutMs)}`,
    );
  } else if (r.run.latencyMs > upper) {
    const slow =
      (r.resolutionMs ?? 0) > o.intervalMs + o.toleranceMs || (r.meanRttMs ?? 0) > o.toleranceMs
        ? `; heartbeats took ${r.meanRttMs ?? "?"} ms on average and the probe interval stretched to ${Math.round(r.resolutionMs ?? 0)} ms (nominal ${o.intervalMs} ms), so the target is too slow to resolve the eviction within I + tolerance`
        : "";
    out.push(
      `round ${r.round}: eviction detected ${fmt(r.run.latencyMs)} after the last heartbeat, above T + I + tolerance = ${fmt(upper)}${slow}`,
    );
  }
  return out;
}
