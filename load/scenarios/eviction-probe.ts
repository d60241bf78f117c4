/**
 * One round of the heartbeat-eviction scenario on the wire (heartbeat-eviction.ts has the scenario): consumers
 * heartbeat every I, one goes silent, the survivors probe every `probeIntervalMs` from `probeLeadMs` before its
 * deadline until its shards have moved, and the first survivor answer holding one of its shards dates the
 * eviction to a window:
 *
 *   after the detecting survivor's previous heartbeat went out (that heartbeat came back without the shard, so the
 *   server had not evicted yet when it read it) and before the detecting answer came back.
 *
 * The latency is the window's middle minus the start of the silent consumer's last heartbeat (the earliest moment
 * the server can have received it), exact to ± half the window's width. Heartbeat ticks run on an absolute
 * schedule: a tick the round is late for is skipped, never bunched; inside the probe window a late probe goes out
 * as soon as the previous one is back. Pure over the scenario port (engine-neutral).
 */

import type { Flow } from "./flow.ts";
import { settle } from "./flow.ts";
import type { EvictionOptions, EvictionRoundReport } from "./heartbeat-eviction.ts";
import type { HttpResult, ScenarioPort } from "./scenario-port.ts";
import type { ScenarioTarget } from "./scenario-target.ts";
import { ShardOwnership } from "./shard-ownership.ts";
import { heartbeatRequest } from "./signed-requests.ts";

/** The shard IDs of a heartbeat answer (the documented bare JSON array), or undefined. */
export function parseShards(result: HttpResult): number[] | undefined {
  if (result.status !== 200) return undefined;
  try {
    const v: unknown = JSON.parse(result.body);
    if (Array.isArray(v) && v.every((x) => typeof x === "number" && Number.isInteger(x))) return v as number[];
  } catch {
    // fall through
  }
  return undefined;
}

