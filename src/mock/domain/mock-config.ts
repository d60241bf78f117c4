/**
 * The mock's configurable behaviour in one typed object: accounts, SLS resources, Live apps, the wire form
 * of throttling, and a switch for every behaviour the docs leave open (docs/unconfirmed-behaviour.md), so no
 * guess is silent. Defaults are docs/design.md#mock-defaults.
 *
 * A user config file (JSON or YAML) is validated against a JSON Schema with Ajv; every error names the key
 * (`sls.projects[0].logstores[0].shards`) and the fix, and unknown keys are errors (typos must not be ignored).
 * Merging with the defaults: objects merge key by key; lists merge by their identifying key
 * (`accessKeyId`, project `name`, logstore `name`, `appId`): an entry with a default's key replaces it,
 * others are added. So the default account, project and app stay reachable unless replaced.
 * Pure: takes text, returns data; reading the file is the CLI's job.
 */
import { createRequire } from "node:module";
import type { Ajv, ErrorObject } from "ajv";
import { UsageError } from "../../core/usage-error.ts";
import { createDefaultWireBehaviour, type WireBehaviour } from "../wire-behaviour.ts";
import type { TimeWindowOptions } from "./check-time-window.ts";
import type { ConsumerGroupRules } from "./consumer-group-coordinator.ts";

/** An account the mock accepts. The secret is never printed in errors. */
export interface MockAccount {
  accessKeyId: string;
  accessKeySecret: string;
  /** When set, requests must carry this STS token. */
  securityToken?: string;
}

/** An SLS logstore. */
export interface MockLogstore {
  name: string;
  shards: number;
}

/** An SLS project (taken from the first label of `Host`, docs/alibaba/sls-requests.md#addressing). */
export interface MockProject {
  name: string;
  logstores: MockLogstore[];
}

/** A Live AppId, its owning account (AccessKeyId) and how many callback records to seed. */
export interface MockLiveApp {
  appId: string;
  owner: string;
  seedRecords: number;
  /** PRNG seed of the seeded records. */
  seed: number;
}

/**
 * The wire form of a throttled request (docs/alibaba/pop-errors.md#flow-control; undocumented for ListEventSubEvent:
 * docs/unconfirmed-behaviour.md#throttling-answer-of-listeventsubevent).
 */
export interface ThrottlingConfig {
  status: number;
  code: string;
  message: string;
  /**
   * Send `x-acs-retry-after` (ms), which current Darabonba SDKs need to raise a ThrottlingError
   * (docs/alibaba/pop-errors.md#how-the-sdks-recognise-throttling).
   */
  retryAfterHeader: boolean;
  /** Drop the connection without an answer instead ("requests that exceed this limit are dropped"). */
  dropConnection: boolean;
}

/** Switches for behaviour the docs leave open; each cites its section of docs/unconfirmed-behaviour.md. */
export interface UnconfirmedBehaviour {
  /** docs/unconfirmed-behaviour.md#not-found-code-spellings */
  consumerNotExistCode: "ConsumerNotExist" | "ConsumerNotExsit";
  /** docs/unconfirmed-behaviour.md#not-found-code-spellings */
  shardNotExistCode: "ShardNotExist" | "ShardNotExsit";
  /** docs/unconfirmed-behaviour.md#undocumented-consumer-group-statuses */
  consumerNotMatchStatus: number;
  /** docs/unconfirmed-behaviour.md#undocumented-consumer-group-statuses */
  consumerGroupQuotaExceedStatus: number;
  /** docs/unconfirmed-behaviour.md#deleting-a-missing-consumer-group */
  deleteMissingGroup: "error" | "succeed";
  /** docs/unconfirmed-behaviour.md#checkpoint-updatetime-unit */
  checkpointUpdateTimeUnit: "seconds" | "microseconds";
  /**
   * GetCheckPoint for shards never checkpointed: an entry with an empty checkpoint, or none
   * (docs/unconfirmed-behaviour.md#checkpoints-never-written).
   */
  unsetCheckpoints: "empty-entry" | "omit";
  /** docs/unconfirmed-behaviour.md#consumer-group-timeout-range */
  minTimeoutSec: number;
  /** docs/unconfirmed-behaviour.md#consumer-group-timeout-range */
  maxTimeoutSec: number;
  /**
   * docs/unconfirmed-behaviour.md#listeventsubevent-time-window-errors: "granularity 1 minute" = truncate to whole
   * minutes, or reject other times.
   */
  timeWindowGranularity: "truncate" | "reject";
  /** docs/unconfirmed-behaviour.md#listeventsubevent-time-window-errors */
  timeWindowErrorStatus: number;
  /** docs/unconfirmed-behaviour.md#listeventsubevent-time-window-errors */
  timeWindowErrorCode: string;
  /**
   * docs/unconfirmed-behaviour.md#listeventsubevent-paging-details: `Count` = records on this page, or all matching
   * records.
   */
  eventCountMeaning: "page" | "total";
  /**
   * Order of ListEventSubEvent `Logs` (undocumented, docs/unconfirmed-behaviour.md#listeventsubevent-paging-details).
   */
  eventOrder: "asc" | "desc";
  /**
   * docs/unconfirmed-behaviour.md#listeventsubevent-paging-details: time zone of `Time`, minutes east of UTC (the doc
   * example implies UTC+8).
   */
  eventTimeUtcOffsetMinutes: number;
}

