/**
 * The gate's orchestration, free of I/O: runs the steps in order (spec drift → contract → each load scenario),
 * turns what they return into a `RunSummary`, and stops cleanly when the run is interrupted. The steps
 * themselves (docgen, Playwright, the load engine) are injected, so this file is tested with fakes and the
 * command (`src/commands/gate.ts`) wires in the real ones.
 */
import type { Clock } from "../core/clock.ts";
import {
  type ContractSection,
  decideVerdict,
  exitCodeFor,
  type LoadScenarioResult,
  RUN_SUMMARY_SCHEMA_VERSION,
  type RunStep,
  type RunSummary,
  type RunTarget,
  type StepName,
} from "../report/run-summary.ts";

/** What one step reports back. `reason` says why it failed or was skipped, in one line a person can act on. */
export interface StepOutcome {
  status: "passed" | "failed" | "skipped";
  reason?: string;
}

/** The gate's steps. Each receives the run's AbortSignal and must return promptly (with what it has) once aborted. */
export interface GateSteps {
  specDrift(signal: AbortSignal): Promise<StepOutcome>;
  contract(signal: AbortSignal): Promise<StepOutcome & { contract?: ContractSection }>;
  load(scenario: string, signal: AbortSignal): Promise<StepOutcome & { scenario?: LoadScenarioResult }>;
}

export interface RunGateOptions {
  steps: GateSteps;
  scenarios: readonly string[];
  target: RunTarget;
  clock: Clock;
  signal: AbortSignal;
  version: string;
  /** Called before and after each step, for progress output. */
  onStep?: (name: StepName, phase: "start" | "end", step?: RunStep) => void;
}

/**
 * Runs one step and times it. A step that ended because of the interrupt did not pass or fail on its merits:
 * it is `interrupted`, also when it threw while being stopped (what it threw is said, not called a crash).
 */
async function runStep(
  name: StepName,
  run: () => Promise<StepOutcome>,
  clock: Clock,
  signal: AbortSignal,
): Promise<RunStep> {
  const t0 = clock.monotonicMs();
  let outcome: StepOutcome | undefined;
  let error: string | undefined;
  try {
    outcome = await run();
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  const durationMs = Math.round(clock.monotonicMs() - t0);
  if (signal.aborted) {
    const detail = error ?? outcome?.reason;
    const more = detail === undefined || detail === "interrupted" ? "" : `; ${detail}`;
    return { name, status: "interrupted", durationMs, reason: `interrupted (Ctrl-C)${more}` };
  }
  if (outcome === undefined) return { name, status: "failed", durationMs, reason: `step crashed: ${error}` };
  const step: RunStep = { name, status: outcome.status, durationMs };
  if (outcome.reason !== undefined) step.reason = outcome.reason;
  return step;
}

/** Runs every step in order; a failed step does not stop the later ones (CI wants the whole picture). */
export async function runGate(options: RunGateOptions): Promise<RunSummary> {
  const { steps, clock, signal } = options;
  const startedWall = clock.wallMs();
  const startedMono = clock.monotonicMs();
  const done: RunStep[] = [];
  let contract: ContractSection | undefined;
  const scenarios: LoadScenarioResult[] = [];

  const plan: { name: StepName; run: () => Promise<StepOutcome> }[] = [
    { name: "spec-drift", run: () => steps.specDrift(signal) },
    {
      name: "contract",
      run: async () => {
        const r = await steps.contract(signal);
        contract = r.contract;
        return r;
      },
    },
    ...options.scenarios.map((s) => ({
      name: `load:${s}` as StepName,
      run: async () => {
        const r = await steps.load(s, signal);
        if (r.scenario !== undefined) scenarios.push(r.scenario);
        return r;
      },
    })),
  ];

  for (const { name, run } of plan) {
    if (signal.aborted) {
      done.push({ name, status: "interrupted", durationMs: 0, reason: "not started: the run was interrupted" });
      continue;
    }
    options.onStep?.(name, "start");
    const step = await runStep(name, run, clock, signal);
    done.push(step);
    options.onStep?.(name, "end", step);
  }

  const verdict = decideVerdict(done);
  const summary: RunSummary = {
    schemaVersion: RUN_SUMMARY_SCHEMA_VERSION,
    tool: { name: "specgate", version: options.version },
    startedAt: new Date(startedWall).toISOString(),
    finishedAt: new Date(startedWall + (clock.monotonicMs() - startedMono)).toISOString(),
    durationMs: Math.round(clock.monotonicMs() - startedMono),
    target: options.target,
    verdict,
    exitCode: exitCodeFor(verdict),
    steps: done,
  };
  if (contract !== undefined) summary.contract = contract;
  if (scenarios.length > 0) summary.load = { scenarios };
  return summary;
}
