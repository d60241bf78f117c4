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
  const id = value(env, E.accessKeyId);
  const secret = value(env, E.accessKeySecret);
  const token = value(env, E.securityToken);
  const slsEndpoint = value(env, E.slsEndpoint);
  const project = value(env, E.slsProject);
  const logstore = value(env, E.slsLogstore);
  const liveEndpoint = value(env, E.liveEndpoint) ?? MOCK_DEFAULTS.liveEndpoint;
  const appId = value(env, E.liveAppId);
  if (spec === "real") {
    const missing = (
      [
        [E.accessKeyId, id],
        [E.accessKeySecret, secret],
        [E.slsEndpoint, slsEndpoint],
        [E.slsProject, project],
        [E.slsLogstore, logstore],
        [E.liveAppId, appId],
      ] as const
    )
      .filter(([, v]) => v === undefined)
      .map(([n]) => n);
    if (missing.length > 0)
      // k6 hands the process environment to the script as __ENV (`k6 run` includes it by default), and an
      // exported secret stays off the command line, where `ps` would show an `-e NAME=VALUE` to other users.
      throw new Error(
        `${E.target}=real needs ${missing.join(", ")}: export each in the environment k6 runs in (k6 passes it on as __ENV)`,
      );
  } else if (!/^https?:\/\/[^/\s]+\/?$/.test(spec)) {
    throw new Error(`${E.target} must be real or an http(s) URL such as http://127.0.0.1:8080; got "${spec}"`);
  } else if ((id === undefined) !== (secret === undefined)) {
    throw new Error(`set both ${E.accessKeyId} and ${E.accessKeySecret}, or neither (the mock defaults are then used)`);
  }
  const D = MOCK_DEFAULTS;
  const sls = {
    endpoint: slsEndpoint ?? D.slsEndpoint,
    project: project ?? D.project,
    logstore: logstore ?? D.logstore,
  };
  const slsHost = `${sls.project}.${sls.endpoint}`;
  const base = spec === "real" ? undefined : spec.replace(/\/$/, "");
  return {
    kind: spec === "real" ? "real" : "url",
    credentials: {
      accessKeyId: id ?? D.accessKeyId,
      accessKeySecret: secret ?? D.accessKeySecret,
      ...(token === undefined ? {} : { securityToken: token }),
    },
    sls: { url: base ?? `https://${slsHost}`, host: slsHost, project: sls.project, logstore: sls.logstore },
    live: { url: base ?? `https://${liveEndpoint}`, host: liveEndpoint, appId: appId ?? D.appId },
  };
}
