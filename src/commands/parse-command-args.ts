/**
 * Every command's options go through node:util `parseArgs` (strict: an unknown or incomplete option is an
 * error), and a parse error becomes one usage line in one wording for all commands: the first sentence of
 * Node's message ("Unknown option '--x'", "Option '--out <value>' argument missing"), then where the options
 * are listed. (Node goes on, for commands with positionals, about quoting arguments that start with "-".)
 */
import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "../core/usage-error.ts";

/** `parseArgs(config)` for `specgate <command>`; a bad option throws a UsageError naming it and `--help`. */
export function parseCommandArgs<T extends ParseArgsConfig>(
  command: string,
  config: T,
): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs<T>({ strict: true, ...config });
  } catch (e) {
    const first = ((e as Error).message.split(/\.(?:\s|$)/)[0] ?? "").trim();
    throw new UsageError(`${first}; see specgate ${command} --help`);
  }
}
