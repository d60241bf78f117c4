/**
 * k6 entry point of the `heartbeat-eviction` scenario (load/scenarios/heartbeat-eviction.ts):
 *   k6 run -e SPECGATE_TARGET=http://127.0.0.1:PORT load/dist/heartbeat-eviction.js
 * or with SPECGATE_TARGET=real and the account variables (README). Options: -e SPECGATE_LOAD_OPTIONS='{"rounds":1}'.
 *
 * k6 cannot pass values from VU code to teardown (docs/peer-conventions.md#setup-and-teardown-data), so one VU runs the
 * rounds on a schedule and reports through custom metrics (thresholds) plus one `SPECGATE_EVICTION {json}` console
 * line per round, which `specgate load --engine k6` reads for the per-round list and the timeline.
 */
import exec from "k6/execution";
import { runFlowSync } from "../scenarios/flow.ts";
import {
  deleteEvictionGroups,
  EVICTION_METRICS,
  type EvictionOptions,
  type EvictionSetupData,
  evictionScenario,
  evictionThresholds,
  formatEvictionLatency,
  planEvictionGroups,
  resolveEvictionOptions,
  runEvictionRound,
} from "../scenarios/heartbeat-eviction.ts";
import { readTargetFromEnv } from "../scenarios/target-env.ts";
import { k6Crypto } from "./k6-crypto.ts";
import { createK6Port, declareMetrics, K6_SYSTEM_TAGS } from "./k6-port.ts";
import { readOptionsEnv, summaryOutputs } from "./k6-summary.ts";

const evictionOptions = resolveEvictionOptions(readOptionsEnv(__ENV) as Partial<EvictionOptions>);
const target = readTargetFromEnv(__ENV);
const port = createK6Port(declareMetrics(EVICTION_METRICS), k6Crypto);

/** k6 options: one VU running K rounds; thresholds from the scenario. */
export const options = {
  scenarios: { eviction: { ...evictionScenario(evictionOptions), exec: "evictionRound" } },
  thresholds: evictionThresholds(evictionOptions),
  summaryTrendStats: ["avg", "min", "med", "max", "p(90)", "p(95)", "p(99)", "count"],
  systemTags: [...K6_SYSTEM_TAGS],
  setupTimeout: "60s",
  teardownTimeout: "60s",
};

/** Names the run's consumer groups. */
export function setup(): EvictionSetupData {
  return planEvictionGroups(port, evictionOptions);
}

/** One round per iteration. */
export function evictionRound(data: EvictionSetupData): void {
  const report = runFlowSync(
    runEvictionRound(port, target, evictionOptions, data, exec.scenario.iterationInTest, exec.scenario.startTime),
  );
  console.log(`SPECGATE_EVICTION ${JSON.stringify(report)}`);
}

/** Deletes every planned group, also after an abort. */
export function teardown(data: EvictionSetupData): void {
  for (const problem of runFlowSync(deleteEvictionGroups(port, target, data))) console.warn(problem);
}

/** Writes reports/load-heartbeat-eviction.json (EngineResult) and a text summary. */
export function handleSummary(data: unknown): Record<string, string> {
  return summaryOutputs(
    "heartbeat-eviction",
    data,
    __ENV,
    (r) => formatEvictionLatency(evictionOptions, r.metrics),
    evictionOptions,
  );
}
