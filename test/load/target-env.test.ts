import assert from "node:assert/strict";
import { test } from "node:test";
import { readTargetFromEnv, SCENARIO_MOCK_DEFAULTS, SCENARIO_TARGET_ENV } from "../../load/scenarios/target-env.ts";
import { MOCK_DEFAULTS, TARGET_ENV } from "../../src/client/target.ts";

test("the k6 environment reader uses exactly the variable names and mock defaults of src/client/target.ts", () => {
  assert.deepEqual(SCENARIO_TARGET_ENV, TARGET_ENV);
  assert.deepEqual(SCENARIO_MOCK_DEFAULTS, MOCK_DEFAULTS);
});

test("a URL target connects to the mock and sends the SLS Host <project>.<endpoint>", () => {
  const t = readTargetFromEnv({ SPECGATE_TARGET: "http://127.0.0.1:8080/" });
  assert.equal(t.kind, "url");
  assert.equal(t.sls.url, "http://127.0.0.1:8080");
  assert.equal(t.sls.host, "ali-test-project.cn-hangzhou.log.aliyuncs.com");
  assert.equal(t.live.host, "live.aliyuncs.com");
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
  assert.equal(real.sls.url, "https://p.cn-shanghai.log.aliyuncs.com");
  assert.equal(real.live.url, "https://live.aliyuncs.com");
});