/** Everything configurable about the mock. */
export interface MockConfig {
  accounts: MockAccount[];
  sls: { projects: MockProject[]; maxConsumerGroupsPerLogstore: number };
  live: { apps: MockLiveApp[] };
  throttling: ThrottlingConfig;
  unconfirmed: UnconfirmedBehaviour;
  /** Ring-buffer size of the ground-truth event log. */
  eventLogCapacity: number;
  /** Gateway-level switches of the HTTP server (src/mock/wire-behaviour.ts; docs/unconfirmed-behaviour.md). */
  wire: WireBehaviour;
}

/** A fresh copy of the defaults (docs/design.md#mock-defaults). */
export function createDefaultMockConfig(): MockConfig {
  return {
    accounts: [{ accessKeyId: "specgate-test-id", accessKeySecret: "specgate-test-secret" }],
    sls: {
      projects: [{ name: "ali-test-project", logstores: [{ name: "ali-test-logstore", shards: 4 }] }],
      maxConsumerGroupsPerLogstore: 30,
    },
    live: { apps: [{ appId: "9qb1test", owner: "specgate-test-id", seedRecords: 2000, seed: 1 }] },
    throttling: {
      status: 400,
      code: "Throttling.User",
      message: "Request was denied due to user flow control.",
      retryAfterHeader: true,
      dropConnection: false,
    },
    unconfirmed: {
      consumerNotExistCode: "ConsumerNotExist",
      shardNotExistCode: "ShardNotExist",
      consumerNotMatchStatus: 400,
      consumerGroupQuotaExceedStatus: 400,
      deleteMissingGroup: "error",
      checkpointUpdateTimeUnit: "seconds",
      unsetCheckpoints: "empty-entry",
      minTimeoutSec: 1,
      maxTimeoutSec: 86_400,
      timeWindowGranularity: "truncate",
      timeWindowErrorStatus: 400,
      timeWindowErrorCode: "InputInvalid",
      eventCountMeaning: "page",
      eventOrder: "asc",
      eventTimeUtcOffsetMinutes: 480,
    },
    eventLogCapacity: 10_000,
    wire: createDefaultWireBehaviour(),
  };
}

const name = { type: "string", minLength: 1, maxLength: 128 } as const;
const status = { type: "integer", minimum: 400, maximum: 599 } as const;

