/**
 * Where the clients send requests: the built-in mock, a real Alibaba Cloud account, or a running
 * mock at a URL (docs/design.md#command-line), resolved from the command line, the environment
 * and an optional config file, in that order of precedence.
 *
 * ---- README: environment variables (copy this block) ----------------------------------------------
 * | Variable                         | Used for                                        | Default (mock / URL)          |
 * |----------------------------------|-------------------------------------------------|-------------------------------|
 * | `SPECGATE_TARGET`                | `mock`, `real` or a URL; `--target` wins        | `mock`                        |
 * | `ALIBABA_CLOUD_ACCESS_KEY_ID`     | AccessKey ID (required for `real`)              | `specgate-test-id`            |
 * | `ALIBABA_CLOUD_ACCESS_KEY_SECRET` | AccessKey secret (required for `real`)          | `specgate-test-secret`        |
 * | `ALIBABA_CLOUD_SECURITY_TOKEN`    | STS token, when the key is temporary            | none                          |
 * | `SPECGATE_SLS_ENDPOINT`          | SLS endpoint, e.g. `cn-hangzhou.log.aliyuncs.com` (required for `real`) | `cn-hangzhou.log.aliyuncs.com` |
 * | `SPECGATE_SLS_PROJECT`           | SLS project (required for `real`)               | `ali-test-project`            |
 * | `SPECGATE_SLS_LOGSTORE`          | SLS logstore (required for `real`)              | `ali-test-logstore`           |
 * | `SPECGATE_LIVE_ENDPOINT`         | ApsaraVideo Live endpoint                       | `live.aliyuncs.com`           |
 * | `SPECGATE_LIVE_APP_ID`           | Live AppId (required for `real`)                | `9qb1test`                    |
 * Config file (`--config FILE`, JSON or YAML) keys: `target`, `credentials.{accessKeyId,accessKeySecret,
 * securityToken}`, `sls.{endpoint,project,logstore}`, `live.{endpoint,appId}`. Environment variables
 * override the file. For `mock` and a URL, the SLS Host is `<project>.<endpoint>` and the Live Host is the
 * Live endpoint, while the connection goes to the mock's address. Secrets never appear in any output.
 * ----------------------------------------------------------------------------------------------------
 */
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { UsageError } from "../core/usage-error.ts";
import { RedactedCredentials } from "./redacted-credentials.ts";
import { MOCK_DEFAULTS, TARGET_ENV } from "./target-env.ts";

// The names and defaults live in a node-free module so the k6 scripts can share them; kept exported here.
export { MOCK_DEFAULTS, TARGET_ENV } from "./target-env.ts";

/** A config file's content (every field optional). */
export interface TargetConfig {
  target?: string;
  credentials?: { accessKeyId?: string; accessKeySecret?: string; securityToken?: string };
  sls?: { endpoint?: string; project?: string; logstore?: string };
  live?: { endpoint?: string; appId?: string };
}

/** Kind of target. */
export type TargetKind = "mock" | "real" | "url";

/** The serialisable, secret-free form of a target. */
export interface RedactedTarget {
  kind: TargetKind;
  baseUrl?: string;
  credentials: ReturnType<RedactedCredentials["toJSON"]>;
  sls: Target["sls"];
  live: Target["live"];
}

/** A resolved target. `JSON.stringify` and `console.log` show it with the secret and token redacted. */
export interface Target {
  readonly kind: TargetKind;
  /** Where to connect instead of the service hosts (the mock's address); undefined for `real`. */
  readonly baseUrl?: string;
  readonly credentials: RedactedCredentials;
  readonly sls: { readonly endpoint: string; readonly project: string; readonly logstore: string };
  readonly live: { readonly endpoint: string; readonly appId: string };
  toJSON(): RedactedTarget;
}

type Env = Readonly<Record<string, string | undefined>>;

function buildTarget(fields: Omit<Target, "toJSON">): Target {
  const target: Target = {
    ...fields,
    toJSON: (): RedactedTarget => ({
      kind: fields.kind,
      ...(fields.baseUrl === undefined ? {} : { baseUrl: fields.baseUrl }),
      credentials: fields.credentials.toJSON(),
      sls: { ...fields.sls },
      live: { ...fields.live },
    }),
  };
  return Object.freeze(target);
}

