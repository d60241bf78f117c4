/**
 * Where the clients send requests: the built-in mock, a real Alibaba Cloud account, or a running
 * mock at a URL (docs/design.md "--target mock|real|URL"), resolved from the command line, the environment
 * and an optional config file, in that order of precedence.
 *
 * The account comes from `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and
 * `ALIBABA_CLOUD_SECURITY_TOKEN` (config `credentials.{accessKeyId,accessKeySecret,securityToken}`). Each
 * product in use (one per spec in specs/) has the settings its registry entry lists (src/products/): variable
 * `SPECGATE_<PRODUCT>_<KEY>`, config key `<product>.<key>` — for SLS and Live exactly the names of the README's
 * table (`SPECGATE_SLS_PROJECT`, `live.appId`, …); any other product has `endpoint` and its spec's server
 * variables, defaulting to the spec's. For `mock` and a URL, each product's Host is the one its entry derives
 * (SLS `<project>.<endpoint>`, otherwise the endpoint) while the connection goes to the mock's address.
 * Secrets never appear in any output.
 */
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { UsageError } from "../core/usage-error.ts";
import type { ProductDefinition, ProductSettings } from "../products/product-definition.ts";
import { PRODUCT_MODULES } from "../products/registry.ts";
import { RedactedCredentials } from "./redacted-credentials.ts";
import {
  type ConfigSection,
  HALF_PAIR_MESSAGE,
  type MissingValue,
  nonEmpty,
  resolveAllSettings,
  resolveCredentials,
  TARGET_ENV,
} from "./target-env.ts";

export { TARGET_ENV } from "./target-env.ts";

/** A config file's content (every field optional). */
export interface TargetConfig {
  /** The file it was read from, for error messages. */
  source?: string;
  target?: string;
  credentials?: ConfigSection;
  /** The file's product sections by product id (`sls: {project: …}`), checked against the products in use. */
  products?: Readonly<Record<string, ConfigSection>>;
  /** `rateLimit.operations`: the operations whose documented limits `specgate gate` verifies (default ListEventSubEvent). */
  rateLimit?: { operations: readonly string[] };
}

/** Kind of target. */
export type TargetKind = "mock" | "real" | "url";

/** One product in use: its registry entry and its resolved settings. */
export interface ProductTarget {
  readonly definition: ProductDefinition;
  readonly settings: ProductSettings;
}

/** The serialisable, secret-free form of a target. */
export interface RedactedTarget {
  kind: TargetKind;
  baseUrl?: string;
  credentials: ReturnType<RedactedCredentials["toJSON"]>;
  /** Settings by product id. */
  products: Record<string, ProductSettings>;
}

/** A resolved target. `JSON.stringify` and `console.log` show it with the secret and token redacted. */
export interface Target {
  readonly kind: TargetKind;
  /** Where to connect instead of the service hosts (the mock's address); undefined for `real`. */
  readonly baseUrl?: string;
  readonly credentials: RedactedCredentials;
  /** The products in use, by id. */
  readonly products: ReadonlyMap<string, ProductTarget>;
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
      products: Object.fromEntries([...fields.products].map(([id, p]) => [id, { ...p.settings }])),
    }),
  };
  return Object.freeze(target);
}

const CREDENTIAL_KEYS = ["accessKeyId", "accessKeySecret", "securityToken"];

function checkStrings(source: string, section: string, value: unknown): ConfigSection {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new UsageError(`${source}: "${section}" must be an object of settings (e.g. ${section}:\\n  endpoint: …)`);
  for (const [k, v] of Object.entries(value))
    if (typeof v !== "string") throw new UsageError(`${source}: "${section}.${k}" must be a string (quote it in YAML)`);
  return value as ConfigSection;
}

