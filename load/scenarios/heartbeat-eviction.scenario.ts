/**
 * The `heartbeat-eviction` scenario as a value (load/scenarios/scenario-definition.ts): one VU runs the rounds
 * of load/scenarios/heartbeat-eviction.ts; each round reports its measurement, which the summary keeps as an
 * `eviction` section (timeout, interval, runs, timeline).
 */
import { formatDuration, formatTimeoutOffset } from "../../src/report/format-values.ts";
import {
  deleteEvictionGroups,
  EVICTION_METRICS,
  EVICTION_SERIES,
  type EvictionOptions,
  type EvictionRoundReport,
  type EvictionSetupData,
  evictionScenario,
  evictionThresholds,
  explainEvictionRound,
  HEARTBEAT_EVICTION,
  planEvictionGroups,
  resolveEvictionOptions,
  runEvictionRound,
} from "./heartbeat-eviction.ts";
import { defineScenario } from "./scenario-definition.ts";
import { emptyView, type SectionKind } from "./section-view.ts";

/** The summary section of an eviction run (summary model `EvictionResult`). */
export interface EvictionSectionData {
  timeoutMs: number;
  intervalMs: number;
  runs: NonNullable<EvictionRoundReport["run"]>[];
  timeline: EvictionRoundReport["timeline"];
}

/** How the reports read an `eviction` section. */
export const EVICTION_SECTION: SectionKind = {
  kind: "eviction",
  view(data) {
    const e = data as EvictionSectionData;
    return {
      ...emptyView(),
      paragraphs: [
        `Eviction: group timeout ${formatDuration(e.timeoutMs)}, heartbeat interval ${formatDuration(e.intervalMs)}.`,
        ...(e.runs.length === 0 ? ["No eviction was measured."] : []),
      ],
      tables:
        e.runs.length === 0
          ? []
          : [
              {
                headers: [
                  "Run",
                  "Last heartbeat",
                  "Eviction detected",
                  "Latency",
                  "vs timeout",
                  "Hand-off gap",
                  "Double ownership",
                ],
                numeric: [true, true, true, true, true, true, false],
                rows: e.runs.map((r, i) => [
                  String(i + 1),
                  formatDuration(r.lastHeartbeatMs),
                  formatDuration(r.detectedMs),
                  formatDuration(r.latencyMs),
                  formatTimeoutOffset(r.latencyMs, e.timeoutMs),
                  formatDuration(r.handoffGapMs),
                  r.doubleOwnership ? "yes" : "no",
                ]),
              },
            ],
      charts: [
        {
          kind: "eviction",
          title: "Eviction timeline: heartbeats per consumer, silence, eviction detected vs the timeout deadline",
          hasData: e.timeline.length > 0,
          emptyText: "No eviction timeline was recorded.",
        },
      ],
      chartData: { eviction: e },
    };
  },
};

function evictionText(o: EvictionOptions, runs: EvictionSectionData["runs"]): string {
  const rows = runs.map(
    (r, i) =>
      `  round ${i}: last heartbeat ${r.lastHeartbeatMs.toFixed(0)} ms, detected ${r.detectedMs.toFixed(0)} ms, latency ${r.latencyMs.toFixed(1)} ms (error ${(r.latencyMs - o.timeoutMs).toFixed(1)} ms), hand-off gap ${r.handoffGapMs.toFixed(1)} ms, double ownership ${r.doubleOwnership ? "YES" : "no"}`,
  );
  return [`eviction: timeout ${o.timeoutMs} ms, heartbeat/probe interval ${o.intervalMs} ms`, ...rows].join("\n");
}

/** The scenario. */
export const HEARTBEAT_EVICTION_SCENARIO = defineScenario<EvictionSetupData, EvictionRoundReport>({
  name: HEARTBEAT_EVICTION,
  summary: "a consumer stops heartbeating: evicted after the group timeout, shards handed on",
  optionNames: ["timeoutMs", "intervalMs", "consumers", "rounds", "toleranceMs", "warmupMs"],
  specs: [],
  mergeable: false,
  sections: [EVICTION_SECTION],
  plan(given) {
    const o = resolveEvictionOptions(given as Partial<EvictionOptions>);
    return {
      options: { ...o },
      scenarios: { eviction: evictionScenario(o) },
      thresholds: evictionThresholds(o),
      exports: [],
      metrics: EVICTION_METRICS,
      series: EVICTION_SERIES,
      // biome-ignore lint/correctness/useYield: naming the groups needs no request
      *setup(port) {
        return planEvictionGroups(port, o);
      },
      teardown: (port, target, data) => deleteEvictionGroups(port, target, data),
      iterate: (port, target, it) => runEvictionRound(port, target, o, it.data, it.iteration, it.scenarioStartMs),
      judge(engine, reports, problems) {
        const sorted = [...reports].sort((a, b) => a.round - b.round);
        const data: EvictionSectionData = {
          timeoutMs: o.timeoutMs,
          intervalMs: o.intervalMs,
          runs: sorted.flatMap((r) => (r.run ? [r.run] : [])),
          timeline: sorted.flatMap((r) => r.timeline),
        };
        const failed = !engine.thresholds.ok || engine.thresholds.results.some((t) => !t.ok) || engine.aborted;
        const explained = failed ? sorted.flatMap((r) => explainEvictionRound(o, r)) : [];
        return {
          sections: [{ kind: EVICTION_SECTION.kind, data }],
          findings: [...explained, ...problems],
          notes: [],
          failed: problems.length > 0,
          text: evictionText(o, data.runs),
        };
      },
    };
  },
});
