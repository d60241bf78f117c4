/**
 * Scenario options, shaped like k6's `options.scenarios` entries (docs/peer-conventions.md#arrival-rate-executors), so
 * one engine-neutral scenario module can hand the same object to k6 and to this engine. Only `exec`
 * differs: here it is the iteration function itself, in k6 the name of an exported function.
 */

import { type PlannedStart, planConstantArrivals, planRampingArrivals, type RampStage } from "./arrival-schedule.ts";
import type { IterationFn } from "./iteration-context.ts";
import type { DurationInput } from "./parse-duration.ts";
import { parseDuration } from "./parse-duration.ts";

/** Options every executor shares. */
export interface CommonScenarioOptions<D> {
  /** The iteration function. */
  exec: IterationFn<D>;
  /** Offset from the start of the run (k6 `startTime`), default 0. */
  startTime?: DurationInput;
  /** How long in-flight iterations may finish after the scenario's end before being interrupted (k6 default 30s). */
  gracefulStop?: DurationInput;
  /** Tags added to every sample of this scenario (the `scenario` tag is always added). */
  tags?: Record<string, string>;
}

/** k6 `constant-arrival-rate`: `rate` starts per `timeUnit` for `duration`, open model. */
export interface ConstantArrivalRateOptions<D> extends CommonScenarioOptions<D> {
  executor: "constant-arrival-rate";
  rate: number;
  timeUnit?: DurationInput;
  duration: DurationInput;
  preAllocatedVUs: number;
  maxVUs?: number;
}

/** One stage of a ramping-arrival-rate scenario: ramp linearly to `target` over `duration`. */
export interface ArrivalStage {
  target: number;
  duration: DurationInput;
}

/** k6 `ramping-arrival-rate`: a rate ramping linearly between stage targets, open model. */
export interface RampingArrivalRateOptions<D> extends CommonScenarioOptions<D> {
  executor: "ramping-arrival-rate";
  startRate?: number;
  timeUnit?: DurationInput;
  stages: ArrivalStage[];
  preAllocatedVUs: number;
  maxVUs?: number;
}

/** k6 `constant-vus`: `vus` VUs loop their iteration for `duration` (closed model). */
export interface ConstantVusOptions<D> extends CommonScenarioOptions<D> {
  executor: "constant-vus";
  vus: number;
  duration: DurationInput;
}

/** k6 `per-vu-iterations`: each of `vus` VUs runs `iterations` iterations, within `maxDuration` (closed model). */
export interface PerVuIterationsOptions<D> extends CommonScenarioOptions<D> {
  executor: "per-vu-iterations";
  vus?: number;
  iterations?: number;
  maxDuration?: DurationInput;
}

/** Any scenario this engine runs. */
export type ScenarioOptions<D = unknown> =
  | ConstantArrivalRateOptions<D>
  | RampingArrivalRateOptions<D>
  | ConstantVusOptions<D>
  | PerVuIterationsOptions<D>;

/** A scenario after validation, with every duration in milliseconds. */
export type NormalizedScenario<D> =
  | {
      kind: "arrival";
      name: string;
      executor: "constant-arrival-rate" | "ramping-arrival-rate";
      exec: IterationFn<D>;
      startMs: number;
      durationMs: number;
      gracefulStopMs: number;
      tags: Record<string, string>;
      preAllocatedVUs: number;
      maxVUs: number;
      /** Fresh iterator over the intended starts. */
      plan: () => Iterator<PlannedStart>;
    }
  | {
      kind: "closed";
      name: string;
      executor: "constant-vus" | "per-vu-iterations";
      exec: IterationFn<D>;
      startMs: number;
      durationMs: number;
      gracefulStopMs: number;
      tags: Record<string, string>;
      vus: number;
      /** Iterations per VU, or Infinity for constant-vus. */
      iterationsPerVu: number;
    };

const K6_GRACEFUL_STOP_MS = 30_000;
const K6_MAX_DURATION_MS = 600_000;

function requireCount(value: unknown, what: string, min: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new RangeError(`${what}: ${String(value)} is not valid; it must be an integer ≥ ${min}`);
  }
  return value;
}

