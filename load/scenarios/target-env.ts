/**
 * Reads a {@link ScenarioTarget} from environment variables, for k6 scripts (`__ENV`). The names and the mock
 * defaults come from the product registry through src/client/target-env.ts, as src/client/target.ts's do; that
 * module reads files and so cannot be bundled for k6, and test/load/target-env.test.ts checks the two agree.
 */
import {
  HALF_PAIR_MESSAGE,
  nonEmpty,
  resolveAllSettings,
  resolveCredentials,
  TARGET_ENV,
} from "../../src/client/target-env.ts";
import { PRODUCT_MODULES } from "../../src/products/registry.ts";
import { buildScenarioTarget, type ScenarioTarget } from "./scenario-target.ts";

type Env = Readonly<Record<string, string | undefined>>;

/** The kind a `SPECGATE_TARGET` value names, and the mock's address for a URL; throws naming the fix. */
function readKind(spec: string | undefined): { kind: "real" | "url"; base?: string } {
  const E = TARGET_ENV;
  if (spec === undefined || spec === "mock")
    throw new Error(
      `${E.target} is not set: pass -e ${E.target}=http://127.0.0.1:PORT (a running \`specgate mock\`) or -e ${E.target}=real with the account variables`,
    );
  if (spec === "real") return { kind: "real" };
  if (!/^https?:\/\/[^/\s]+\/?$/.test(spec))
    throw new Error(`${E.target} must be real or an http(s) URL such as http://127.0.0.1:8080; got "${spec}"`);
  return { kind: "url", base: spec.replace(/\/$/, "") };
}

/**
 * `SPECGATE_TARGET` = an http(s) URL of a running mock, or `real` (the account and every setting the products
 * require). Throws an Error naming every missing variable; a k6 script lets it end the run in init.
 */
export function readTargetFromEnv(env: Env): ScenarioTarget {
  const { kind, base } = readKind(nonEmpty(env[TARGET_ENV.target]));
  const real = kind === "real";
  const products = [...PRODUCT_MODULES.values()];
  const account = resolveCredentials(env, undefined, real);
  const resolved = resolveAllSettings(products, env, () => undefined, real);
  const missing = [...account.missing, ...resolved.missing].map((m) => m.env);
  if (missing.length > 0)
    // k6 hands the process environment to the script as __ENV (`k6 run` includes it by default), and an
    // exported secret stays off the command line, where `ps` would show an `-e NAME=VALUE` to other users.
    throw new Error(
      `${TARGET_ENV.target}=real needs ${missing.join(", ")}: export each in the environment k6 runs in (k6 passes it on as __ENV)`,
    );
  if (account.halfPair) throw new Error(HALF_PAIR_MESSAGE);
  return buildScenarioTarget(
    kind,
    account.credentials,
    (id) => {
      const definition = PRODUCT_MODULES.get(id);
      const settings = resolved.settings.get(id) ?? {};
      const host = definition === undefined ? "" : definition.host(settings);
      return { url: base ?? `https://${host}`, host, settings };
    },
    [...PRODUCT_MODULES.keys()],
  );
}

/** The products a k6 script's target reaches: those with a registered module (it cannot read specs/). */
export function k6TargetProducts(): string[] {
  return [...PRODUCT_MODULES.keys()];
}
