/**
 * `specgate` command line: a thin dispatcher. Each command lives in `src/commands/<name>.ts` and exports
 * `run(args: string[]): Promise<number>` (the exit code). Names and flags are fixed by
 * docs/design.md#command-line (other tools call them: keep them stable).
 */
import { UsageError } from "./core/usage-error.ts";

const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run(args: string[]): Promise<number> }> }> = {
  docgen: { summary: "API reference pages → OpenAPI 3.1 JSON", load: () => import("./commands/docgen.ts") },
  mock: { summary: "run the behavioural mock until stopped", load: () => import("./commands/mock.ts") },
  contract: { summary: "run the contract suite against a target", load: () => import("./commands/contract.ts") },
  load: { summary: "run a load scenario (heartbeat-eviction, rate-limit)", load: () => import("./commands/load.ts") },
  gate: { summary: "everything, one verdict: exit 0 or 1", load: () => import("./commands/gate.ts") },
  report: { summary: "re-render the reports from a summary.json", load: () => import("./commands/report.ts") },
};

const HELP = `specgate — contract and load gate for API reference pages

Usage: specgate <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(10)}${c.summary}`)
  .join("\n")}

Run \`specgate <command> --help\` for a command's options.`;

/** Runs the command line; returns the exit code. Usage errors print one line and exit 2, never a stack trace. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(HELP);
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-v") {
    const pkg = await import("../package.json", { with: { type: "json" } });
    console.log(pkg.default.version);
    return 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    console.error(`specgate: unknown command '${name}'. Commands: ${Object.keys(COMMANDS).join(", ")}.`);
    return 2;
  }
  try {
    const mod = await command.load();
    return await mod.run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`specgate ${name}: ${err.message}`);
      return 2;
    }
    throw err;
  }
}

// `tsx src/cli.ts …` (npm start, npm scripts) runs the CLI directly; `bin/specgate.js` imports `main` instead.
if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  process.exitCode = await main(process.argv.slice(2));
}
