/**
 * A realistic run summary for the report tests and the browser test: a failed gate (one contract drift on
 * ListEventSubEvent), a heartbeat-eviction run on the Node engine and a rate-limit run on k6 with four stages
 * around the documented 50 QPS, plus a baseline comparison. Deterministic: the series come from a seeded
 * generator, so golden files stay byte-stable.
 */
import type {
  LoadScenarioResult,
  RateLimitStage,
  RunSummary,
  TimelineEvent,
  TimeSeries,
} from "../../src/report/run-summary.ts";

/** A small deterministic pseudo-random generator (LCG, Numerical Recipes constants). */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function latencySeries(seconds: number, base: number, seed: number, spikeAt?: number): Record<string, TimeSeries> {
  const rnd = seeded(seed);
  const t: number[] = [];
  const p50: number[] = [];
  const p95: number[] = [];
  const p99: number[] = [];
  for (let s = 1; s <= seconds; s++) {
    const spike = spikeAt !== undefined && s >= spikeAt && s < spikeAt + 4 ? 2.4 : 1;
    const v = base * (0.9 + 0.2 * rnd()) * spike;
    t.push(s);
    p50.push(round(v));
    p95.push(round(v * (1.8 + 0.3 * rnd())));
    p99.push(round(v * (2.6 + 0.8 * rnd())));
  }
  return {
    "latency.p50": { t, values: p50 },
    "latency.p95": { t: [...t], values: p95 },
    "latency.p99": { t: [...t], values: p99 },
  };
}

function heartbeatEviction(): LoadScenarioResult {
  const timeoutMs = 10_000;
  const intervalMs = 2_000;
  const timeline: TimelineEvent[] = [
    { atMs: 0, consumer: "consumer-a", kind: "shards", shards: [0, 3] },
    { atMs: 0, consumer: "consumer-b", kind: "shards", shards: [1] },
    { atMs: 0, consumer: "consumer-c", kind: "shards", shards: [2] },
  ];
  for (let at = 0; at <= 30_000; at += intervalMs) {
    timeline.push({ atMs: at, consumer: "consumer-a", kind: "heartbeat" });
    timeline.push({ atMs: at + 400, consumer: "consumer-b", kind: "heartbeat" });
    if (at <= 8_000) timeline.push({ atMs: at + 800, consumer: "consumer-c", kind: "heartbeat" });
  }
  timeline.push({ atMs: 8_800, consumer: "consumer-c", kind: "silent" });
  timeline.push({ atMs: 19_450, consumer: "consumer-c", kind: "evicted-detected" });
  timeline.push({ atMs: 20_400, consumer: "consumer-b", kind: "shards", shards: [1, 2] });
  timeline.sort((x, y) => x.atMs - y.atMs || x.consumer.localeCompare(y.consumer));
  return {
    name: "heartbeat-eviction",
    engine: "node",
    durationMs: 31_200,
    thresholds: [
      { metric: "eviction_latency_ms", expression: "max<=12000", ok: true, observed: 10_650 },
      { metric: "double_ownership", expression: "count==0", ok: true, observed: 0 },
      { metric: "http_req_failed", expression: "rate<0.01", ok: true, observed: 0 },
    ],
    metrics: {
      http_req_duration: {
        type: "trend",
        values: { avg: 3.91, min: 1.12, med: 3.4, max: 21.7, "p(90)": 6.2, "p(95)": 7.9, "p(99)": 14.3 },
      },
      http_reqs: { type: "counter", values: { count: 41, rate: 1.31 } },
      http_req_failed: { type: "rate", values: { rate: 0, passes: 0, fails: 41 } },
      eviction_latency_ms: { type: "trend", values: { avg: 10_650, min: 10_650, med: 10_650, max: 10_650 } },
      double_ownership: { type: "counter", values: { count: 0, rate: 0 } },
    },
    sections: [
      {
        kind: "eviction",
        data: {
          timeoutMs,
          intervalMs,
          probeIntervalMs: 10,
          runs: [
            {
              lastHeartbeatMs: 8_800,
              detectedMs: 19_450,
              latencyMs: 10_650,
              resolutionMs: 11.4,
              truth: { latencyMs: 10_652.5, errorMs: -2.5 },
              handoffGapMs: 950,
              doubleOwnership: false,
            },
          ],
          timeline,
        },
      },
    ],
    series: {
      ...latencySeries(30, 3.4, 7),
      // Three consumers every 2 s until one goes silent at 8.8 s, then two.
      "heartbeats/s": {
        t: Array.from({ length: 30 }, (_, i) => i + 1),
        values: Array.from({ length: 30 }, (_, i) => (i < 9 ? 1.5 : 1)),
      },
    },
  };
}