/** Checks the shape of a parsed config file (product sections are checked against the products in use later). */
export function validateTargetConfig(value: unknown, source: string): TargetConfig {
  if (value === null || value === undefined) return { source };
  if (typeof value !== "object" || Array.isArray(value))
    throw new UsageError(`${source}: the config must be an object with target, credentials and product sections`);
  const out: TargetConfig = { source };
  const products: Record<string, ConfigSection> = {};
  for (const [key, v] of Object.entries(value)) {
    if (!readTopLevelKey(out, key, v)) products[key] = checkStrings(source, key, v);
  }
  if (Object.keys(products).length > 0) out.products = products;
  return out;
}

/** Reads `target`, `credentials` or `rateLimit` into `out`; false for any other key (a product section). */
function readTopLevelKey(out: TargetConfig, key: string, v: unknown): boolean {
  const source = out.source ?? "the config";
  if (key === "target") {
    if (typeof v !== "string") throw new UsageError(`${source}: "target" must be a string (mock, real or a URL)`);
    out.target = v;
  } else if (key === "credentials") {
    out.credentials = checkStrings(source, key, v);
    checkKnownKeys(source, key, out.credentials, CREDENTIAL_KEYS);
  } else if (key === "rateLimit") out.rateLimit = checkRateLimitSection(source, v);
  else return false;
  return true;
}

/** `rateLimit: { operations: [OperationName, …] }`, at least one name, no other key. */
function checkRateLimitSection(source: string, value: unknown): { operations: string[] } {
  const ops = (value as { operations?: unknown } | null)?.operations;
  const names = Array.isArray(ops) ? ops : [];
  const keys = typeof value === "object" && value !== null ? Object.keys(value) : [];
  if (
    keys.some((k) => k !== "operations") ||
    names.length === 0 ||
    names.some((n) => typeof n !== "string" || !/^[A-Za-z][A-Za-z0-9]*$/.test(n))
  )
    throw new UsageError(
      `${source}: "rateLimit" must be {operations: [OperationName, …]}, the operations whose documented limits the gate verifies (e.g. operations: [ListEventSubEvent, DeleteEventSub])`,
    );
  return { operations: names as string[] };
}

function checkKnownKeys(source: string, section: string, values: ConfigSection, allowed: readonly string[]): void {
  for (const k of Object.keys(values))
    if (!allowed.includes(k))
      throw new UsageError(`${source}: unknown key "${section}.${k}"; allowed in ${section}: ${allowed.join(", ")}`);
}

/** Product sections of a config must name products in use, with their settings' keys. */
function checkProductSections(config: TargetConfig, products: readonly ProductDefinition[]): void {
  const source = config.source ?? "the config";
  for (const [id, values] of Object.entries(config.products ?? {})) {
    const product = products.find((p) => p.id === id);
    if (product === undefined)
      throw new UsageError(
        `${source}: unknown key "${id}"; allowed: target, credentials, rateLimit, ${products.map((p) => p.id).join(", ")} (a product section needs its spec in specs/)`,
      );
    checkKnownKeys(
      source,
      id,
      values,
      product.settings.map((s) => s.key),
    );
  }
}

