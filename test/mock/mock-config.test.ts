import assert from "node:assert/strict";
import { test } from "node:test";
import { UsageError } from "../../src/core/usage-error.ts";
import {
  callbackStoreOptionsOf,
  consumerGroupRulesOf,
  createDefaultMockConfig,
  parseMockConfig,
  timeWindowOptionsOf,
  validateMockConfig,
} from "../../src/mock/mock-config.ts";

function problemsOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof UsageError, `expected a UsageError, got ${String(error)}`);
    return error.message;
  }
  return assert.fail("expected the config to be rejected");
}

test("an empty config gives the defaults of docs/design.md#mock-defaults", () => {
  const config = validateMockConfig({});
  assert.deepEqual(config, createDefaultMockConfig());
  assert.deepEqual(config.accounts, [{ accessKeyId: "specgate-test-id", accessKeySecret: "specgate-test-secret" }]);
  assert.deepEqual(config.sls.projects, [
    { name: "ali-test-project", logstores: [{ name: "ali-test-logstore", shards: 4 }] },
  ]);
  assert.equal(config.live.apps[0]?.appId, "9qb1test");
  assert.equal(config.live.apps[0]?.owner, "specgate-test-id");
  assert.deepEqual(
    { ...config.throttling, message: undefined },
    { status: 400, code: "Throttling.User", message: undefined, retryAfterHeader: true, dropConnection: false },
  );
  assert.deepEqual(parseMockConfig("", "empty.yaml"), config);
});

test("YAML and JSON configs merge over the defaults by key", () => {
  const yaml = `
accounts:
  - { accessKeyId: second-id, accessKeySecret: s2, securityToken: tok }
sls:
  projects:
    - name: other-project
      logstores: [{ name: ls1, shards: 2 }, { name: ls2, shards: 8 }]
live:
  apps:
    - { appId: app2, owner: second-id, seedRecords: 10 }
throttling: { status: 503, dropConnection: true }
unconfirmed: { consumerNotExistCode: ConsumerNotExsit, timeWindowGranularity: reject, eventCountMeaning: total }
eventLogCapacity: 50
`;
  const config = parseMockConfig(yaml, "mock.yaml");
  assert.deepEqual(
    config.accounts.map((a) => a.accessKeyId),
    ["specgate-test-id", "second-id"],
  );
  assert.deepEqual(
    config.sls.projects.map((p) => [p.name, p.logstores.map((l) => l.shards)]),
    [
      ["ali-test-project", [4]],
      ["other-project", [2, 8]],
    ],
  );
  assert.deepEqual(config.live.apps[1], { appId: "app2", owner: "second-id", seedRecords: 10, seed: 1 });
  assert.equal(config.throttling.status, 503);
  assert.equal(config.throttling.code, "Throttling.User");
  assert.equal(config.throttling.dropConnection, true);
  assert.equal(config.eventLogCapacity, 50);
  assert.equal(consumerGroupRulesOf(config).consumerNotExistCode, "ConsumerNotExsit");
  assert.equal(consumerGroupRulesOf(config).maxGroups, 30);
  assert.deepEqual(timeWindowOptionsOf(config), { granularity: "reject", errorStatus: 400, errorCode: "InputInvalid" });
  assert.equal(callbackStoreOptionsOf(config).countMeaning, "total");

  const replaced = parseMockConfig(
    JSON.stringify({ sls: { projects: [{ name: "ali-test-project", logstores: [{ name: "x", shards: 1 }] }] } }),
    "mock.json",
  );
  assert.deepEqual(replaced.sls.projects, [{ name: "ali-test-project", logstores: [{ name: "x", shards: 1 }] }]);
});

