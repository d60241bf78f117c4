/**
 * Config errors name the file, the line and the key, and never a secret (docs/mock-limits.md#config-errors), as a
 * user sees them: `specgate mock --config FILE` prints one usage message and exits 2.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

const BIN = join(import.meta.dirname, "../../bin/specgate.js");
const SECRET = "s3cr3t-Do-Not-Print";
const dir = mkdtempSync(join(tmpdir(), "specgate-config-"));

/** Runs `specgate mock --config <name>` over `text`; returns its stderr (it must exit 2 without a stack trace). */
function configError(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  const r = spawnSync(process.execPath, [BIN, "mock", "--port", "0", "--config", file], {
    encoding: "utf8",
    timeout: 20_000,
  });
  assert.equal(r.status, 2, `exit ${r.status}: ${r.stderr}${r.stdout}`);
  assert.ok(!r.stderr.includes("    at "), "no stack trace");
  return r.stderr.replaceAll(file, name);
}

/** The secret and every 6-character piece of it stay out of the message. */
function assertNoSecret(message: string): void {
  for (let i = 0; i + 6 <= SECRET.length; i++)
    assert.ok(!message.includes(SECRET.slice(i, i + 6)), `"${SECRET.slice(i, i + 6)}" leaked: ${message}`);
}

for (const [label, name, text, place] of [
  [
    "a YAML syntax error on the secret's line",
    "nested.yaml",
    `accounts:\n  - accessKeyId: user-key\n    accessKeySecret: ${SECRET}: oops\n`,
    /nested\.yaml:3:\d+: not valid YAML .*at key accessKeySecret/,
  ],
  [
    "an unterminated quote in the secret",
    "quote.yaml",
    `accounts:\n  - accessKeyId: user-key\n    accessKeySecret: "${SECRET}\n`,
    /quote\.yaml:\d+:\d+: not valid YAML.* at key accessKeySecret/,
  ],
  [
    "a JSON syntax error right after the secret",
    "comma.json",
    `{\n  "accounts": [\n    { "accessKeyId": "user-key",\n      "accessKeySecret": "${SECRET}" "x" }\n  ]\n}\n`,
    /comma\.json:4:\d+: not valid JSON at key accessKeySecret/,
  ],
  [
    "a JSON secret without quotes (V8 quotes the text around it)",
    "bare.json",
    `{"accounts":[{"accessKeyId":"user-key",\n"accessKeySecret":${SECRET}}]}`,
    /bare\.json:2:\d+: not valid JSON at key accessKeySecret/,
  ],
] as const) {
  test(`${label}: the error names file, line and key, not the secret`, () => {
    const message = configError(name, text);
    assert.match(message, place);
    assert.match(message, /fix the syntax there/);
    assertNoSecret(message);
  });
}

test("an account written as a string is refused by type, naming its line and key, not the string", () => {
  const message = configError("string.yaml", `sls: {}\naccounts:\n  - "user-key:${SECRET}"\n`);
  assert.match(message, /line 3: accounts\[0\]: must be object, got a string \(value hidden\)/);
  assertNoSecret(message);
});

test("a schema error names the line of its key; an unknown key its own line", () => {
  const message = configError(
    "schema.yaml",
    `accounts:\n  - accessKeyId: user-key\n    accessKeySecret: ${SECRET}\n    acessKeyTypo: 1\nwire:\n  maxNonceLength: 0\n`,
  );
  assert.match(message, /line 4: accounts\[0\]\.acessKeyTypo: unknown key/);
  assert.match(message, /line 6: wire\.maxNonceLength: must be >= 1/);
  assertNoSecret(message);
});
