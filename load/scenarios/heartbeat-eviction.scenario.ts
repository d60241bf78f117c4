/**
 * The `heartbeat-eviction` scenario as a value (load/scenarios/scenario-definition.ts): one VU runs the rounds
 * of load/scenarios/heartbeat-eviction.ts; each round reports its measurement, which the summary keeps as an
 * `eviction` section (timeout, interval, runs, timeline).
 */
import { describeEvictionSetup, EVICTION_RUN_HEADERS, evictionRunCells } from "../../src/report/format-values.ts";
import { emptyView, type SectionKind } from "../../src/report/section-view.ts";
import {
  deleteEvictionGroups,
  EVICTION_METRICS,
  EVICTION_SERIES,
  type EvictionOptions,
  type EvictionRoundReport,
  type EvictionSetupData,
  evictionNotes,
  evictionScenario,
  evictionThresholds,
  explainEvictionRound,
  HEARTBEAT_EVICTION,
  planEvictionGroups,
  resolveEvictionOptions,
  runEvictionRound,
} from "./heartbeat-eviction.ts";
import { defineScenario } from "./scenario-definition.ts";

/** The summary section of an eviction run (summary model `EvictionResult`). */
export interface EvictionSectionData {
  timeoutMs: number;
  intervalMs: number;
  /** The survivors' probe interval around the deadline (absent in schemaVersion 1 summaries). */
  probeIntervalMs?: number;
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
      paragraphs: [describeEvictionSetup(e), ...(e.runs.length === 0 ? ["No eviction was measured."] : [])],
      tables:
        e.runs.length === 0
          ? []
          : [
              {
                headers: [...EVICTION_RUN_HEADERS],
                numeric: EVICTION_RUN_HEADERS.map((_, i) => i < 7),
                rows: e.runs.map((r, i) => evictionRunCells(r, i, e.timeoutMs)),
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

function formatRound(r: EvictionSectionData["runs"][number], i: number, timeoutMs: number): string {
  const pm = ` ± ${(r.resolutionMs / 2).toFixed(1)}`;
  const truth =
    r.truth === undefined
      ? ""
      : `, mock's event log ${r.truth.latencyMs.toFixed(1)} ms (measured − true ${r.truth.errorMs.toFixed(1)} ms)`;
  return `  round ${i}: last heartbeat ${r.lastHeartbeatMs.toFixed(0)} ms, detected ${r.detectedMs.toFixed(0)} ms, latency ${r.latencyMs.toFixed(1)}${pm} ms (vs timeout ${(r.latencyMs - timeoutMs).toFixed(1)} ms)${truth}, hand-off gap ${r.handoffGapMs.toFixed(1)} ms, double ownership ${r.doubleOwnership ? "YES" : "no"}`;
}

function evictionText(o: EvictionOptions, runs: EvictionSectionData["runs"]): string {
  return [
    `eviction: timeout ${o.timeoutMs} ms, heartbeat interval ${o.intervalMs} ms, probe interval ${o.probeIntervalMs} ms near the deadline`,
    ...runs.map((r, i) => formatRound(r, i, o.timeoutMs)),
  ].join("\n");
}

/** The scenario. */
export const HEARTBEAT_EVICTION_SCENARIO = defineScenario<EvictionSetupData, EvictionRoundReport>({
  name: HEARTBEAT_EVICTION,
  summary: "a consumer stops heartbeating: evicted after the group timeout, shards handed on",
  optionNames: [
    "timeoutMs",
    "intervalMs",
    "probeIntervalMs",
    "probeLeadMs",
    "maxProbes",
    "consumers",
    "rounds",
    "toleranceMs",
    "warmupMs",
  ],
  specs: [],
  mergeable: false,
  sections: [EVICTION_SECTION],
  plan(given, ctx) {
    const o = resolveEvictionOptions(given as Partial<EvictionOptions>);
    if (ctx.targetProducts !== undefined && !ctx.targetProducts.includes("sls"))
      throw new RangeError(
        `heartbeat-eviction exercises SLS consumer groups, and the target has no SLS endpoint (it knows ${ctx.targetProducts.join(", ") || "no product"}); load the SLS spec (specs/sls.openapi.json)`,
      );
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
          probeIntervalMs: o.probeIntervalMs,
          runs: sorted.flatMap((r) => (r.run ? [r.run] : [])),
          timeline: sorted.flatMap((r) => r.timeline),
        };
        const failed = !engine.thresholds.ok || engine.thresholds.results.some((t) => !t.ok) || engine.aborted;
        const explained = failed ? sorted.flatMap((r) => explainEvictionRound(o, r)) : [];
        return {
          sections: [{ kind: EVICTION_SECTION.kind, data }],
          findings: [...explained, ...problems],
          notes: sorted.flatMap((r) => evictionNotes(r)),
          failed: problems.length > 0,
          text: evictionText(o, data.runs),
        };
      },
    };
  },
});