/** A failed call in words: status and error code, or why a 2xx did not count. */
export function describeFailure(op: string, r: HttpResult): string {
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

/** The next tick of a `step` grid after `prev` that is not already past at `now`. */
function nextOnGrid(prev: number, step: number, now: number): number {
  const due = prev + step;
  return due >= now ? due : due + step * Math.ceil((now - due) / step);
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** The round's state and its steps. */
export class EvictionProbe {
  readonly #consumers: string[];
  readonly #held = new Map<string, number[]>();
  /** When each consumer's latest heartbeat went out, and the one before (port clock). */
  readonly #lastStart = new Map<string, number>();
  readonly #ownership = new ShardOwnership();
  #stableTicks = 0;
  #silent: string | undefined;
  #silentShards: number[] = [];
  #lastHbStart = 0;
  #wallOffset = 0;
  #windowStart = Number.POSITIVE_INFINITY;
  #deadline = Number.POSITIVE_INFINITY;
  #due = 0;
  #t0 = 0;
  #rttSum = 0;
  #rttCount = 0;
  #probes = 0;

  constructor(
    readonly port: ScenarioPort,
    readonly target: ScenarioTarget,
    readonly o: EvictionOptions,
    readonly group: string,
    readonly originMs: number,
    readonly report: EvictionRoundReport,
  ) {
    this.#consumers = Array.from({ length: o.consumers }, (_, i) => `c${i}`);
    for (const c of this.#consumers) this.#held.set(c, []);
  }

  /** Wall-clock epoch ms at which the silent consumer's last heartbeat went out. */
  get lastHeartbeatWallMs(): number {
    return this.#lastHbStart + this.#wallOffset;
  }

  /** Shards seen in two answers at once. */
  get doubleOwnerships(): number {
    return this.#ownership.doubles.length;
  }

  #rel(t: number): number {
    return round1(t - this.originMs);
  }

  /** Ticks until the silent consumer's shards have moved, or the round gives up (a problem says why). */
  *run(): Flow<void> {
    this.#t0 = this.port.nowMs();
    this.#due = this.#t0;
    for (;;) {
      const wait = this.#due - this.port.nowMs();
      if (wait > 0) yield* settle(this.port.sleep(wait));
      const fast = this.#silent !== undefined && this.port.nowMs() >= this.#windowStart;
      const changed = yield* this.#tick(fast);
      this.#stableTicks = changed ? 0 : this.#stableTicks + 1;
      if (this.#silent === undefined) this.#maybeSilence();
      if (this.#finished()) return;
      this.#due = this.#nextDue(this.port.nowMs());
    }
  }

  /** One heartbeat from every live consumer; true if some assignment changed. */
  *#tick(fast: boolean): Flow<boolean> {
    let changed = false;
    for (const c of this.#consumers) {
      if (c === this.#silent) continue;
      if (fast) this.#probes++;
      if (yield* this.#heartbeat(c)) changed = true;
    }
    return changed;
  }

  /** One heartbeat of `c`; true if its assignment changed. */
  *#heartbeat(c: string): Flow<boolean> {
    const port = this.port;
    const start = port.nowMs();
    const previousStart = this.#lastStart.get(c);
    this.#lastStart.set(c, start);
    const before = this.#held.get(c) ?? [];
    const r = yield* settle(
      port.request(heartbeatRequest(port.crypto, this.target, port.wallMs(), this.group, c, before)),
    );
    const end = port.nowMs();
    this.#rttSum += end - start;
    this.#rttCount++;
    port.metrics.add("heartbeat_rtt_ms", end - start);
    this.report.timeline.push({ atMs: this.#rel(start), consumer: c, kind: "heartbeat" });
    const shards = parseShards(r);
    if (shards === undefined) {
      port.metrics.add("heartbeat_failures", 1);
      if (this.report.problems.length < 5) this.report.problems.push(describeFailure(`heartbeat of ${c}`, r));
      return false;
    }
    shards.sort((a, b) => a - b);
    this.#held.set(c, shards);
    const added = this.#ownership.recordAnswer(c, end, shards);
    this.#detect(c, previousStart ?? start - this.o.intervalMs, end, added);
    if (sameShards(before, shards)) return false;
    this.report.timeline.push({ atMs: this.#rel(end), consumer: c, kind: "shards", shards });
    return true;
  }

  /** The first survivor answer holding a silent shard dates the eviction to (previousStart, end). */
  #detect(c: string, previousStart: number, end: number, added: readonly number[]): void {
    if (this.#silent === undefined || this.report.run !== null) return;
    if (!added.some((s) => this.#silentShards.includes(s))) return;
    const middle = (previousStart + end) / 2;
    this.report.run = {
      lastHeartbeatMs: this.#rel(this.#lastHbStart),
      detectedMs: this.#rel(end),
      latencyMs: round1(middle - this.#lastHbStart),
      resolutionMs: round1(end - previousStart),
      handoffGapMs: 0,
      doubleOwnership: false,
    };
    this.report.timeline.push({ atMs: this.#rel(end), consumer: c, kind: "evicted-detected", shards: [...added] });
  }

  /** Once warmed up and stable, the consumer holding the most shards goes silent (its heartbeat this tick was its last). */
  #maybeSilence(): void {
    const now = this.port.nowMs();
    if (now - this.#t0 < this.o.warmupMs || this.#stableTicks < 2) return;
    const byLoad = [...this.#consumers].sort(
      (a, b) => (this.#held.get(b)?.length ?? 0) - (this.#held.get(a)?.length ?? 0),
    );
    const candidate = byLoad[0];
    if (candidate === undefined || (this.#held.get(candidate)?.length ?? 0) === 0) return;
    const o = this.o;
    this.#silent = candidate;
    this.#lastHbStart = this.#lastStart.get(candidate) ?? now;
    this.#wallOffset = this.port.wallMs() - this.port.nowMs();
    this.#silentShards = this.#held.get(candidate) ?? [];
    this.#windowStart = this.#lastHbStart + o.timeoutMs - o.probeLeadMs;
    this.#deadline = this.#lastHbStart + 2 * o.timeoutMs + 10 * o.intervalMs + 2000;
    this.#ownership.markSilent(candidate, this.#lastHbStart + o.timeoutMs);
    this.report.silentConsumer = candidate;
    this.report.timeline.push({
      atMs: this.#rel(this.#lastHbStart),
      consumer: candidate,
      kind: "silent",
      shards: this.#silentShards,
    });
  }

  /** The silent consumer's shards the survivors do not hold yet. */
  #unmoved(): number[] {
    const held = new Set(this.#consumers.filter((c) => c !== this.#silent).flatMap((c) => this.#held.get(c) ?? []));
    return this.#silentShards.filter((s) => !held.has(s));
  }

  /** Whether the round is over; a round that gives up says why in `problems`. */
  #finished(): boolean {
    const now = this.port.nowMs();
    const o = this.o;
    if (this.#silent === undefined) {
      const limit = o.warmupMs + 10 * o.timeoutMs;
      if (now - this.#t0 <= limit) return false;
      this.report.problems.push(
        `the shard assignment did not settle within ${limit} ms (or no consumer held a shard); no consumer was silenced`,
      );
      return true;
    }
    const missing = this.#unmoved();
    if (this.report.run !== null && missing.length === 0) return true;
    if (now <= this.#deadline) return false;
    const waited = Math.round(this.#deadline - this.#lastHbStart);
    this.report.problems.push(
      this.report.run === null
        ? `no survivor received the silent consumer ${this.#silent}'s shards [${this.#silentShards.join(",")}] within ${waited} ms of its last heartbeat (timeout ${o.timeoutMs} ms)`
        : `shards [${missing.join(",")}] of ${this.#silent} were never reassigned within ${waited} ms`,
    );
    return true;
  }

  /** The next tick: the short probe interval inside the window (while probes are left), else I. */
  #nextDue(now: number): number {
    const o = this.o;
    const probing = this.#silent !== undefined && this.#probes < o.maxProbes;
    // Inside the window a late probe goes out at once (never two at once): every ms of delay widens the window.
    if (probing && now >= this.#windowStart) return Math.max(this.#due + o.probeIntervalMs, now);
    const regular = nextOnGrid(this.#due, o.intervalMs, now);
    // The window opens on time, not at the next regular tick after it.
    return probing ? Math.min(regular, Math.max(now, this.#windowStart)) : regular;
  }

  /** Fills in what the round learned at its end: hand-off gap, double ownership, mean round trip, probes. */
  finish(): void {
    const report = this.report;
    report.meanRttMs = this.#rttCount > 0 ? round1(this.#rttSum / this.#rttCount) : undefined;
    report.probes = this.#probes;
    if (this.#probes >= this.o.maxProbes && this.o.maxProbes > 0) report.probeBudgetSpent = true;
    const doubles = this.#ownership.doubles;
    if (report.run) {
      const takeovers = this.#ownership.takeovers.filter((t) => t.from === this.#silent);
      report.run.handoffGapMs = round1(takeovers.reduce((g, t) => Math.max(g, t.gapMs), 0));
      report.run.doubleOwnership = doubles.length > 0;
    }
    for (const d of doubles.slice(0, 3))
      report.problems.push(
        `shard ${d.shard} was held by ${d.owners[0]} and ${d.owners[1]} at once (at ${this.#rel(d.atMs)} ms)`,
      );
  }
}