test("unknown keys, wrong types and out-of-range values name the key and the fix", () => {
  const message = problemsOf(() =>
    validateMockConfig(
      {
        throttlng: {},
        sls: { projects: [{ name: "Bad_Name", logstores: [{ name: "ls", shards: 0, extra: true }] }] },
        unconfirmed: { deleteMissingGroup: "maybe", minTimeoutSec: "10" },
        eventLogCapacity: 0,
      },
      "my.yaml",
    ),
  );
  assert.match(message, /^my\.yaml: invalid mock config/);
  assert.match(message, /throttlng: unknown key; allowed keys here: accounts, sls, live, throttling/);
  assert.match(message, /sls\.projects\[0\]\.name: must be 3–63 lowercase letters/);
  assert.match(message, /sls\.projects\[0\]\.logstores\[0\]\.shards: must be >= 1, got number 0/);
  assert.match(message, /sls\.projects\[0\]\.logstores\[0\]\.extra: unknown key; allowed keys here: name, shards/);
  assert.match(message, /unconfirmed\.deleteMissingGroup: must be one of "error", "succeed", got the string "maybe"/);
  assert.match(message, /unconfirmed\.minTimeoutSec: must be integer, got the string "10"/);
  assert.match(message, /eventLogCapacity: must be >= 1/);
  assert.match(
    problemsOf(() => validateMockConfig({ accounts: [{ accessKeyId: "x" }] })),
    /accounts\[0\]\.accessKeySecret: missing; add it/,
  );
  assert.match(
    problemsOf(() => validateMockConfig([])),
    /\(top level\): must be object, got an array/,
  );
});

test("consistency: app owners must be accounts, logstores unique, timeout range ordered", () => {
  const message = problemsOf(() =>
    validateMockConfig({
      live: { apps: [{ appId: "a", owner: "ghost" }] },
      sls: {
        projects: [
          {
            name: "proj",
            logstores: [
              { name: "ls", shards: 1 },
              { name: "ls", shards: 2 },
            ],
          },
        ],
      },
      unconfirmed: { minTimeoutSec: 100, maxTimeoutSec: 10 },
      accounts: [
        { accessKeyId: "k", accessKeySecret: "s" },
        { accessKeyId: "k", accessKeySecret: "t" },
      ],
    }),
  );
  assert.match(
    message,
    /live\.apps\[0\]\.owner: "ghost" is not the accessKeyId of any account; use one of specgate-test-id/,
  );
  assert.match(message, /sls\.projects\[0\]\.logstores\[1\]\.name: "ls" appears twice; give each entry a unique value/);
  assert.match(message, /accounts\[1\]\.accessKeyId: "k" appears twice/);
  assert.match(message, /unconfirmed\.minTimeoutSec \(100\) is above unconfirmed\.maxTimeoutSec \(10\)/);
});

test("wire.rpcDefaultFormat is JSON or XML, XML when the file says nothing", () => {
  assert.equal(parseMockConfig("", "empty.yaml").wire.rpcDefaultFormat, "XML");
  assert.equal(parseMockConfig("wire: { rpcDefaultFormat: JSON }", "mock.yaml").wire.rpcDefaultFormat, "JSON");
  assert.match(
    problemsOf(() => parseMockConfig("wire: { rpcDefaultFormat: json }", "mock.yaml")),
    /wire\.rpcDefaultFormat/,
  );
});

test("syntax errors name the file and the place; secrets are never echoed", () => {
  assert.match(
    problemsOf(() => parseMockConfig("{ nope", "c.json")),
    /^c\.json:1:\d+: not valid JSON/,
  );
  assert.match(
    problemsOf(() => parseMockConfig("a: [1, 2", "c.yaml")),
    /^c\.yaml:\d+:\d+: not valid YAML/,
  );
  const message = problemsOf(() =>
    validateMockConfig({ accounts: [{ accessKeyId: "id", accessKeySecret: 123456789, securityToken: 987654321 }] }),
  );
  assert.match(message, /accessKeySecret: must be string, got a number \(value hidden\)/);
  assert.doesNotMatch(message, /123456789|987654321/);
});
