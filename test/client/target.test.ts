// Target resolution: precedence (flag > SPECGATE_TARGET > config > mock), mock defaults, config files
// (JSON and YAML), one UsageError naming every missing variable for --target real, addressing.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import {
  exportTargetEnv,
  loadTargetConfig,
  locateProduct,
  parseTargetConfig,
  resolveTarget,
  type Target,
  targetSetting,
  withBaseUrl,
} from "../../src/client/target.ts";
import { UsageError } from "../../src/core/usage-error.ts";

const dir = mkdtempSync(join(tmpdir(), "specgate-target-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const locateSls = (t: Target) => locateProduct(t, "sls");
const locateLive = (t: Target) => locateProduct(t, "live");
const settingsOf = (t: Target, id: string) => t.products.get(id)?.settings;

const realEnv = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: "LTAIexample",
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: "real-secret-value",
  SPECGATE_SLS_ENDPOINT: "cn-shanghai.log.aliyuncs.com",
  SPECGATE_SLS_PROJECT: "prod-project",
  SPECGATE_SLS_LOGSTORE: "prod-logstore",
  SPECGATE_LIVE_APP_ID: "appid123",
};

describe("resolveTarget", () => {
  it("defaults to the mock with the mock defaults of docs/design.md#mock-defaults", () => {
    const t = resolveTarget({ env: {}, mockBaseUrl: "http://127.0.0.1:4010" });
    assert.equal(t.kind, "mock");
    assert.equal(t.baseUrl, "http://127.0.0.1:4010");
    assert.equal(t.credentials.accessKeyId, "specgate-test-id");
    assert.equal(t.credentials.accessKeySecret, "specgate-test-secret");
    assert.deepEqual(settingsOf(t, "sls"), {
      endpoint: "cn-hangzhou.log.aliyuncs.com",
      project: "ali-test-project",
      logstore: "ali-test-logstore",
    });
    assert.deepEqual(settingsOf(t, "live"), { endpoint: "live.aliyuncs.com", appId: "9qb1test" });
    assert.deepEqual(locateSls(t), {
      url: "http://127.0.0.1:4010",
      host: "ali-test-project.cn-hangzhou.log.aliyuncs.com",
    });
    assert.deepEqual(locateLive(t), { url: "http://127.0.0.1:4010", host: "live.aliyuncs.com" });
  });

  it("--target real with nothing set: one UsageError naming every missing variable", () => {
    assert.throws(
      () => resolveTarget({ target: "real", env: {} }),
      (e: unknown) =>
        e instanceof UsageError &&
        [
          "ALIBABA_CLOUD_ACCESS_KEY_ID",
          "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
          "SPECGATE_SLS_ENDPOINT",
          "SPECGATE_SLS_PROJECT",
          "SPECGATE_SLS_LOGSTORE",
          "SPECGATE_LIVE_APP_ID",
        ].every((v) => e.message.includes(v)),
    );
  });

  it("--target real with only the secret missing names just that one", () => {
    const { ALIBABA_CLOUD_ACCESS_KEY_SECRET: _s, ...env } = realEnv;
    assert.throws(
      () => resolveTarget({ target: "real", env }),
      /^UsageError: --target real needs ALIBABA_CLOUD_ACCESS_KEY_SECRET: set it/,
    );
  });

  it("--target real reads the account, connects to the service hosts, and takes the STS token", () => {
    const t = resolveTarget({ target: "real", env: { ...realEnv, ALIBABA_CLOUD_SECURITY_TOKEN: "tok" } });
    assert.equal(t.baseUrl, undefined);
    assert.equal(t.credentials.securityToken, "tok");
    assert.deepEqual(locateSls(t), {
      url: "https://prod-project.cn-shanghai.log.aliyuncs.com",
      host: "prod-project.cn-shanghai.log.aliyuncs.com",
    });
    assert.deepEqual(locateLive(t), { url: "https://live.aliyuncs.com", host: "live.aliyuncs.com" });
  });

  it("precedence: --target > SPECGATE_TARGET > config; env > config per field", () => {
    const config = { target: "real", products: { sls: { project: "from-config", logstore: "ls-config" } } };
    assert.equal(resolveTarget({ env: { SPECGATE_TARGET: "http://127.0.0.1:9/" }, config }).kind, "url");
    assert.equal(resolveTarget({ target: "mock", env: { SPECGATE_TARGET: "real" }, config }).kind, "mock");
    const t = resolveTarget({ target: "mock", env: { SPECGATE_SLS_PROJECT: "from-env" }, config });
    assert.deepEqual(
      [targetSetting(t, "sls", "project"), targetSetting(t, "sls", "logstore")],
      ["from-env", "ls-config"],
    );
    // With neither flag nor SPECGATE_TARGET, the config's "real" applies (and then wants its variables).
    assert.throws(() => resolveTarget({ env: {}, config }), /--target real needs/);
  });

  it("a URL target keeps only the origin; a bad one is a UsageError", () => {
    assert.equal(
      resolveTarget({ target: "http://127.0.0.1:8080/some/path", env: {} }).baseUrl,
      "http://127.0.0.1:8080",
    );
    assert.throws(
      () => resolveTarget({ target: "staging", env: {} }),
      /--target must be mock, real or an http\(s\) URL/,
    );
    assert.throws(() => resolveTarget({ target: "ftp://x", env: {} }), /must use http or https/);
  });

  it("half a key pair for the mock is a UsageError", () => {
    assert.throws(
      () => resolveTarget({ env: { ALIBABA_CLOUD_ACCESS_KEY_ID: "x" } }),
      /set both ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET/,
    );
  });

  it("withBaseUrl attaches the mock's address later", () => {
    const t = withBaseUrl(resolveTarget({ env: {} }), "http://127.0.0.1:5555/");
    assert.equal(t.baseUrl, "http://127.0.0.1:5555");
    assert.equal(t.credentials.accessKeySecret, "specgate-test-secret");
    assert.equal(JSON.parse(JSON.stringify(t)).baseUrl, "http://127.0.0.1:5555");
  });
});

describe("config files", () => {
  it("reads YAML and JSON", () => {
    const yamlPath = join(dir, "target.yaml");
    writeFileSync(yamlPath, "target: mock\nsls:\n  project: yaml-project\nlive:\n  appId: yaml-app\n");
    assert.deepEqual(loadTargetConfig(yamlPath), {
      source: yamlPath,
      target: "mock",
      products: { sls: { project: "yaml-project" }, live: { appId: "yaml-app" } },
    });
    const jsonPath = join(dir, "target.json");
    writeFileSync(jsonPath, JSON.stringify({ sls: { logstore: "json-ls" } }));
    assert.equal(
      targetSetting(resolveTarget({ env: {}, config: loadTargetConfig(jsonPath) }), "sls", "logstore"),
      "json-ls",
    );
  });
  it("names the file and the problem", () => {
    assert.throws(
      () => loadTargetConfig(join(dir, "missing.yaml")),
      /cannot read config file .*missing\.yaml: ENOENT; check --config/,
    );
    assert.throws(() => parseTargetConfig("{bad json", "x.json"), /^UsageError: x\.json: not valid JSON/);
    assert.throws(
      () => resolveTarget({ env: {}, config: parseTargetConfig("sls:\n  projct: p\n", "c.yaml") }),
      /c\.yaml: unknown key "sls\.projct"; allowed in sls: endpoint, project, logstore/,
    );
    assert.throws(
      () => resolveTarget({ env: {}, config: parseTargetConfig("vpc:\n  endpoint: x\n", "c.yaml") }),
      /c\.yaml: unknown key "vpc"; allowed: target, credentials, rateLimit, sls, live \(a product section needs its spec in specs\/\)/,
    );
    assert.deepEqual(
      parseTargetConfig("rateLimit:\n  operations: [ListEventSubEvent, DeleteEventSub]\n", "c.yaml").rateLimit,
      {
        operations: ["ListEventSubEvent", "DeleteEventSub"],
      },
    );
    for (const bad of [
      "rateLimit: [A]",
      "rateLimit:\n  operations: []",
      "rateLimit:\n  ops: [A]",
      "rateLimit:\n  operations: [1]",
    ])
      assert.throws(
        () => parseTargetConfig(bad, "c.yaml"),
        /c\.yaml: "rateLimit" must be \{operations: \[OperationName, …\]\}/,
      );
    assert.throws(
      () => parseTargetConfig("credentials:\n  secret: x\n", "c.yaml"),
      /unknown key "credentials\.secret"; allowed in credentials: accessKeyId, accessKeySecret, securityToken/,
    );
    assert.throws(() => parseTargetConfig("live:\n  appId: 123\n", "c.yaml"), /"live\.appId" must be a string/);
    assert.throws(() => parseTargetConfig("- a\n", "c.yaml"), /must be an object/);
  });
});

describe("exportTargetEnv", () => {
  it("hands a target resolved from a config file to a child that resolves from its environment alone", () => {
    const config = parseTargetConfig(
      [
        "credentials:",
        "  accessKeyId: cfg-id",
        "  accessKeySecret: cfg-secret",
        "  securityToken: cfg-token",
        "sls:",
        "  endpoint: cn-beijing.log.aliyuncs.com",
        "  project: cfg-project",
        "  logstore: cfg-logstore",
        "live:",
        "  endpoint: live.example.com",
        "  appId: cfg-app",
      ].join("\n"),
      "c.yaml",
    );
    const parent = resolveTarget({ target: "real", config, env: { SPECGATE_SLS_PROJECT: "env-project" } });
    const child = resolveTarget({ target: "real", env: exportTargetEnv(parent) });
    assert.deepEqual(child.toJSON(), parent.toJSON());
    assert.equal(targetSetting(child, "sls", "project"), "env-project", "the environment still wins over the file");
    assert.equal(child.credentials.accessKeySecret, "cfg-secret");
    assert.equal(child.credentials.securityToken, "cfg-token");
  });
  it("leaves the token out when there is none, so a child never sees an empty one", () => {
    const env = exportTargetEnv(resolveTarget({ target: "real", env: realEnv }));
    assert.equal("ALIBABA_CLOUD_SECURITY_TOKEN" in env, false);
    assert.equal(resolveTarget({ target: "real", env }).credentials.accessKeySecret, "real-secret-value");
  });
});
