/**
 * How far apart an arrival-rate scenario intends its iterations to start: `timeUnit ÷ rate`
 * (https://grafana.com/docs/k6/latest/using-k6/scenarios/executors/constant-arrival-rate/). Both engines use it:
 * the built-in one works back from an iteration's intended start to its scenario's start, a k6 script forward from
 * the scenario's start to the iteration's intended start, so the two agree on every `timeUnit` k6 accepts.
 */
import { parseDuration } from "../../src/engine/parse-duration.ts";
import type { K6ScenarioShape } from "./scenario-definition.ts";

/** Milliseconds between intended starts of a `constant-arrival-rate` scenario; undefined for other executors. */
export function arrivalSpacingMs(config: K6ScenarioShape): number | undefined {
  const rate = config.rate;
  if (config.executor !== "constant-arrival-rate" || typeof rate !== "number") return undefined;
  return parseDuration(typeof config.timeUnit === "string" ? config.timeUnit : "1s", "timeUnit") / rate;
}
