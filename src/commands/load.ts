/**
 * `specgate load SCENARIO [--engine auto|node|k6] [--target mock|real|URL] [--config FILE] [--allow-overload]
 * [--allow-writes] [--out DIR] [--operation OP] [--option NAME=VALUE]...` (docs/design.md#command-line): runs a
 * registered scenario (load/scenarios/registry.ts: `heartbeat-eviction`, `rate-limit`) on real k6 (when on PATH,
 * or `--engine k6`) or the built-in engine, says which engine ran, prints a result table and exits 0 when every
 * threshold held, 1 otherwise (2 for usage errors).
 */
import { setMaxListeners } from "node:events";
import { readFileSync } from "node:fs";
import { registeredScenarios, scenarioNames } from "../../load/scenarios/registry.ts";
import { readRunnerResults } from "../../load/scenarios/runner-result.ts";
import { type Target, withBaseUrl } from "../client/target.ts";
import { UsageError } from "../core/usage-error.ts";
import { formatOutcome } from "../load-runner/format-outcome.ts";
import {
  mergeRunners as mergeRunnerResults,
  type RunnerResult,
  resolveMergeOptions,
} from "../load-runner/merge-runners.ts";
import { K6RunError, runScenarioK6 } from "../load-runner/run-scenario-k6.ts";
import {
  type LoadScenarioName,
  planFor,
  runScenarioNode,
  type ScenarioRunOutcome,
  saveResult,
  scenarioNamed,
} from "../load-runner/run-scenario-node.ts";
import { startMock } from "../mock/create-mock-server.ts";
import { loadSpecs } from "../openapi/load-specs.ts";
import { pickK6, readConfigFlag, resolveCommandTarget } from "./command-target.ts";
import { parseCommandArgs } from "./parse-command-args.ts";

/** The help, with the scenarios and their options as registered (load/scenarios/registry.ts). */
function help(): string {
  const entries = registeredScenarios().map((r) => r.definition);
  const width = Math.max(...entries.map((d) => d.name.length)) + 2;
  const scenarios = entries.map((d) => `  ${d.name.padEnd(width)}${d.summary}`).join("\n");
  const options = entries
    .filter((d) => d.optionNames.length > 0)
    .map((d) => `                      ${d.name}: ${d.optionNames.join(" ")}`)
    .join("\n");
  const mergeable = entries
    .filter((d) => d.mergeable)
    .map((d) => d.name)
    .join(", ");
  return HELP.replace("{scenarios}", scenarios).replace("{options}", options).replace("{mergeable}", mergeable);
}

const HELP = `Usage: specgate load SCENARIO [options]

Scenarios:
{scenarios}

Options:
  --engine E          auto (default: k6 when on PATH, else the built-in engine), node or k6
  --target T          mock (default: starts one for the run), real (ALIBABA_CLOUD_* variables) or a URL
  --config FILE       target config (JSON or YAML), as for specgate contract
  --allow-overload    real accounts: allow the steps above the documented limit (capped at 3 s each; one
                      window for a per-minute limit)
  --allow-writes      real accounts: allow loading an operation that writes (rate-limit --operation of a
                      Create/Delete/… operation; read-only ones always run)
  --out DIR           where load-SCENARIO.json goes (default reports)
  --keep-k6-metrics   k6: keep its metric stream, DIR/load-SCENARIO.k6-metrics.jsonl (read for the per-second
                      series, then removed by default; it can be large)
  --option N=V        scenario option, repeatable; V is JSON or text, e.g. --option rounds=1
{options}
  --operation OP      rate-limit: the operation to load (any RPC operation of specs/ with a documented limit,
                      x-qps-limit, per second or per minute; default ListEventSubEvent); = --option operation=OP.
                      A per-minute plan takes about 2.5 min (0.5× and 2× for a minute each); shorten it with
                      --option multipliers=[2] (one overloaded minute)
  --merge FILE...     {mergeable}: run nothing; merge the results of the runners of a distributed k6 run (their
                      load-rate-limit.json files, or logs with SPECGATE_RESULT lines: kubectl logs of runners
                      started with SPECGATE_PRINT_RESULT=1) and judge the whole account against the documented
                      limit, by the plan the runners record in their results (results of older scripts:
                      give the --option values they had, and --target real for a real account).
  -h, --help          show this help`;