function requireRate(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${what}: ${String(value)} is not valid; it must be a finite number ≥ 0`);
  }
  return value;
}

function requireTimeUnit(value: DurationInput | undefined, at: string): number {
  const ms = parseDuration(value ?? "1s", `${at}.timeUnit`);
  if (ms <= 0) throw new RangeError(`${at}.timeUnit: must be longer than 0`);
  return ms;
}

/** The VU bounds of an arrival-rate executor: `maxVUs` defaults to, and may not be below, `preAllocatedVUs`. */
function requireArrivalVus(
  options: { preAllocatedVUs?: unknown; maxVUs?: unknown },
  at: string,
): { preAllocatedVUs: number; maxVUs: number } {
  const preAllocatedVUs = requireCount(options.preAllocatedVUs, `${at}.preAllocatedVUs`, 1);
  return { preAllocatedVUs, maxVUs: requireCount(options.maxVUs ?? preAllocatedVUs, `${at}.maxVUs`, preAllocatedVUs) };
}

/** Validates one scenario and converts it to milliseconds; errors name `scenarios.<name>.<option>`. */
export function normalizeScenario<D>(name: string, options: ScenarioOptions<D>): NormalizedScenario<D> {
  const at = `scenarios.${name}`;
  if (!/^[A-Za-z0-9_-]+$/.test(name)) {
    throw new RangeError(`${at}: scenario names may only use letters, digits, "_" and "-" (as in k6)`);
  }
  if (typeof options.exec !== "function") throw new TypeError(`${at}.exec: must be the iteration function`);
  const startMs = parseDuration(options.startTime ?? 0, `${at}.startTime`);
  const gracefulStopMs = parseDuration(options.gracefulStop ?? K6_GRACEFUL_STOP_MS, `${at}.gracefulStop`);
  const tags = { ...(options.tags ?? {}), scenario: name };
  const base = { name, exec: options.exec, startMs, gracefulStopMs, tags };
  switch (options.executor) {
    case "constant-arrival-rate": {
      const rate = requireRate(options.rate, `${at}.rate`);
      const timeUnitMs = requireTimeUnit(options.timeUnit, at);
      const durationMs = parseDuration(options.duration, `${at}.duration`);
      return {
        ...base,
        kind: "arrival",
        executor: options.executor,
        durationMs,
        ...requireArrivalVus(options, at),
        plan: () => planConstantArrivals(rate, timeUnitMs, durationMs),
      };
    }
    case "ramping-arrival-rate": {
      const timeUnitMs = requireTimeUnit(options.timeUnit, at);
      const startPerMs = requireRate(options.startRate ?? 0, `${at}.startRate`) / timeUnitMs;
      if (!Array.isArray(options.stages) || options.stages.length === 0) {
        throw new RangeError(`${at}.stages: give at least one stage, e.g. [{ target: 50, duration: "30s" }]`);
      }
      const stages: RampStage[] = options.stages.map((s, i) => ({
        targetPerMs: requireRate(s.target, `${at}.stages[${i}].target`) / timeUnitMs,
        durationMs: parseDuration(s.duration, `${at}.stages[${i}].duration`),
      }));
      return {
        ...base,
        kind: "arrival",
        executor: options.executor,
        durationMs: stages.reduce((sum, s) => sum + s.durationMs, 0),
        ...requireArrivalVus(options, at),
        plan: () => planRampingArrivals(startPerMs, stages),
      };
    }
    case "constant-vus":
      return {
        ...base,
        kind: "closed",
        executor: options.executor,
        durationMs: parseDuration(options.duration, `${at}.duration`),
        vus: requireCount(options.vus, `${at}.vus`, 1),
        iterationsPerVu: Number.POSITIVE_INFINITY,
      };
    case "per-vu-iterations":
      return {
        ...base,
        kind: "closed",
        executor: options.executor,
        durationMs: parseDuration(options.maxDuration ?? K6_MAX_DURATION_MS, `${at}.maxDuration`),
        vus: requireCount(options.vus ?? 1, `${at}.vus`, 1),
        iterationsPerVu: requireCount(options.iterations ?? 1, `${at}.iterations`, 1),
      };
    default: {
      const executor = (options as { executor?: unknown }).executor;
      throw new RangeError(
        `${at}.executor: "${String(executor)}" is not supported; use constant-arrival-rate, ramping-arrival-rate, constant-vus or per-vu-iterations`,
      );
    }
  }
}