const KNOWN_KEYS: Record<string, readonly string[]> = {
  "": ["target", "credentials", "sls", "live"],
  credentials: ["accessKeyId", "accessKeySecret", "securityToken"],
  sls: ["endpoint", "project", "logstore"],
  live: ["endpoint", "appId"],
};

/** Checks the shape of a parsed config file; `source` names the file in errors. */
export function validateTargetConfig(value: unknown, source: string): TargetConfig {
  if (value === null || value === undefined) return {};
  if (typeof value !== "object" || Array.isArray(value))
    throw new UsageError(`${source}: the config must be an object with target, credentials, sls and live keys`);
  const check = (obj: Record<string, unknown>, section: string): void => {
    const allowed = KNOWN_KEYS[section] ?? [];
    for (const [k, v] of Object.entries(obj)) {
      const where = section ? `${section}.${k}` : k;
      if (!allowed.includes(k))
        throw new UsageError(
          `${source}: unknown key "${where}"; allowed${section ? ` in ${section}` : ""}: ${allowed.join(", ")}`,
        );
      if (section === "" && k !== "target") {
        if (typeof v !== "object" || v === null || Array.isArray(v))
          throw new UsageError(`${source}: "${k}" must be an object (keys: ${(KNOWN_KEYS[k] ?? []).join(", ")})`);
        check(v as Record<string, unknown>, k);
      } else if (typeof v !== "string")
        throw new UsageError(`${source}: "${where}" must be a string (quote it in YAML)`);
    }
  };
  check(value as Record<string, unknown>, "");
  return value as TargetConfig;
}

/** Parses a config file's text: JSON for `.json`, YAML otherwise (YAML is a superset of JSON). */
export function parseTargetConfig(text: string, source: string): TargetConfig {
  let parsed: unknown;
  try {
    parsed = source.toLowerCase().endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new UsageError(
      `${source}: not valid ${source.toLowerCase().endsWith(".json") ? "JSON" : "YAML"}: ${(error as Error).message}`,
    );
  }
  return validateTargetConfig(parsed, source);
}

/** Reads and parses a config file. */
export function loadTargetConfig(path: string): TargetConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(
      `cannot read config file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; check --config`,
    );
  }
  return parseTargetConfig(text, path);
}

/** Options of `resolveTarget`. */
export interface ResolveTargetOptions {
  /** `--target` as given: `mock`, `real` or an http(s) URL. */
  target?: string;
  config?: TargetConfig;
  env?: Env;
  /** For `mock`: the address of the mock started for the run (set later with `withBaseUrl` if unknown yet). */
  mockBaseUrl?: string;
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === "" ? undefined : v.trim();
}

/**
 * Resolves the target. Precedence: `--target` > `SPECGATE_TARGET` > config `target` > `mock`; each field:
 * environment > config > mock default. `real` has no defaults for the account and resource names: every
 * missing one is named in a single UsageError.
 */
