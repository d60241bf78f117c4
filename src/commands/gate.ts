/**
 * `specgate gate [--target mock|real|URL] [--baseline FILE [tolerances]] [--out DIR] [--engine auto|node|k6] [--config FILE]`
 * (docs/design.md#command-line; `npm start` runs it against a mock it starts): spec drift check, the contract
 * suite, both load scenarios, then `junit.xml`, `summary.json`, `summary.md` and `index.html` in the out
 * directory. Exit 0 only if everything holds, 1 otherwise, 2 for usage errors, 130 when interrupted.
 *
 * Ctrl-C: the first one aborts the running step (the contract child gets its SIGINT and cleans up, the load
 * engine runs its teardown), the remaining steps are marked interrupted, the reports are still written —
 * atomically — with an "interrupted" verdict, and the mock is shut down. A second Ctrl-C exits at once.
 */
import { setMaxListeners } from "node:events";
import { rateLimitResultName } from "../../load/scenarios/rate-limit.scenario.ts";
import { RATE_LIMIT } from "../../load/scenarios/rate-limit.ts";
import { scenarioNames, viewSection } from "../../load/scenarios/registry.ts";
import pkg from "../../package.json" with { type: "json" };
import { exportTargetEnv, type Target, withBaseUrl } from "../client/target.ts";
import { systemClock } from "../core/clock.ts";
import { checkSpecDrift } from "../gate/check-spec-drift.ts";
import { type GateSteps, runGate } from "../gate/run-gate.ts";
import { runScenarioK6 } from "../load-runner/run-scenario-k6.ts";
import { type LoadScenarioName, runScenarioNode } from "../load-runner/run-scenario-node.ts";
import { type RunningMock, startMock } from "../mock/create-mock-server.ts";
import { applyBaseline, compareBaseline } from "../report/compare-baseline.ts";
import { tallyContract } from "../report/format-values.ts";
import { type BaselineTolerances, type RunTarget, sanitizeTargetUrl } from "../report/run-summary.ts";
import { writeReports } from "../report/write-reports.ts";
import { readTolerances, TOLERANCE_HELP, TOLERANCE_OPTIONS } from "./baseline-tolerances.ts";
import { pickK6, readConfigFlag, resolveCommandTarget } from "./command-target.ts";
import { runContractSuite } from "./contract.ts";
import { parseCommandArgs } from "./parse-command-args.ts";
import { readSummary } from "./report.ts";

const HELP = `Usage: specgate gate [--target mock|real|URL] [--baseline FILE [tolerances]] [--out DIR] [--engine auto|node|k6]

Runs everything and gives one verdict: spec drift check, contract suite, load scenarios
(${scenarioNames().join(", ")}), then reports in the out directory. rate-limit runs once per operation the
config's rateLimit.operations names (default ListEventSubEvent), each its own step (load:rate-limit:<Operation>).

Options:
  --target T       mock (default: starts one for the run), real (ALIBABA_CLOUD_* and SPECGATE_* variables)
                   or the URL of a running mock
  --config FILE    target config (JSON or YAML), as for specgate contract, plus rateLimit.operations
  --baseline FILE  an earlier run's summary.json: flags p95 latency, admitted-rate and eviction-latency regressions
${TOLERANCE_HELP}
  --out DIR        where junit.xml, summary.json, summary.md and index.html go (default reports)
  --engine E       load engine: auto (default: k6 when on PATH, else built-in), node or k6
  --allow-overload real accounts: allow the rate-limit steps above the documented limit (capped)
  --allow-writes   real accounts: allow rate-limit runs of operations that write
  --keep-k6-metrics k6: keep its metric streams (DIR/load-SCENARIO.k6-metrics.jsonl; removed by default)
  -h, --help       show this help

Exit 0 when everything held, 1 when something failed, 2 for usage errors, 130 when interrupted.`;

interface GateArgs {
  target?: string;
  config?: string;
  baseline?: string;
  tolerances: Partial<BaselineTolerances>;
  out: string;
  engine: string;
  allowOverload: boolean;
  allowWrites: boolean;
  keepK6Metrics: boolean;
}