function rateLimit(): LoadScenarioResult {
  const stages = [
    { offered: 25, admitted: 250, throttled: 0, p50: 6.1, p95: 11.8, p99: 19.2 },
    { offered: 50, admitted: 497, throttled: 3, p50: 6.4, p95: 12.9, p99: 24.6 },
    { offered: 75, admitted: 500, throttled: 250, p50: 6.9, p95: 15.2, p99: 31.5 },
    { offered: 100, admitted: 500, throttled: 499, p50: 7.4, p95: 17.6, p99: 38.8 },
  ].map(
    (s, i): RateLimitStage => ({
      name: `${s.offered} req/s`,
      durationMs: 10_000,
      offeredRps: s.offered,
      sent: s.offered * 10 - (i === 3 ? 1 : 0),
      admitted: s.admitted,
      throttled: s.throttled === 0 ? {} : { "Throttling.User": s.throttled },
      errors: 0,
      dropped: i === 3 ? 1 : 0,
      latency: { p50: s.p50, p95: s.p95, p99: s.p99 },
    }),
  );
  const rnd = seeded(11);
  const t: number[] = [];
  const offered: number[] = [];
  const admitted: number[] = [];
  const throttled: number[] = [];
  stages.forEach((st, i) => {
    for (let s = 1; s <= 10; s++) {
      t.push(i * 10 + s);
      const adm = Math.min(st.offeredRps, 50) - (st.offeredRps >= 50 ? Math.round(rnd() * 1) : 0);
      offered.push(st.offeredRps);
      admitted.push(adm);
      throttled.push(st.offeredRps - adm);
    }
  });
  return {
    name: "rate-limit",
    engine: "k6",
    durationMs: 40_600,
    thresholds: [
      { metric: "admitted_rps", expression: "max<=52.5", ok: true, observed: 50 },
      { metric: "throttled_below_limit", expression: "count==0", ok: true, observed: 0 },
      { metric: "dropped_iterations", expression: "count==0", ok: false, observed: 1 },
      { metric: "http_req_duration", expression: "p(95)<250", ok: true, observed: 15.4 },
    ],
    metrics: {
      http_req_duration: {
        type: "trend",
        values: { avg: 7.6, min: 2.2, med: 6.7, max: 88.1, "p(90)": 12.4, "p(95)": 15.4, "p(99)": 31.2 },
      },
      http_reqs: { type: "counter", values: { count: 2499, rate: 61.55 } },
      dropped_iterations: { type: "counter", values: { count: 1, rate: 0.02 } },
      throttled_below_limit: { type: "counter", values: { count: 0, rate: 0 } },
    },
    sections: [{ kind: "rate-limit", data: { limitRps: 50, operation: "ListEventSubEvent", stages } }],
    series: {
      ...latencySeries(40, 6.5, 23, 31),
      admitted_rps: { t, values: admitted },
      offered_rps: { t: [...t], values: offered },
      throttled_rps: { t: [...t], values: throttled },
    },
  };
}

/** Text that must survive every renderer unharmed: markup, quotes, a pipe, a backtick, control characters. */
export const NASTY_TEXT = `<script>alert('x')</script> & "q" | \`tick\` \u0001\u001b end`;