export function resolveTarget(options: ResolveTargetOptions = {}): Target {
  const env = options.env ?? {};
  const config = options.config ?? {};
  const spec = nonEmpty(options.target) ?? nonEmpty(env[TARGET_ENV.target]) ?? nonEmpty(config.target) ?? "mock";
  let kind: TargetKind;
  let baseUrl: string | undefined;
  if (spec === "mock" || spec === "real") kind = spec;
  else {
    let url: URL;
    try {
      url = new URL(spec);
    } catch {
      throw new UsageError(`--target must be mock, real or an http(s) URL of a running mock; got "${spec}"`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:")
      throw new UsageError(`--target URL must use http or https; got "${url.protocol}" in "${spec}"`);
    kind = "url";
    baseUrl = url.origin;
  }
  if (kind === "mock") baseUrl = options.mockBaseUrl;

  const pick = (envName: string, fromConfig: string | undefined): string | undefined =>
    nonEmpty(env[envName]) ?? nonEmpty(fromConfig);
  const id = pick(TARGET_ENV.accessKeyId, config.credentials?.accessKeyId);
  const secret = pick(TARGET_ENV.accessKeySecret, config.credentials?.accessKeySecret);
  const token = pick(TARGET_ENV.securityToken, config.credentials?.securityToken);
  const slsEndpoint = pick(TARGET_ENV.slsEndpoint, config.sls?.endpoint);
  const project = pick(TARGET_ENV.slsProject, config.sls?.project);
  const logstore = pick(TARGET_ENV.slsLogstore, config.sls?.logstore);
  const liveEndpoint = pick(TARGET_ENV.liveEndpoint, config.live?.endpoint);
  const appId = pick(TARGET_ENV.liveAppId, config.live?.appId);

  if (kind === "real") {
    const required: Array<[string, string | undefined, string]> = [
      [TARGET_ENV.accessKeyId, id, "credentials.accessKeyId"],
      [TARGET_ENV.accessKeySecret, secret, "credentials.accessKeySecret"],
      [TARGET_ENV.slsEndpoint, slsEndpoint, "sls.endpoint"],
      [TARGET_ENV.slsProject, project, "sls.project"],
      [TARGET_ENV.slsLogstore, logstore, "sls.logstore"],
      [TARGET_ENV.liveAppId, appId, "live.appId"],
    ];
    const missing = required.filter(([, v]) => v === undefined);
    if (missing.length > 0)
      throw new UsageError(
        `--target real needs ${missing.map(([e]) => e).join(", ")}: set ${missing.length === 1 ? "it" : "them"} in the environment (or ${missing
          .map(([, , k]) => k)
          .join(", ")} in the --config file)`,
      );
  } else if ((id === undefined) !== (secret === undefined)) {
    throw new UsageError(
      `set both ${TARGET_ENV.accessKeyId} and ${TARGET_ENV.accessKeySecret}, or neither (the mock defaults are then used)`,
    );
  }

  return buildTarget({
    kind,
    ...(baseUrl === undefined ? {} : { baseUrl }),
    credentials: new RedactedCredentials({
      accessKeyId: id ?? MOCK_DEFAULTS.accessKeyId,
      accessKeySecret: secret ?? MOCK_DEFAULTS.accessKeySecret,
      ...(token === undefined ? {} : { securityToken: token }),
    }),
    sls: {
      endpoint: slsEndpoint ?? MOCK_DEFAULTS.slsEndpoint,
      project: project ?? MOCK_DEFAULTS.project,
      logstore: logstore ?? MOCK_DEFAULTS.logstore,
    },
    live: { endpoint: liveEndpoint ?? MOCK_DEFAULTS.liveEndpoint, appId: appId ?? MOCK_DEFAULTS.appId },
  });
}

/**
 * The environment variables (TARGET_ENV names) that `resolveTarget` reads back into `target`'s credentials,
 * SLS and Live fields: how a target resolved once (flag > environment > --config file) reaches a child
 * process that resolves its own, through its environment rather than its command line, where other users
 * could read the secret. The kind and address are not included: the caller passes them as the child's target.
 */
export function exportTargetEnv(target: Target): Record<string, string> {
  const env: Record<string, string> = {
    [TARGET_ENV.accessKeyId]: target.credentials.accessKeyId,
    [TARGET_ENV.accessKeySecret]: target.credentials.accessKeySecret,
    [TARGET_ENV.slsEndpoint]: target.sls.endpoint,
    [TARGET_ENV.slsProject]: target.sls.project,
    [TARGET_ENV.slsLogstore]: target.sls.logstore,
    [TARGET_ENV.liveEndpoint]: target.live.endpoint,
    [TARGET_ENV.liveAppId]: target.live.appId,
  };
  const token = target.credentials.securityToken;
  if (token !== undefined) env[TARGET_ENV.securityToken] = token;
  return env;
}

/** The same target connecting to `baseUrl` (the mock's address once it listens). */
export function withBaseUrl(target: Target, baseUrl: string): Target {
  const { toJSON: _omit, ...fields } = target;
  return buildTarget({ ...fields, baseUrl: new URL(baseUrl).origin });
}

/**
 * Where the SLS client connects, and the Host it sends (`<project>.<endpoint>`,
 * docs/alibaba/sls-requests.md#addressing).
 */
export function locateSls(target: Target): { url: string; host: string } {
  const host = `${target.sls.project}.${target.sls.endpoint}`;
  return { url: target.baseUrl ?? `https://${host}`, host };
}

/** Where the Live client connects, and the Host it sends (the Live endpoint). */
export function locateLive(target: Target): { url: string; host: string } {
  return { url: target.baseUrl ?? `https://${target.live.endpoint}`, host: target.live.endpoint };
}