function parseGateArgs(args: string[]): GateArgs | "help" {
  const parsed = parseCommandArgs("gate", {
    args,
    options: {
      target: { type: "string" },
      config: { type: "string" },
      baseline: { type: "string" },
      ...TOLERANCE_OPTIONS,
      out: { type: "string", default: "reports" },
      engine: { type: "string", default: "auto" },
      "allow-overload": { type: "boolean", default: false },
      "allow-writes": { type: "boolean", default: false },
      "keep-k6-metrics": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const v = parsed.values as Record<string, string | boolean | undefined>;
  if (v.help === true) return "help";
  const out: GateArgs = {
    out: String(v.out),
    engine: String(v.engine),
    allowOverload: v["allow-overload"] === true,
    allowWrites: v["allow-writes"] === true,
    keepK6Metrics: v["keep-k6-metrics"] === true,
    tolerances: readTolerances(v, typeof v.baseline === "string" ? v.baseline : undefined),
  };
  if (typeof v.target === "string") out.target = v.target;
  if (typeof v.config === "string") out.config = v.config;
  if (typeof v.baseline === "string") out.baseline = v.baseline;
  return out;
}

/** The wiring of the gate's steps to docgen, the contract suite and the load engines. */
function realSteps(target: Target, args: GateArgs, k6Path: string | undefined): GateSteps {
  const targetArg = target.kind === "real" ? "real" : (target.baseUrl ?? "mock");
  return {
    async specDrift() {
      const r = await checkSpecDrift("specs");
      return r.ok ? { status: "passed" } : { status: "failed", reason: r.problems.join("; ") };
    },
    async contract() {
      // The suite's child resolves the target from its environment only: hand it the gate's resolution, so
      // values from --config reach it as they reach the load steps.
      const env = { ...process.env, ...exportTargetEnv(target) };
      const r = await runContractSuite({ target: targetArg, env, out: args.out, junit: false, print: true });
      const base = r.section === undefined ? {} : { contract: r.section };
      if (r.interrupted) return { status: "failed", reason: "interrupted", ...base };
      if (r.exitCode === 0) return { status: "passed", ...base };
      const reason =
        r.section === undefined
          ? `the contract suite exited ${r.exitCode} without results`
          : `${tallyContract(r.section.operations).failed} contract case(s) failed (seed ${r.seed}; replay with SPECGATE_SEED=${r.seed})`;
      return { status: "failed", reason, ...base };
    },
    async load(name, signal) {
      const { scenario, options } = gateRunOf(name);
      const common = {
        scenario,
        target,
        options,
        allowOverload: args.allowOverload,
        allowWrites: args.allowWrites,
        outDir: args.out,
      };
      const outcome =
        k6Path !== undefined
          ? await runScenarioK6({
              ...common,
              k6Path,
              signal,
              keepMetricStream: args.keepK6Metrics,
              onOutput: (line) => console.error(line),
            })
          : await runScenarioNode({ ...common, signal });
      console.log(`load ${name}: ${outcome.interrupted ? "interrupted" : outcome.passed ? "passed" : "failed"}`);
      // The gate reads the step as interrupted (its signal fired); the numbers it has are kept in the reports.
      if (outcome.interrupted)
        return { status: "failed", reason: "stopped before the end; partial numbers", scenario: outcome.result };
      return outcome.passed
        ? { status: "passed", scenario: outcome.result }
        : { status: "failed", reason: summarizeFindings(outcome.findings), scenario: outcome.result };
    },
  };
}

/**
 * The gate's load runs, by the name each goes by (its step is `load:<name>`): every registered scenario, and
 * rate-limit once per operation `operations` names (the config's `rateLimit.operations`; default its default
 * operation, so `rate-limit` as before).
 */
export function gateRuns(operations: readonly string[] | undefined): string[] {
  return scenarioNames().flatMap((s) =>
    s === RATE_LIMIT && operations !== undefined ? [...new Set(operations)].map(rateLimitResultName) : [s],
  );
}

/** The scenario and options of a gate run's name (`rate-limit:DeleteEventSub` → rate-limit of DeleteEventSub). */
function gateRunOf(name: string): { scenario: LoadScenarioName; options: Record<string, unknown> } {
  const [scenario = name, operation] = name.split(":");
  return { scenario, options: operation === undefined ? {} : { operation } };
}

/** One line for a step's reason: repeated findings once each (with a count), at most five, the rest counted. */
export function summarizeFindings(findings: readonly string[]): string {
  if (findings.length === 0) return "a threshold failed";
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f, (counts.get(f) ?? 0) + 1);
  const lines = [...counts].map(([f, n]) => (n > 1 ? `${f} (×${n})` : f));
  const shown = lines.slice(0, 5);
  if (lines.length > shown.length) shown.push(`and ${lines.length - shown.length} more (see the load report)`);
  return shown.join("; ");
}

/** Runs `specgate gate`; resolves with the exit code. */
export async function run(argv: string[]): Promise<number> {
  const args = parseGateArgs(argv);
  if (args === "help") {
    console.log(HELP);
    return 0;
  }
  // Read before anything runs, so a wrong path fails in a second rather than after the run.
  const baseline = args.baseline === undefined ? undefined : await readSummary(args.baseline, "--baseline");
  const config = readConfigFlag(args.config);
  let target: Target = resolveCommandTarget({ target: args.target, config });
  const k6Path = pickK6(args.engine);

  const controller = new AbortController();
  // The rate-limit plan's scenarios each listen on the run's signal: more than Node's default warning threshold.
  setMaxListeners(100, controller.signal);
  let interrupts = 0;
  const onInterrupt = (): void => {
    interrupts++;
    if (interrupts === 1) {
      console.error(
        "\nspecgate gate: interrupted; finishing the current step, then writing the reports (Ctrl-C again to quit now)",
      );
      controller.abort();
    } else {
      process.exit(130);
    }
  };
  process.on("SIGINT", onInterrupt);
  process.on("SIGTERM", onInterrupt);

  let mock: RunningMock | undefined;
  try {
    if (target.kind === "mock") {
      mock = await startMock();
      target = withBaseUrl(target, mock.url);
    }
    const runTarget: RunTarget =
      target.kind === "real" || target.baseUrl === undefined
        ? { kind: target.kind }
        : { kind: target.kind, url: sanitizeTargetUrl(target.baseUrl) };
    console.log(
      `specgate gate: target ${target.kind}${target.baseUrl ? ` ${target.baseUrl}` : ""}; load engine ${k6Path === undefined ? "node (built-in)" : `k6 (${k6Path})`}`,
    );
    let summary = await runGate({
      steps: realSteps(target, args, k6Path),
      scenarios: gateRuns(config?.rateLimit?.operations),
      target: runTarget,
      clock: systemClock,
      signal: controller.signal,
      version: pkg.version,
      onStep: (name, phase, step) => {
        if (phase === "start") console.log(`\n▶ ${name}`);
        else if (step !== undefined)
          console.log(
            `◀ ${name}: ${step.status} (${(step.durationMs / 1000).toFixed(1)} s)${step.reason ? ` — ${step.reason}` : ""}`,
          );
      },
    });
    if (baseline !== undefined && args.baseline !== undefined && summary.verdict !== "interrupted") {
      summary = applyBaseline(
        summary,
        compareBaseline(summary, baseline, { file: args.baseline, tolerances: args.tolerances }),
      );
    }
    const paths = await writeReports(summary, args.out, viewSection);
    console.log(`\nverdict: ${summary.verdict.toUpperCase()} (exit ${summary.exitCode})`);
    for (const s of summary.steps) console.log(`  ${s.status.padEnd(11)} ${s.name}${s.reason ? ` — ${s.reason}` : ""}`);
    console.log(`reports: ${paths.junit}, ${paths.json}, ${paths.markdown}, ${paths.html}`);
    return summary.exitCode;
  } finally {
    process.off("SIGINT", onInterrupt);
    process.off("SIGTERM", onInterrupt);
    await mock?.close();
  }
}