/** Parses a config file's text: JSON for `.json`, YAML otherwise (YAML is a superset of JSON). */
export function parseTargetConfig(text: string, source: string): TargetConfig {
  const json = source.toLowerCase().endsWith(".json");
  let parsed: unknown;
  try {
    parsed = json ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new UsageError(`${source}: not valid ${json ? "JSON" : "YAML"}: ${(error as Error).message}`);
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
  /** The products in use (one per loaded spec); default the registered modules (SLS and Live). */
  products?: readonly ProductDefinition[];
}

/** The kind and address a `--target` value names. */
function parseTargetKind(text: string): { kind: TargetKind; baseUrl?: string } {
  if (text === "mock" || text === "real") return { kind: text };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--target must be mock, real or an http(s) URL of a running mock; got "${text}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new UsageError(`--target URL must use http or https; got "${url.protocol}" in "${text}"`);
  return { kind: "url", baseUrl: url.origin };
}

/** The one message naming every value `--target real` lacks. */
export function describeMissingForReal(missing: readonly MissingValue[]): string {
  return `--target real needs ${missing.map((m) => m.env).join(", ")}: set ${missing.length === 1 ? "it" : "them"} in the environment (or ${missing
    .map((m) => m.configKey)
    .join(", ")} in the --config file)`;
}

/**
 * Resolves the target. Precedence: `--target` > `SPECGATE_TARGET` > config `target` > `mock`; each field:
 * environment > config > mock default. `real` has no defaults for the account and the settings a product
 * requires: every missing one of every product in use is named in a single UsageError.
 */
export function resolveTarget(options: ResolveTargetOptions = {}): Target {
  const env = options.env ?? {};
  const config = options.config ?? {};
  const products = options.products ?? [...PRODUCT_MODULES.values()];
  const text = nonEmpty(options.target) ?? nonEmpty(env[TARGET_ENV.target]) ?? nonEmpty(config.target) ?? "mock";
  const { kind, baseUrl: urlBase } = parseTargetKind(text);
  checkProductSections(config, products);
  const real = kind === "real";
  const account = resolveCredentials(env, config.credentials, real);
  const resolved = resolveAllSettings(products, env, (id) => config.products?.[id], real);
  const missing = [...account.missing, ...resolved.missing];
  if (missing.length > 0) throw new UsageError(describeMissingForReal(missing));
  if (account.halfPair) throw new UsageError(HALF_PAIR_MESSAGE);
  const baseUrl = kind === "mock" ? options.mockBaseUrl : urlBase;
  return buildTarget({
    kind,
    ...(baseUrl === undefined ? {} : { baseUrl }),
    credentials: new RedactedCredentials(account.credentials),
    products: new Map(
      products.map((p) => [p.id, { definition: p, settings: resolved.settings.get(p.id) ?? {} }] as const),
    ),
  });
}

/**
 * The environment variables that `resolveTarget` reads back into `target`'s credentials and every product's
 * settings: how a target resolved once (flag > environment > --config file) reaches a child process that
 * resolves its own, through its environment rather than its command line, where other users could read the
 * secret. The kind and address are not included: the caller passes them as the child's target.
 */
export function exportTargetEnv(target: Target): Record<string, string> {
  const env: Record<string, string> = {
    [TARGET_ENV.accessKeyId]: target.credentials.accessKeyId,
    [TARGET_ENV.accessKeySecret]: target.credentials.accessKeySecret,
  };
  for (const { definition, settings } of target.products.values())
    for (const s of definition.settings) {
      const value = settings[s.key];
      if (value !== undefined) env[s.env] = value;
    }
  const token = target.credentials.securityToken;
  if (token !== undefined) env[TARGET_ENV.securityToken] = token;
  return env;
}

/** The same target connecting to `baseUrl` (the mock's address once it listens). */
export function withBaseUrl(target: Target, baseUrl: string): Target {
  const { toJSON: _omit, ...fields } = target;
  return buildTarget({ ...fields, baseUrl: new URL(baseUrl).origin });
}

/** A product in use; an Error naming the products in use when `id` is not one of them. */
export function productTarget(target: Target, id: string): ProductTarget {
  const found = target.products.get(id);
  if (found === undefined)
    throw new Error(`the target has no product '${id}' (in use: ${[...target.products.keys()].join(", ") || "none"})`);
  return found;
}

/** A resolved setting of a product in use (`targetSetting(t, "sls", "logstore")`). */
export function targetSetting(target: Target, id: string, key: string): string {
  const value = productTarget(target, id).settings[key];
  if (value === undefined) throw new Error(`product '${id}' has no setting '${key}'`);
  return value;
}

/** Where a product's client connects, and the Host it sends (its registry entry's Host rule). */
export function locateProduct(target: Target, id: string): { url: string; host: string } {
  const { definition, settings } = productTarget(target, id);
  const host = definition.host(settings);
  return { url: target.baseUrl ?? `https://${host}`, host };
}
