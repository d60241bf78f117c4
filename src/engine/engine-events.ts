/**
 * Events the engine emits while it runs. Reporters (progress bar, HTML, JUnit) subscribe through
 * `onEvent`; the engine never imports a reporter.
 */
import type { EngineResult, ScenarioSummary } from "./engine-result.ts";
import type { SecondValues } from "./metric-registry.ts";
import type { ThresholdResult } from "./thresholds.ts";

/** Emitted once, before `setup()`. */
export interface RunStartedEvent {
  type: "run-started";
  startedAt: string;
  /** When the last scenario's schedule ends, from the scenarios' start (without gracefulStop). */
  plannedDurationMs: number;
  scenarios: { name: string; executor: string; startMs: number; durationMs: number }[];
}

/** A scenario reached its `startTime`. */
export interface ScenarioStartedEvent {
  type: "scenario-started";
  scenario: string;
  elapsedMs: number;
}

/** Every second: the closed second's values of every metric. */
export interface TickEvent {
  type: "tick";
  /** The second reported (0-based). */
  second: number;
  elapsedMs: number;
  plannedDurationMs: number;
  /** Busy and allocated VUs across scenarios, sampled at the tick. */
  vus: number;
  vusMax: number;
  metrics: Record<string, SecondValues>;
}

/** A threshold was seen failing (once per threshold; `aborting` when it ends the run). */
export interface ThresholdFailedEvent {
  type: "threshold-failed";
  elapsedMs: number;
  result: ThresholdResult;
  aborting: boolean;
}

/** A scenario ended (its in-flight iterations finished or were interrupted). */
export interface ScenarioFinishedEvent {
  type: "scenario-finished";
  scenario: string;
  elapsedMs: number;
  summary: ScenarioSummary;
}

/** The run ended; carries the full result. */
export interface RunFinishedEvent {
  type: "run-finished";
  result: EngineResult;
}

/** Every event, discriminated by `type`. */
export type EngineEvent =
  | RunStartedEvent
  | ScenarioStartedEvent
  | TickEvent
  | ThresholdFailedEvent
  | ScenarioFinishedEvent
  | RunFinishedEvent;

/** A subscriber. Exceptions it throws are logged and otherwise ignored. */
export type EngineEventListener = (event: EngineEvent) => void;