/** JSON Schema of a user config file: every key optional, none unknown. */
export const mockConfigSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    accounts: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["accessKeyId", "accessKeySecret"],
        properties: { accessKeyId: name, accessKeySecret: { type: "string", minLength: 1 }, securityToken: name },
      },
    },
    sls: {
      type: "object",
      additionalProperties: false,
      properties: {
        projects: {
          type: "array",
          items: {
            type: "object",
            additionalProperties: false,
            required: ["name", "logstores"],
            properties: {
              name: { type: "string", pattern: "^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$" },
              logstores: {
                type: "array",
                items: {
                  type: "object",
                  additionalProperties: false,
                  required: ["name", "shards"],
                  properties: { name, shards: { type: "integer", minimum: 1, maximum: 256 } },
                },
              },
            },
          },
        },
        maxConsumerGroupsPerLogstore: { type: "integer", minimum: 1 },
      },
    },
    live: {
      type: "object",
      additionalProperties: false,
      properties: {
        apps: {
          type: "array",
          items: {
            type: "object",
            additionalProperties: false,
            required: ["appId", "owner"],
            properties: {
              appId: name,
              owner: name,
              seedRecords: { type: "integer", minimum: 0, maximum: 1_000_000 },
              seed: { type: "integer" },
            },
          },
        },
      },
    },
    throttling: {
      type: "object",
      additionalProperties: false,
      properties: {
        status,
        code: name,
        message: { type: "string" },
        retryAfterHeader: { type: "boolean" },
        dropConnection: { type: "boolean" },
      },
    },
    unconfirmed: {
      type: "object",
      additionalProperties: false,
      properties: {
        consumerNotExistCode: { enum: ["ConsumerNotExist", "ConsumerNotExsit"] },
        shardNotExistCode: { enum: ["ShardNotExist", "ShardNotExsit"] },
        consumerNotMatchStatus: status,
        consumerGroupQuotaExceedStatus: status,
        deleteMissingGroup: { enum: ["error", "succeed"] },
        checkpointUpdateTimeUnit: { enum: ["seconds", "microseconds"] },
        unsetCheckpoints: { enum: ["empty-entry", "omit"] },
        minTimeoutSec: { type: "integer", minimum: 1 },
        maxTimeoutSec: { type: "integer", minimum: 1 },
        timeWindowGranularity: { enum: ["truncate", "reject"] },
        timeWindowErrorStatus: status,
        timeWindowErrorCode: name,
        eventCountMeaning: { enum: ["page", "total"] },
        eventOrder: { enum: ["asc", "desc"] },
        eventTimeUtcOffsetMinutes: { type: "integer", minimum: -720, maximum: 840 },
      },
    },
    eventLogCapacity: { type: "integer", minimum: 1, maximum: 10_000_000 },
    wire: {
      type: "object",
      additionalProperties: false,
      properties: {
        verifyContentMd5: { type: "boolean" },
        signatureMismatchStatus: { enum: [400, 403] },
        accessKeyNotFoundStatus: { enum: [400, 404] },
        nonceWindowMs: { type: "integer", minimum: 1 },
        maxNonces: { type: "integer", minimum: 1 },
        rpcMaxSkewMs: { type: "integer", minimum: 1 },
        slsMaxSkewMs: { type: "integer", minimum: 1 },
        maxBodyBytes: { type: "integer", minimum: 1, maximum: 1_073_741_824 },
      },
    },
  },
} as const;

let compiled: ReturnType<Ajv["compile"]> | undefined;
// Ajv and yaml are required when a config file is read, not imported: `specgate mock` without --config
// (the common case, and the 0.3 s start-up target) never needs them, and they take ~100 ms to load.
const require = createRequire(import.meta.url);

/**
 * Parses a config file's text (JSON when `source` ends in `.json`, otherwise YAML, which also reads JSON)
 * and validates it; throws `UsageError` naming the file, the key and the fix.
 */
export function parseMockConfig(text: string, source: string): MockConfig {
  let value: unknown;
  try {
    value = source.toLowerCase().endsWith(".json")
      ? JSON.parse(text)
      : (require("yaml") as typeof import("yaml")).parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new UsageError(`${source}: not valid ${source.endsWith(".json") ? "JSON" : "YAML"}: ${detail}`);
  }
  return validateMockConfig(value ?? {}, source);
}

