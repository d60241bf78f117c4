/**
 * Target resolution that needs no file system, in one node-free module: src/client/target.ts resolves a target
 * from it (adding the --config file), and the k6 scripts' reader (load/scenarios/target-env.ts) is bundled into
 * k6, where `node:fs` and `yaml` are not available. Per-product settings come from the product registry
 * (src/products/): each setting is read from `SPECGATE_<PRODUCT>_<KEY>`, then the config's `<product>.<key>`,
 * then the mock default; for `--target real`, the settings the product requires have no default.
 */
import type { ProductDefinition, ProductSettings } from "../products/product-definition.ts";

/** The environment variable names of the target and the account (product settings: `TargetSetting.env`). */
export const TARGET_ENV = {
  target: "SPECGATE_TARGET",
  accessKeyId: "ALIBABA_CLOUD_ACCESS_KEY_ID",
  accessKeySecret: "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
  securityToken: "ALIBABA_CLOUD_SECURITY_TOKEN",
} as const;

/** The mock's test account (docs/design.md "Mock defaults"). */
export const MOCK_CREDENTIALS = { accessKeyId: "specgate-test-id", accessKeySecret: "specgate-test-secret" } as const;

type Env = Readonly<Record<string, string | undefined>>;

/** A config file's values of one section (`credentials`, or a product id), every key optional. */
export type ConfigSection = Readonly<Record<string, string | undefined>>;

/** A value that must be given for `--target real` and was not: its variable and its config key. */
export interface MissingValue {
  env: string;
  configKey: string;
}

/** The account's credentials as resolved, before they are wrapped (RedactedCredentials). */
export interface PlainCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

/** A value set to something other than blanks, trimmed. */
export function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === "" ? undefined : v.trim();
}

/** One product's settings: environment > config section > mock default (none for required settings on `real`). */
export function resolveProductSettings(
  product: ProductDefinition,
  env: Env,
  config: ConfigSection | undefined,
  real: boolean,
): { settings: ProductSettings; missing: MissingValue[] } {
  const settings: Record<string, string> = {};
  const missing: MissingValue[] = [];
  for (const s of product.settings) {
    const given = nonEmpty(env[s.env]) ?? nonEmpty(config?.[s.key]);
    if (given !== undefined) settings[s.key] = given;
    else if (real && s.requiredForReal) missing.push({ env: s.env, configKey: `${product.id}.${s.key}` });
    else settings[s.key] = s.mockDefault;
  }
  return { settings, missing };
}

/**
 * The account: environment > config `credentials`; the mock's test account when neither is set. For `real`
 * the key pair is required; otherwise half a pair is an error message (returned, not thrown: callers word it).
 */
export function resolveCredentials(
  env: Env,
  config: ConfigSection | undefined,
  real: boolean,
): { credentials: PlainCredentials; missing: MissingValue[]; halfPair: boolean } {
  const E = TARGET_ENV;
  const id = nonEmpty(env[E.accessKeyId]) ?? nonEmpty(config?.accessKeyId);
  const secret = nonEmpty(env[E.accessKeySecret]) ?? nonEmpty(config?.accessKeySecret);
  const token = nonEmpty(env[E.securityToken]) ?? nonEmpty(config?.securityToken);
  const missing: MissingValue[] = [];
  if (real && id === undefined) missing.push({ env: E.accessKeyId, configKey: "credentials.accessKeyId" });
  if (real && secret === undefined) missing.push({ env: E.accessKeySecret, configKey: "credentials.accessKeySecret" });
  const credentials: PlainCredentials = {
    accessKeyId: id ?? MOCK_CREDENTIALS.accessKeyId,
    accessKeySecret: secret ?? MOCK_CREDENTIALS.accessKeySecret,
    ...(token === undefined ? {} : { securityToken: token }),
  };
  return { credentials, missing, halfPair: !real && (id === undefined) !== (secret === undefined) };
}

/** The message for half a key pair outside `real`. */
export const HALF_PAIR_MESSAGE = `set both ${TARGET_ENV.accessKeyId} and ${TARGET_ENV.accessKeySecret}, or neither (the mock defaults are then used)`;

/** Settings of every product, in the given order, with every missing value of all of them. */
export function resolveAllSettings(
  products: readonly ProductDefinition[],
  env: Env,
  sections: (id: string) => ConfigSection | undefined,
  real: boolean,
): { settings: Map<string, ProductSettings>; missing: MissingValue[] } {
  const settings = new Map<string, ProductSettings>();
  const missing: MissingValue[] = [];
  for (const product of products) {
    const r = resolveProductSettings(product, env, sections(product.id), real);
    settings.set(product.id, r.settings);
    missing.push(...r.missing);
  }
  return { settings, missing };
}
