/**
 * `specgate contract [--target mock|real|URL] [--out DIR] [--seed N] [--grep PATTERN]`: runs the Playwright
 * contract suite (project `contract`, contract-suite/*.suite.ts) as a child process and prints the per-operation
 * table. Reporters: `list` on the terminal, JUnit at `<out>/junit.xml` (when run alone), Playwright's HTML
 * report in `<out>/playwright/` (never opened), and specgate's contract reporter writing
 * `<out>/contract-results.json` (the `contract` section of the run summary).
 * Exit 0 when every case passed, 1 otherwise, 2 on usage errors, 130 when interrupted.
 *
 * Ctrl-C: the child runs in its own process group, so the terminal's SIGINT reaches only this process,
 * which forwards exactly one SIGINT (Playwright then stops and runs the fixtures' teardown, which deletes
 * the resources created on a real account) and waits for the child to exit. A second Ctrl-C is forwarded
 * too (Playwright then stops at once).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { resolveTarget, TARGET_ENV, type Target } from "../client/target.ts";
import { CONTRACT_RESULTS_FILE } from "../contract-cases/contract-reporter.ts";
import { contractPassed, renderContractTable, renderFailures } from "../contract-cases/contract-results.ts";
import { CONTRACT_ENV, parseSeed, randomSeed } from "../contract-cases/run-settings.ts";
import { loadSpecs } from "../openapi/load-specs.ts";
import type { ContractSection } from "../report/run-summary.ts";
import { parseCommandArgs } from "./parse-command-args.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

const HELP = `Usage: specgate contract [--target mock|real|URL] [--out DIR] [--seed N] [--grep PATTERN] [--allow-writes] [--specs DIR]

Runs the contract suite (generated positive and negative cases for every operation of every product in
specs/*.openapi.json, plus stateful flows) against a target and prints a table per operation.

  --target        mock (default: a mock per worker), real (an account from ALIBABA_CLOUD_* and SPECGATE_*
                  variables), or the URL of a running mock (e.g. http://127.0.0.1:8080). Also SPECGATE_TARGET.
  --out           output directory (default reports): junit.xml, contract-results.json, playwright/ (HTML report)
  --seed          seed of the case generators (default: random, printed; also SPECGATE_SEED) to replay a run
  --grep          only run cases whose title matches PATTERN (Playwright --grep)
  --allow-writes  on a real account, also send write operations no product declares safe (they may change
                  what your settings name); read-only operations and declared-safe writes always run
  --specs         the directory of the *.openapi.json to cover (default specs; also SPECGATE_SPECS)

Exit 0 when every case passed, 1 when some failed, 2 on usage errors, 130 when interrupted.`;

/** Options of `runContractSuite`. */
export interface ContractSuiteOptions {
  /** `mock`, `real` or a URL; default `SPECGATE_TARGET`, else `mock`. */
  target?: string;
  /** Output directory; default `reports`. */
  out?: string;
  seed?: number;
  grep?: string;
  /** Send write operations no product declares safe to a real account too. */
  allowWrites?: boolean;
  /** The specs directory; default `SPECGATE_SPECS`, else `specs`. */
  specsDir?: string;
  /** Write `<out>/junit.xml` (the gate writes its own and passes false). Default true. */
  junit?: boolean;
  /** Environment of the child; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Print the table and failures (default true). */
  print?: boolean;
}

/** What a contract run produced. */
export interface ContractSuiteResult {
  exitCode: number;
  seed: number;
  /** Undefined when the suite did not get far enough to write its results. */
  section?: ContractSection;
  interrupted: boolean;
}

function parseContractArgs(args: string[]): ContractSuiteOptions | "help" {
  const parsed = parseCommandArgs("contract", {
    args,
    options: {
      target: { type: "string" },
      out: { type: "string" },
      seed: { type: "string" },
      grep: { type: "string" },
      "allow-writes": { type: "boolean", default: false },
      specs: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const v = parsed.values as {
    target?: string;
    out?: string;
    seed?: string;
    grep?: string;
    "allow-writes": boolean;
    specs?: string;
    help: boolean;
  };
  if (v.help) return "help";
  return {
    ...(v.target === undefined ? {} : { target: v.target }),
    ...(v.out === undefined ? {} : { out: v.out }),
    ...(v.seed === undefined ? {} : { seed: parseSeed(v.seed, "--seed") }),
    ...(v.grep === undefined ? {} : { grep: v.grep }),
    ...(v["allow-writes"] ? { allowWrites: true } : {}),
    ...(v.specs === undefined ? {} : { specsDir: v.specs }),
  };
}

function playwrightCli(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("@playwright/test/package.json")), "cli.js");
}

function readSection(file: string): ContractSection | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as ContractSection;
  } catch {
    return undefined;
  }
}

/** The target line the command prints first. */
function describeTarget(target: Target): string {
  if (target.kind === "real") return "a real account";
  return target.kind === "url" ? (target.baseUrl ?? "a URL") : "a mock per worker";
}

/** Playwright's command line for the suite. */
function playwrightArgs(out: string, options: ContractSuiteOptions): string[] {
  const reporters = [
    "list",
    ...(options.junit === false ? [] : ["junit"]),
    "html",
    join(ROOT, "src/contract-cases/contract-reporter.ts"),
  ];
  return [
    playwrightCli(),
    "test",
    "--config",
    join(ROOT, "playwright.config.ts"),
    "--project=contract",
    "--workers=2",
    "--output",
    join(out, "test-results"),
    `--reporter=${reporters.join(",")}`,
    ...(options.grep === undefined ? [] : ["--grep", options.grep]),
  ];
}