/** The fixture: a failed gate with contract drift, two load scenarios and a baseline comparison. */
export function buildFixtureSummary(): RunSummary {
  return {
    schemaVersion: 2,
    tool: { name: "specgate", version: "0.1.0" },
    startedAt: "2026-03-02T10:00:00.000Z",
    finishedAt: "2026-03-02T10:01:34.512Z",
    durationMs: 94_512,
    target: { kind: "url", url: "http://127.0.0.1:43117/" },
    verdict: "failed",
    exitCode: 1,
    steps: [
      { name: "spec-drift", status: "passed", durationMs: 412 },
      { name: "contract", status: "failed", durationMs: 3_120, reason: "1 of 10 cases failed" },
      { name: "load:heartbeat-eviction", status: "passed", durationMs: 31_870 },
      {
        name: "load:rate-limit",
        status: "failed",
        durationMs: 41_230,
        reason: "threshold dropped_iterations count==0",
      },
    ],
    contract: {
      operations: [
        {
          operationId: "ConsumerGroupHeartBeat",
          product: "sls",
          positive: { total: 2, passed: 2 },
          negative: { total: 1, passed: 1 },
          cases: [
            {
              id: "hb-1",
              title: "heartbeat returns the assigned shards",
              kind: "positive",
              status: "passed",
              durationMs: 14,
              violations: [],
            },
            {
              id: "hb-2",
              title: "heartbeat with shard list keeps ownership",
              kind: "positive",
              status: "passed",
              durationMs: 11,
              violations: [],
            },
            {
              id: "hb-3",
              title: "unknown consumer group → ConsumerGroupNotExist",
              kind: "negative",
              status: "passed",
              durationMs: 9,
              violations: [],
            },
            {
              id: "hb-4",
              title: "silent consumer is evicted after the group timeout",
              kind: "stateful",
              status: "passed",
              durationMs: 2_210,
              violations: [],
            },
          ],
        },
        {
          operationId: "CreateConsumerGroup",
          product: "sls",
          positive: { total: 1, passed: 1 },
          negative: { total: 1, passed: 1 },
          cases: [
            {
              id: "cg-1",
              title: "create with timeout and order",
              kind: "positive",
              status: "passed",
              durationMs: 12,
              violations: [],
            },
            {
              id: "cg-2",
              title: "create twice → ConsumerGroupAlreadyExist",
              kind: "negative",
              status: "passed",
              durationMs: 10,
              violations: [],
            },
          ],
        },
        {
          operationId: "ListEventSubEvent",
          product: "live",
          positive: { total: 2, passed: 1 },
          negative: { total: 2, passed: 1 },
          cases: [
            {
              id: "ev-1",
              title: "first page of callback records",
              kind: "positive",
              status: "passed",
              durationMs: 21,
              violations: [],
            },
            {
              id: "ev-2",
              title: "page through records of the last 7 days",
              kind: "positive",
              status: "failed",
              durationMs: 25,
              violations: [
                {
                  operationId: "ListEventSubEvent",
                  check: "response.body",
                  expected: "integer",
                  actual: '"12"',
                  jsonPointer: "/TotalCount",
                  message: 'Received string "12" at /TotalCount / Documented integer',
                },
                {
                  operationId: "ListEventSubEvent",
                  check: "response.body",
                  expected: "string",
                  actual: JSON.stringify(NASTY_TEXT),
                  jsonPointer: "/EventSubEvents/0/EventData",
                  message: `Received ${NASTY_TEXT} / Documented string`,
                },
              ],
            },
            {
              id: "ev-3",
              title: "PageNo 0 → InvalidParameter",
              kind: "negative",
              status: "passed",
              durationMs: 8,
              violations: [],
            },
            {
              id: "ev-4",
              title: "StartTime older than 7 days → rejected",
              kind: "negative",
              status: "skipped",
              durationMs: 0,
              violations: [],
              reason: "real target: unconfirmed error code (docs/unconfirmed-behaviour.md)",
            },
          ],
        },
      ],
    },
    load: { scenarios: [heartbeatEviction(), rateLimit()] },
    baseline: {
      file: "baseline/summary.json",
      tolerances: { p95LatencyPct: 20, admittedRatePct: 5, evictionLatencyPct: 10 },
      comparisons: [
        {
          metric: "p95_latency_ms",
          scenario: "heartbeat-eviction",
          baseline: 7.5,
          current: 7.9,
          changePct: 5.33,
          tolerancePct: 20,
          regression: false,
        },
        {
          metric: "eviction_latency_ms",
          scenario: "heartbeat-eviction",
          baseline: 10_400,
          current: 10_650,
          changePct: 2.4,
          tolerancePct: 10,
          regression: false,
        },
        {
          metric: "p95_latency_ms",
          scenario: "rate-limit",
          baseline: 11.9,
          current: 15.4,
          changePct: 29.41,
          tolerancePct: 20,
          regression: true,
        },
        {
          metric: "admitted_rps",
          scenario: "rate-limit",
          stage: "50 req/s",
          baseline: 50,
          current: 49.7,
          changePct: -0.6,
          tolerancePct: 5,
          regression: false,
        },
      ],
      notes: ["rate-limit: stage '100 req/s' is not in the baseline"],
    },
  };
}