function parseOption(text: string): [string, unknown] {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new UsageError(`--option "${text}": write NAME=VALUE, e.g. --option rounds=1`);
  const name = text.slice(0, eq);
  const raw = text.slice(eq + 1);
  try {
    return [name, JSON.parse(raw)];
  } catch {
    return [name, raw];
  }
}

/** The flags of `specgate load`. */
interface LoadFlags {
  engine: string;
  target?: string;
  config?: string;
  "allow-overload": boolean;
  "allow-writes": boolean;
  out: string;
  "keep-k6-metrics": boolean;
  option: string[];
  merge: boolean;
  operation?: string;
  help: boolean;
}

function parseLoadArgs(args: string[]): { v: LoadFlags; positionals: string[] } {
  const parsed = parseCommandArgs("load", {
    args,
    allowPositionals: true,
    options: {
      engine: { type: "string", default: "auto" },
      target: { type: "string" },
      config: { type: "string" },
      "allow-overload": { type: "boolean", default: false },
      "allow-writes": { type: "boolean", default: false },
      out: { type: "string", default: "reports" },
      "keep-k6-metrics": { type: "boolean", default: false },
      option: { type: "string", multiple: true, default: [] },
      merge: { type: "boolean", default: false },
      operation: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  return { v: parsed.values as LoadFlags, positionals: parsed.positionals };
}

/** `--merge` runs nothing: the flags that choose how to run are mistakes there. */
function checkMergeFlags(v: LoadFlags): void {
  // `--target real` only says the runners ran against a real account (their steps above the limit were capped,
  // so the plan to judge them by is capped too).
  const given = [v.target !== undefined && v.target !== "real" && "--target", v.config && "--config"];
  if (v.engine !== "auto") given.push("--engine");
  const runs = given.find((x) => typeof x === "string");
  if (runs)
    throw new UsageError(
      `${runs} does not apply to --merge: it reads the runners' results and runs nothing (--target real says they ran against a real account)`,
    );
}

/** Runs `specgate load`; resolves with the exit code. */
export async function run(args: string[]): Promise<number> {
  const { v, positionals } = parseLoadArgs(args);
  if (v.help) {
    console.log(help());
    return 0;
  }
  const [scenario, ...extra] = positionals;
  if (scenario === undefined) throw new UsageError(`name a scenario: ${scenarioNames().join(" or ")}`);
  scenarioNamed(scenario);
  const options = Object.fromEntries(v.option.map(parseOption));
  if (v.operation !== undefined) {
    if (!scenarioNamed(scenario).optionNames.includes("operation"))
      throw new UsageError(`--operation applies to scenarios with an operation option; ${scenario} has none`);
    options.operation = v.operation;
  }
  if (v.merge) {
    checkMergeFlags(v);
    return mergeRunners(scenario as LoadScenarioName, extra, options, v.target === "real", v.out);
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"; run one scenario at a time`);
  return runOne(scenario as LoadScenarioName, v, options);
}

/**
 * The first Ctrl-C (or SIGTERM) stops the run and keeps its partial result; a second one quits at once (the k6
 * runner stops k6 as this process exits). Returns the function that stops listening.
 */
function abortOnSignal(controller: AbortController, scenario: string): () => void {
  const onSignal = (): void => {
    if (controller.signal.aborted) process.exit(130);
    console.error(
      `\nspecgate load: interrupted; stopping ${scenario} and writing its partial result (Ctrl-C again to quit now)`,
    );
    controller.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return () => {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  };
}

/** Which engine runs, in one line. */
function describeEngine(k6Path: string | undefined, asked: string): string {
  if (k6Path !== undefined) return `engine: k6 (${k6Path})`;
  return `engine: node (built-in${asked === "auto" ? "; k6 is not on PATH" : ""})`;
}

/** Runs one scenario on the chosen engine against the chosen target; Ctrl-C stops it with its partial result. */
async function runOne(scenario: LoadScenarioName, v: LoadFlags, options: Record<string, unknown>): Promise<number> {
  let target: Target = resolveCommandTarget({ target: v.target, config: readConfigFlag(v.config) });
  const k6Path = pickK6(v.engine);
  console.log(describeEngine(k6Path, v.engine));
  const mock = target.kind === "mock" ? await startMock() : undefined;
  if (mock) target = withBaseUrl(target, mock.url);
  console.log(`target: ${target.kind}${target.baseUrl ? ` ${target.baseUrl}` : ""}; scenario: ${scenario}`);
  const controller = new AbortController();
  // The rate-limit plan's ~20 scenarios each listen on this signal: legitimately more than Node's warning threshold.
  setMaxListeners(100, controller.signal);
  const stopListening = abortOnSignal(controller, scenario);
  const common = {
    scenario,
    target,
    options,
    allowOverload: v["allow-overload"],
    allowWrites: v["allow-writes"],
    outDir: v.out,
    signal: controller.signal,
  };
  let outcome: ScenarioRunOutcome;
  try {
    outcome =
      k6Path !== undefined
        ? await runScenarioK6({
            ...common,
            k6Path,
            keepMetricStream: v["keep-k6-metrics"],
            onOutput: (line) => console.error(line),
          })
        : await runScenarioNode(common);
  } catch (err) {
    // k6 could not give a result: its own output (already shown) says why; one line here, no stack trace.
    if (!(err instanceof K6RunError)) throw err;
    console.error(`specgate load: ${err.message}`);
    return controller.signal.aborted ? 130 : 1;
  } finally {
    stopListening();
    await mock?.close();
  }
  console.log(formatOutcome(outcome));
  // Stopped by Ctrl-C: neither passed nor failed (exit 130, as `specgate gate`: 128 + SIGINT).
  if (outcome.interrupted || controller.signal.aborted) return 130;
  return outcome.passed ? 0 : 1;
}

/**
 * `specgate load rate-limit --merge FILE...`: the account-wide verdict of a distributed run (k6 OSS and
 * k6-operator judge each runner alone; docs/peer-conventions.md#distributed-runs-with-k6-operator). Prints the same
 * table and verdict as a run, writes the merged result to `<out>/load-rate-limit.json`, exits 0 or 1.
 */
function mergeRunners(
  scenario: LoadScenarioName,
  files: readonly string[],
  options: Record<string, unknown>,
  real: boolean,
  outDir: string,
): number {
  const definition = scenarioNamed(scenario);
  if (!definition.mergeable)
    throw new UsageError(
      `--merge applies to ${registeredScenarios()
        .filter((r) => r.definition.mergeable)
        .map((r) => r.definition.name)
        .join(", ")} (one limit shared by the runners); ${scenario} runners are independent, judge each on its own`,
    );
  if (files.length === 0)
    throw new UsageError(
      `--merge needs the runners' results: load-${scenario}.json files or logs with SPECGATE_RESULT lines`,
    );
  const runners: RunnerResult[] = files.flatMap((file) => {
    let text: string;
    try {
      const bytes = readFileSync(file);
      // `kubectl logs POD > FILE` in Windows PowerShell 5 writes UTF-16LE with a byte order mark.
      text = bytes[0] === 0xff && bytes[1] === 0xfe ? bytes.toString("utf16le") : bytes.toString("utf8");
    } catch (err) {
      throw new UsageError(`cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    try {
      const results = readRunnerResults(text, file);
      return results.map((result, i) => ({ source: results.length > 1 ? `${file}#${i + 1}` : file, result }));
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  });
  let merged: ReturnType<typeof mergeRunnerResults>;
  let name: string;
  try {
    const given = resolveMergeOptions(runners, options);
    const plan = planFor(definition, { kind: real ? "real" : "mock" }, given, {
      allowOverload: true,
      allowWrites: true,
      specs: loadSpecs(),
    });
    name = plan.resultName ?? definition.name;
    merged = mergeRunnerResults(name, runners, plan);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  console.log(`merged ${runners.length} runner result(s): ${runners.map((r) => r.source).join(", ")}`);
  const resultFile = saveResult(outDir, name, merged.engineResult);
  console.log(formatOutcome({ ...merged, resultFile }));
  console.log("note: latency percentiles do not add up across runners; each runner's own summary has them");
  return merged.passed ? 0 : 1;
}
