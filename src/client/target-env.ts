/**
 * The environment variable names of a target and the mock's defaults (docs/design.md#mock-defaults), in
 * one node-free module: src/client/target.ts resolves a target from them, and the k6 scripts' reader
 * (load/scenarios/target-env.ts) is bundled into k6, where `node:fs` and `yaml` are not available.
 */

/** The environment variable names (the README table in src/client/target.ts lists them). */
export const TARGET_ENV = {
  target: "SPECGATE_TARGET",
  accessKeyId: "ALIBABA_CLOUD_ACCESS_KEY_ID",
  accessKeySecret: "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
  securityToken: "ALIBABA_CLOUD_SECURITY_TOKEN",
  slsEndpoint: "SPECGATE_SLS_ENDPOINT",
  slsProject: "SPECGATE_SLS_PROJECT",
  slsLogstore: "SPECGATE_SLS_LOGSTORE",
  liveEndpoint: "SPECGATE_LIVE_ENDPOINT",
  liveAppId: "SPECGATE_LIVE_APP_ID",
} as const;

/** The mock's defaults (docs/design.md#mock-defaults). */
export const MOCK_DEFAULTS = {
  accessKeyId: "specgate-test-id",
  accessKeySecret: "specgate-test-secret",
  slsEndpoint: "cn-hangzhou.log.aliyuncs.com",
  project: "ali-test-project",
  logstore: "ali-test-logstore",
  liveEndpoint: "live.aliyuncs.com",
  appId: "9qb1test",
} as const;
