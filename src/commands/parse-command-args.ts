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
    // Only the user's arguments are a usage error; a bad `config` (ERR_INVALID_ARG_TYPE...) is ours.
    const { code, message } = e as Error & { code?: string };
    if (typeof code !== "string" || !code.startsWith("ERR_PARSE_ARGS_")) throw e;
    throw new UsageError(`${firstSentence(message)}; see specgate ${command} --help`);
  }
}

/**
 * Node's message up to its first full stop outside quotes: the argument it quotes is the user's and may hold
 * ". " itself (`Unknown option '--a. b'. To specify...`).
 */
function firstSentence(message: string): string {
  let quoted = false;
  for (let i = 0; i < message.length; i++) {
    const c = message[i];
    if (c === "'") quoted = !quoted;
    else if (c === "." && !quoted && (i + 1 === message.length || /\s/.test(message[i + 1] as string)))
      return message.slice(0, i).trim();
  }
  return message.trim();
}