/** The suite's environment: the caller's, plus the run's settings (run-settings.ts reads them back). */
function childEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  target: Target,
  seed: number,
  out: string,
  options: { allowWrites: boolean; specsDir: string },
): Record<string, string | undefined> {
  return {
    ...env,
    [CONTRACT_ENV.specs]: options.specsDir,
    [TARGET_ENV.target]: target.kind === "url" ? target.baseUrl : target.kind,
    [CONTRACT_ENV.seed]: String(seed),
    [CONTRACT_ENV.out]: out,
    [CONTRACT_ENV.resourcePrefix]: `specgate-${Math.random().toString(36).slice(2, 10)}-`,
    [CONTRACT_ENV.allowWrites]: options.allowWrites ? "1" : "0",
    PLAYWRIGHT_JUNIT_OUTPUT_FILE: join(out, "junit.xml"),
    PLAYWRIGHT_HTML_OUTPUT_DIR: join(out, "playwright"),
    PLAYWRIGHT_HTML_OPEN: "never",
  };
}

/** Runs Playwright in its own process group, forwarding SIGINT/SIGTERM once each; its exit code. */
async function runChild(
  args: string[],
  env: Record<string, string | undefined>,
  print: boolean,
): Promise<{ code: number; interrupted: boolean }> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: "inherit", detached: true });
  let interrupted = false;
  const forward = (signal: NodeJS.Signals) => () => {
    interrupted = true;
    if (print) console.error(`\nspecgate contract: ${signal}: stopping the suite and deleting what it created…`);
    signalChild(child, signal);
  };
  const onInt = forward("SIGINT");
  const onTerm = forward("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  const code = await new Promise<number>((done) => {
    child.on("exit", (c, s) => done(c ?? (s === null ? 1 : 128 + 2)));
    child.on("error", (err) => {
      console.error(`specgate contract: cannot start Playwright: ${err.message}`);
      done(1);
    });
  });
  process.off("SIGINT", onInt);
  process.off("SIGTERM", onTerm);
  return { code, interrupted };
}

/** Prints the per-operation table, the failures and where the reports are. */
function printOutcome(
  section: ContractSection | undefined,
  code: number,
  seed: number,
  out: string,
  junit: boolean,
): void {
  if (section === undefined) {
    console.error(
      `specgate contract: the suite wrote no ${CONTRACT_RESULTS_FILE} (Playwright exit ${code}); see its output above`,
    );
    return;
  }
  const failures = renderFailures(section);
  console.log(`\nContract results (seed ${seed}):\n${renderContractTable(section)}`);
  if (failures !== "") console.log(`\nFailures:\n${failures}`);
  console.log(
    `\nReports: ${join(out, CONTRACT_RESULTS_FILE)}${junit ? `, ${join(out, "junit.xml")}` : ""}, ${join(out, "playwright", "index.html")}`,
  );
}

/** What a run is resolved to before anything starts: target, seed, specs directory. */
interface ResolvedRun {
  target: Target;
  seed: number;
  specsDir: string;
}

/**
 * Resolves the run now, for the products of every spec found, so that a bad URL, seed or spec, or a missing
 * real-account setting, is one clear usage error (exit 2).
 */
function resolveRun(options: ContractSuiteOptions, env: Readonly<Record<string, string | undefined>>): ResolvedRun {
  const targetText = options.target ?? (env[TARGET_ENV.target] || "mock");
  const specsDir = resolve(options.specsDir ?? (env[CONTRACT_ENV.specs] || "specs"));
  const products = [...loadSpecs(specsDir).products.values()].map((p) => p.definition);
  const target = resolveTarget({ target: targetText, env: targetText === "mock" ? {} : env, products });
  const seedText = env[CONTRACT_ENV.seed];
  const seed = options.seed ?? (seedText ? parseSeed(seedText, CONTRACT_ENV.seed) : randomSeed());
  return { target, seed, specsDir };
}

/** Runs the suite in a Playwright child process; usage errors throw UsageError before anything starts. */
export async function runContractSuite(options: ContractSuiteOptions = {}): Promise<ContractSuiteResult> {
  const env = options.env ?? process.env;
  const { target, seed, specsDir } = resolveRun(options, env);
  const out = resolve(options.out ?? "reports");
  const print = options.print ?? true;
  mkdirSync(out, { recursive: true });
  const resultsFile = join(out, CONTRACT_RESULTS_FILE);
  rmSync(resultsFile, { force: true });
  if (print)
    console.log(
      `specgate contract: target ${describeTarget(target)}, seed ${seed} (replay with --seed ${seed} or ${CONTRACT_ENV.seed}=${seed})`,
    );
  const childEnv = childEnvironment(env, target, seed, out, { allowWrites: options.allowWrites === true, specsDir });
  const { code, interrupted } = await runChild(playwrightArgs(out, options), childEnv, print);
  const section = readSection(resultsFile);
  if (print) printOutcome(section, code, seed, out, options.junit !== false);
  const passed = code === 0 && section !== undefined && contractPassed(section);
  const exitCode = interrupted ? 130 : passed ? 0 : 1;
  return section === undefined ? { exitCode, seed, interrupted } : { exitCode, seed, section, interrupted };
}

function signalChild(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, signal); // the child's process group: Playwright and its workers
  } catch {
    child.kill(signal);
  }
}

/** `specgate contract …`: the exit code. */
export async function run(args: string[]): Promise<number> {
  const options = parseContractArgs(args);
  if (options === "help") {
    console.log(HELP);
    return 0;
  }
  return (await runContractSuite(options)).exitCode;
}
