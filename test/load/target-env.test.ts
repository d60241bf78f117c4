import assert from "node:assert/strict";
import { test } from "node:test";
import type { ScenarioTarget } from "../../load/scenarios/scenario-target.ts";
import { slsTarget } from "../../load/scenarios/signed-requests.ts";
import { readTargetFromEnv } from "../../load/scenarios/target-env.ts";
import { locateProduct, productTarget, resolveTarget, targetSetting } from "../../src/client/target.ts";

/** What the Node side (src/client/target.ts) makes of an environment, in the k6 reader's shape. */
function resolveForScenario(env: Record<string, string>): ScenarioTarget {
  const t = resolveTarget({ env });
  const { securityToken } = t.credentials;
  return {
    kind: t.kind,
    credentials: {
      accessKeyId: t.credentials.accessKeyId,
      accessKeySecret: t.credentials.accessKeySecret,
      ...(securityToken === undefined ? {} : { securityToken }),
    },
    products: Object.fromEntries(
      ["sls", "live"].map((id) => [id, { ...locateProduct(t, id), settings: productTarget(t, id).settings }]),
    ),
  };
}

test("the k6 environment reader and src/client/target.ts make the same target of the same environment", () => {
  const account = {
    ALIBABA_CLOUD_ACCESS_KEY_ID: "id",
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: "s",
    ALIBABA_CLOUD_SECURITY_TOKEN: "tok",
    SPECGATE_SLS_ENDPOINT: "cn-shanghai.log.aliyuncs.com",
    SPECGATE_SLS_PROJECT: "p",
    SPECGATE_SLS_LOGSTORE: "l",
    SPECGATE_LIVE_ENDPOINT: "live.example.test",
    SPECGATE_LIVE_APP_ID: "app",
  };
  const envs: Record<string, string>[] = [
    // Only the target: every other field is a mock default, which both sides must agree on.
    { SPECGATE_TARGET: "http://127.0.0.1:8080/" },
    // Every variable set: each must be read under the same name on both sides.
    { SPECGATE_TARGET: "http://127.0.0.1:8080", ...account },
    { SPECGATE_TARGET: "real", ...account },
  ];
  for (const env of envs) {
    const k6 = readTargetFromEnv(env);
    assert.deepEqual(k6, resolveForScenario(env), JSON.stringify(env));
    // What the SLS scenario reads of it: the endpoint, project and logstore src/client/target.ts resolves.
    const t = resolveTarget({ env });
    assert.deepEqual(
      slsTarget(k6),
      {
        ...locateProduct(t, "sls"),
        project: targetSetting(t, "sls", "project"),
        logstore: targetSetting(t, "sls", "logstore"),
      },
      JSON.stringify(env),
    );
    assert.equal(k6.products.live?.settings.appId, targetSetting(t, "live", "appId"));
  }
});

test("a URL target connects to the mock and sends the SLS Host <project>.<endpoint>", () => {
  const t = readTargetFromEnv({ SPECGATE_TARGET: "http://127.0.0.1:8080/" });
  assert.equal(t.kind, "url");
  assert.equal(slsTarget(t).url, "http://127.0.0.1:8080");
  assert.equal(slsTarget(t).host, "ali-test-project.cn-hangzhou.log.aliyuncs.com");
  assert.equal(t.products.live?.host, "live.aliyuncs.com");
  assert.equal(t.credentials.accessKeyId, "specgate-test-id");
});

test("real targets need every account variable, named in one message; bad values are refused", () => {
  assert.throws(
    () => readTargetFromEnv({ SPECGATE_TARGET: "real", ALIBABA_CLOUD_ACCESS_KEY_ID: "id" }),
    /SPECGATE_TARGET=real needs ALIBABA_CLOUD_ACCESS_KEY_SECRET, SPECGATE_SLS_ENDPOINT, SPECGATE_SLS_PROJECT, SPECGATE_SLS_LOGSTORE, SPECGATE_LIVE_APP_ID/,
  );
  assert.throws(() => readTargetFromEnv({}), /SPECGATE_TARGET is not set/);
  assert.throws(() => readTargetFromEnv({ SPECGATE_TARGET: "ftp://x" }), /must be real or an http\(s\) URL/);
  const real = readTargetFromEnv({
    SPECGATE_TARGET: "real",
    ALIBABA_CLOUD_ACCESS_KEY_ID: "id",
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: "s",
    SPECGATE_SLS_ENDPOINT: "cn-shanghai.log.aliyuncs.com",
    SPECGATE_SLS_PROJECT: "p",
    SPECGATE_SLS_LOGSTORE: "l",
    SPECGATE_LIVE_APP_ID: "app",
  });
  assert.equal(slsTarget(real).url, "https://p.cn-shanghai.log.aliyuncs.com");
  assert.equal(real.products.live?.url, "https://live.aliyuncs.com");
});
