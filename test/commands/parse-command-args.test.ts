import assert from "node:assert/strict";
import { test } from "node:test";
import { parseCommandArgs } from "../../src/commands/parse-command-args.ts";
import { UsageError } from "../../src/core/usage-error.ts";

const config = (args: string[]) => ({
  args,
  allowPositionals: true,
  options: { out: { type: "string" as const }, help: { type: "boolean" as const, short: "h" } },
});

test("parses options and positionals as node:util parseArgs does", () => {
  const { values, positionals } = parseCommandArgs("report", config(["a.json", "--out", "dir", "-h"]));
  assert.deepEqual({ ...values }, { out: "dir", help: true });
  assert.deepEqual(positionals, ["a.json"]);
});

test("a bad option is one UsageError line naming it and the command's --help", () => {
  const cases: [string[], string][] = [
    [["--bogus"], "Unknown option '--bogus'; see specgate report --help"],
    [["--out"], "Option '--out <value>' argument missing; see specgate report --help"],
    [["--help=yes"], "Option '-h, --help' does not take an argument; see specgate report --help"],
    [["--a. b"], "Unknown option '--a. b'; see specgate report --help"],
    [["--out", "-h"], "Option '--out' argument is ambiguous; see specgate report --help"],
  ];
  for (const [args, message] of cases) {
    assert.throws(
      () => parseCommandArgs("report", config(args)),
      (e: unknown) => e instanceof UsageError && e.message === message && !e.message.includes("\n"),
      args.join(" "),
    );
  }
});

test("options are strict even when the caller does not say so", () => {
  assert.throws(() => parseCommandArgs("mock", { args: ["--x"], options: {} }), /Unknown option '--x'/);
});

test("a positional the command does not take is named whole, even with a full stop in it", () => {
  assert.throws(
    () => parseCommandArgs("mock", { args: ["v1. final"], options: {} }),
    (e: unknown) =>
      e instanceof UsageError && e.message === "Unexpected argument 'v1. final'; see specgate mock --help",
  );
});

test("a mistake in the command's own option table is not reported as the user's", () => {
  const bad = { args: [], options: { out: { type: "string" as const, default: 3 as unknown as string } } };
  assert.throws(
    () => parseCommandArgs("report", bad),
    (e: unknown) => !(e instanceof UsageError) && (e as { code?: string }).code === "ERR_INVALID_ARG_TYPE",
  );
});