/** Validates a parsed config object and merges it over the defaults; throws `UsageError` listing every problem. */
export function validateMockConfig(value: unknown, source = "mock config"): MockConfig {
  compiled ??= new (require("ajv") as typeof import("ajv")).Ajv({
    allErrors: true,
    strict: true,
    verbose: true,
  }).compile(mockConfigSchema);
  if (!compiled(value)) {
    const problems = (compiled.errors ?? []).map(describeSchemaError);
    throw new UsageError(
      `${source}: invalid mock config:\n${[...new Set(problems)].map((p) => `  - ${p}`).join("\n")}`,
    );
  }
  const config = mergeOverDefaults(value as UserConfig);
  const problems = checkConsistency(value as UserConfig, config);
  if (problems.length > 0) {
    throw new UsageError(`${source}: invalid mock config:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
  return config;
}

/** The consumer-group rules a `ConsumerGroupCoordinator` needs, from a config. */
export function consumerGroupRulesOf(config: MockConfig): ConsumerGroupRules {
  const u = config.unconfirmed;
  return {
    maxGroups: config.sls.maxConsumerGroupsPerLogstore,
    quotaExceededStatus: u.consumerGroupQuotaExceedStatus,
    consumerNotExistCode: u.consumerNotExistCode,
    shardNotExistCode: u.shardNotExistCode,
    consumerNotMatchStatus: u.consumerNotMatchStatus,
    deleteMissingGroup: u.deleteMissingGroup,
    checkpointUpdateTimeUnit: u.checkpointUpdateTimeUnit,
    unsetCheckpoints: u.unsetCheckpoints,
    minTimeoutSec: u.minTimeoutSec,
    maxTimeoutSec: u.maxTimeoutSec,
  };
}

/** The `checkTimeWindow` options, from a config. */
export function timeWindowOptionsOf(config: MockConfig): TimeWindowOptions {
  const u = config.unconfirmed;
  return {
    granularity: u.timeWindowGranularity,
    errorStatus: u.timeWindowErrorStatus,
    errorCode: u.timeWindowErrorCode,
  };
}

/** The `CallbackRecordStore` options, from a config. */
export function callbackStoreOptionsOf(config: MockConfig): {
  countMeaning: "page" | "total";
  order: "asc" | "desc";
  timeUtcOffsetMinutes: number;
} {
  const u = config.unconfirmed;
  return { countMeaning: u.eventCountMeaning, order: u.eventOrder, timeUtcOffsetMinutes: u.eventTimeUtcOffsetMinutes };
}

// ---- internals ------------------------------------------------------------------------------------------

interface UserConfig {
  accounts?: MockAccount[];
  sls?: { projects?: MockProject[]; maxConsumerGroupsPerLogstore?: number };
  live?: { apps?: (Omit<MockLiveApp, "seedRecords" | "seed"> & { seedRecords?: number; seed?: number })[] };
  throttling?: Partial<ThrottlingConfig>;
  unconfirmed?: Partial<UnconfirmedBehaviour>;
  eventLogCapacity?: number;
  wire?: Partial<WireBehaviour>;
}

function mergeOverDefaults(user: UserConfig): MockConfig {
  const config = createDefaultMockConfig();
  config.accounts = mergeByKey(config.accounts, user.accounts ?? [], (a) => a.accessKeyId);
  config.sls.projects = mergeByKey(config.sls.projects, user.sls?.projects ?? [], (p) => p.name);
  config.sls.maxConsumerGroupsPerLogstore =
    user.sls?.maxConsumerGroupsPerLogstore ?? config.sls.maxConsumerGroupsPerLogstore;
  const apps = (user.live?.apps ?? []).map((a) => ({ seedRecords: 0, seed: 1, ...a }));
  config.live.apps = mergeByKey(config.live.apps, apps, (a) => a.appId);
  config.throttling = { ...config.throttling, ...user.throttling };
  config.unconfirmed = { ...config.unconfirmed, ...user.unconfirmed };
  config.eventLogCapacity = user.eventLogCapacity ?? config.eventLogCapacity;
  config.wire = { ...config.wire, ...user.wire };
  return config;
}

function mergeByKey<T>(defaults: readonly T[], given: readonly T[], keyOf: (item: T) => string): T[] {
  const merged = new Map<string, T>();
  for (const item of defaults) merged.set(keyOf(item), item);
  for (const item of given) merged.set(keyOf(item), item);
  return [...merged.values()];
}

/** Checks the schema cannot express; paths index the user's file, not the merged lists. */
function checkConsistency(user: UserConfig, config: MockConfig): string[] {
  const problems: string[] = [];
  const duplicates = <T>(items: readonly T[] | undefined, keyOf: (item: T) => string, at: (i: number) => string) => {
    const seen = new Set<string>();
    (items ?? []).forEach((item, i) => {
      const key = keyOf(item);
      if (seen.has(key)) problems.push(`${at(i)}: "${key}" appears twice; give each entry a unique value.`);
      seen.add(key);
    });
  };
  duplicates(
    user.accounts,
    (a) => a.accessKeyId,
    (i) => `accounts[${i}].accessKeyId`,
  );
  duplicates(
    user.sls?.projects,
    (p) => p.name,
    (i) => `sls.projects[${i}].name`,
  );
  (user.sls?.projects ?? []).forEach((project, p) => {
    duplicates(
      project.logstores,
      (l) => l.name,
      (l) => `sls.projects[${p}].logstores[${l}].name`,
    );
  });
  duplicates(
    user.live?.apps,
    (a) => a.appId,
    (i) => `live.apps[${i}].appId`,
  );
  const accountIds = new Set(config.accounts.map((a) => a.accessKeyId));
  (user.live?.apps ?? []).forEach((app, i) => {
    if (!accountIds.has(app.owner)) {
      problems.push(
        `live.apps[${i}].owner: "${app.owner}" is not the accessKeyId of any account; use one of ${[...accountIds].join(", ")} or add the account under accounts.`,
      );
    }
  });
  if (config.unconfirmed.minTimeoutSec > config.unconfirmed.maxTimeoutSec) {
    problems.push(
      `unconfirmed.minTimeoutSec (${config.unconfirmed.minTimeoutSec}) is above unconfirmed.maxTimeoutSec (${config.unconfirmed.maxTimeoutSec}); lower the minimum or raise the maximum.`,
    );
  }
  return problems;
}

/** `/sls/projects/0/name` → `sls.projects[0].name`. */
function keyPath(pointer: string, child?: string): string {
  const parts = pointer.split("/").slice(1);
  if (child !== undefined) parts.push(child);
  let path = "";
  for (const raw of parts) {
    const part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    path += /^\d+$/.test(part) ? `[${part}]` : path === "" ? part : `.${part}`;
  }
  return path === "" ? "(top level)" : path;
}

function describeSchemaError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const at = keyPath(error.instancePath);
  switch (error.keyword) {
    case "additionalProperties": {
      const allowed = Object.keys(schemaAt(error.schemaPath)).join(", ");
      return `${keyPath(error.instancePath, String(params.additionalProperty))}: unknown key; allowed keys here: ${allowed}. Remove it or fix its spelling.`;
    }
    case "required":
      return `${keyPath(error.instancePath, String(params.missingProperty))}: missing; add it.`;
    case "type":
      return `${at}: must be ${String(params.type)}, got ${describeValue(error.data, at)}.`;
    case "enum":
      return `${at}: must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}, got ${describeValue(error.data, at)}.`;
    case "minimum":
    case "maximum":
      return `${at}: must be ${String(params.comparison)} ${String(params.limit)}, got ${describeValue(error.data, at)}.`;
    case "minLength":
      return `${at}: must not be empty.`;
    case "maxLength":
      return `${at}: must be at most ${String(params.limit)} characters.`;
    case "pattern":
      return `${at}: must be 3–63 lowercase letters, digits or hyphens, starting and ending with a letter or digit (an SLS project name).`;
    default:
      return `${at}: ${error.message ?? "is invalid"}.`;
  }
}

/** Secrets and tokens are described by type only, never echoed. */
function describeValue(value: unknown, at: string): string {
  if (/secret|token/i.test(at))
    return `a ${Array.isArray(value) ? "array" : value === null ? "null" : typeof value} (value hidden)`;
  if (typeof value === "string")
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}

/** The `properties` of the schema object an `additionalProperties` error points into. */
function schemaAt(schemaPath: string): Record<string, unknown> {
  let node: unknown = mockConfigSchema;
  for (const part of schemaPath.replace(/^#\//, "").split("/").slice(0, -1)) {
    node = (node as Record<string, unknown> | undefined)?.[part];
  }
  return ((node as Record<string, unknown> | undefined)?.properties ?? {}) as Record<string, unknown>;
}
