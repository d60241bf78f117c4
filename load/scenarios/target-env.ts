/**
 * Reads a {@link ScenarioTarget} from environment variables, for k6 scripts (`__ENV`). The names and
 * the mock defaults come from src/client/target-env.ts, as src/client/target.ts's do; that module
 * reads files and so cannot be bundled for k6, and test/load/target-env.test.ts checks the two agree.
 */
import { MOCK_DEFAULTS, TARGET_ENV } from "../../src/client/target-env.ts";
import type { ScenarioTarget } from "./scenario-target.ts";

type Env = Readonly<Record<string, string | undefined>>;

function value(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === "" ? undefined : v.trim();
}

/** The target variables as given (trimmed; empty counts as unset). */
interface TargetValues {
  id: string | undefined;
  secret: string | undefined;
  token: string | undefined;
  slsEndpoint: string | undefined;
  project: string | undefined;
  logstore: string | undefined;
  liveEndpoint: string;
  appId: string | undefined;
}

/**
 * `SPECGATE_TARGET` = an http(s) URL of a running mock, or `real` (the real-account variables, all
 * required). Throws an Error naming every missing variable; a k6 script lets it end the run in init.
 */
export function readTargetFromEnv(env: Env): ScenarioTarget {
  const E = TARGET_ENV;
  const spec = value(env, E.target);
  if (spec === undefined || spec === "mock") {
    throw new Error(
      `${E.target} is not set: pass -e ${E.target}=http://127.0.0.1:PORT (a running \`specgate mock\`) or -e ${E.target}=real with the account variables`,
    );
  }
  const v: TargetValues = {
    id: value(env, E.accessKeyId),
    secret: value(env, E.accessKeySecret),
    token: value(env, E.securityToken),
    slsEndpoint: value(env, E.slsEndpoint),
    project: value(env, E.slsProject),
    logstore: value(env, E.slsLogstore),
    liveEndpoint: value(env, E.liveEndpoint) ?? MOCK_DEFAULTS.liveEndpoint,
    appId: value(env, E.liveAppId),
  };
  if (spec === "real") requireRealVariables(v);
  else checkMockTarget(spec, v);
  return targetOf(spec, v);
}

/** A real account needs every variable: there are no defaults to fall back on. */
function requireRealVariables(v: TargetValues): void {
  const E = TARGET_ENV;
  const missing = (
    [
      [E.accessKeyId, v.id],
      [E.accessKeySecret, v.secret],
      [E.slsEndpoint, v.slsEndpoint],
      [E.slsProject, v.project],
      [E.slsLogstore, v.logstore],
      [E.liveAppId, v.appId],
    ] as const
  )
    .filter(([, value]) => value === undefined)
    .map(([n]) => n);
  if (missing.length > 0)
    // k6 hands the process environment to the script as __ENV (`k6 run` includes it by default), and an
    // exported secret stays off the command line, where `ps` would show an `-e NAME=VALUE` to other users.
    throw new Error(
      `${E.target}=real needs ${missing.join(", ")}: export each in the environment k6 runs in (k6 passes it on as __ENV)`,
    );
}

/** A mock's URL, and credentials given whole or not at all (the mock defaults are then used). */
function checkMockTarget(spec: string, v: TargetValues): void {
  const E = TARGET_ENV;
  if (!/^https?:\/\/[^/\s]+\/?$/.test(spec)) {
    throw new Error(`${E.target} must be real or an http(s) URL such as http://127.0.0.1:8080; got "${spec}"`);
  }
  if ((v.id === undefined) !== (v.secret === undefined)) {
    throw new Error(`set both ${E.accessKeyId} and ${E.accessKeySecret}, or neither (the mock defaults are then used)`);
  }
}

function targetOf(spec: string, v: TargetValues): ScenarioTarget {
  const D = MOCK_DEFAULTS;
  const sls = {
    endpoint: v.slsEndpoint ?? D.slsEndpoint,
    project: v.project ?? D.project,
    logstore: v.logstore ?? D.logstore,
  };
  const slsHost = `${sls.project}.${sls.endpoint}`;
  const base = spec === "real" ? undefined : spec.replace(/\/$/, "");
  return {
    kind: spec === "real" ? "real" : "url",
    credentials: {
      accessKeyId: v.id ?? D.accessKeyId,
      accessKeySecret: v.secret ?? D.accessKeySecret,
      ...(v.token === undefined ? {} : { securityToken: v.token }),
    },
    sls: { url: base ?? `https://${slsHost}`, host: slsHost, project: sls.project, logstore: sls.logstore },
    live: { url: base ?? `https://${v.liveEndpoint}`, host: v.liveEndpoint, appId: v.appId ?? D.appId },
  };
}
