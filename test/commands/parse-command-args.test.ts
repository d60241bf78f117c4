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
