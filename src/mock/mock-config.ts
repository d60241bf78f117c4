/**
 * The mock's configurable behaviour in one typed object: accounts, SLS resources, Live apps, the wire form
 * of throttling, and a switch for every behaviour the docs leave open (docs/unconfirmed-behaviour.md), so no
 * guess is silent. Defaults are docs/design.md#mock-defaults.
 *
 * A user config file (JSON or YAML) is validated against a JSON Schema with Ajv; every error names the file, the line
 * and the key (`sls.projects[0].logstores[0].shards`) and the fix, and unknown keys are errors (typos must not be
 * ignored). No error shows a value that may be a secret: values under `accounts` or of a key named like a secret or
 * token are described by type only, and a syntax error names its place and key but never quotes the line
 * (docs/mock-limits.md#config-errors).
 * Merging with the defaults: objects merge key by key; lists merge by their identifying key
 * (`accessKeyId`, project `name`, logstore `name`, `appId`): an entry with a default's key replaces it,
 * others are added. So the default account, project and app stay reachable unless replaced.
 * Pure: takes text, returns data; reading the file is the CLI's job.
 * It belongs to the adapter, not to domain/: it parses file formats (YAML, Ajv) and joins the adapter's
 * `WireBehaviour` with the options of the domain's classes (ARCHITECTURE.md "Layers and their rules").
 */
import { createRequire } from "node:module";
import type { Ajv, ErrorObject } from "ajv";
import { UsageError } from "../core/usage-error.ts";
import { DEFAULT_MAX_RECORDS } from "./domain/callback-record-store.ts";
import type { TimeWindowOptions } from "./domain/check-time-window.ts";
import type { ConsumerGroupRules } from "./domain/consumer-group-coordinator.ts";
import { createDefaultWireBehaviour, type WireBehaviour } from "./wire-behaviour.ts";

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
const mockConfigSchema = {
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
              seedRecords: { type: "integer", minimum: 0, maximum: DEFAULT_MAX_RECORDS },
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
    eventLogCapacity: { type: "integer", minimum: 1, maximum: 100_000 },
    wire: {
      type: "object",
      additionalProperties: false,
      properties: {
        verifyContentMd5: { type: "boolean" },
        signatureMismatchStatus: { enum: [400, 403] },
        accessKeyNotFoundStatus: { enum: [400, 404] },
        nonceWindowMs: { type: "integer", minimum: 1 },
        maxNonces: { type: "integer", minimum: 1 },
        maxNonceBytes: { type: "integer", minimum: 1024, maximum: 4_294_967_296 },
        maxNonceLength: { type: "integer", minimum: 1, maximum: 4096 },
        rpcMaxSkewMs: { type: "integer", minimum: 1 },
        slsMaxSkewMs: { type: "integer", minimum: 1 },
        maxBodyBytes: { type: "integer", minimum: 1, maximum: 1_073_741_824 },
        stringToSignInErrors: { type: "boolean" },
        rpcDefaultFormat: { enum: ["JSON", "XML"] },
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
  const format = source.toLowerCase().endsWith(".json") ? "JSON" : "YAML";
  let value: unknown;
  try {
    value = format === "JSON" ? JSON.parse(text) : yamlModule().parse(text);
  } catch (error) {
    throw new UsageError(describeSyntaxError(error, text, source, format));
  }
  return validateMockConfig(value ?? {}, source, (path) => lineOfPath(text, path));
}

/** The line (1-based) a key path of the parsed config was read from, when it can be told. */
type LocateKey = (path: readonly string[]) => number | undefined;

/** Validates a parsed config object and merges it over the defaults; throws `UsageError` listing every problem. */
export function validateMockConfig(value: unknown, source = "mock config", locate?: LocateKey): MockConfig {
  compiled ??= new (require("ajv") as typeof import("ajv")).Ajv({
    allErrors: true,
    strict: true,
    verbose: true,
  }).compile(mockConfigSchema);
  if (!compiled(value)) {
    const problems = (compiled.errors ?? []).map((e) => withLine(describeSchemaError(e), e, locate));
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
  const seeded = config.live.apps.reduce((sum, app) => sum + app.seedRecords, 0);
  if (seeded > DEFAULT_MAX_RECORDS)
    problems.push(
      `live.apps: ${seeded} seedRecords in all is above the mock's cap of ${DEFAULT_MAX_RECORDS} records (docs/mock-limits.md); seed fewer.`,
    );
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

/** Values under `accounts` (an account written as a string is its id and secret) and secrets are described by type only. */
function describeValue(value: unknown, at: string): string {
  if (/secret|token|password/i.test(at) || at.startsWith("accounts"))
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

// ---- where a problem is in the file's text -------------------------------------------------------------------

function yamlModule(): typeof import("yaml") {
  return require("yaml") as typeof import("yaml");
}

/** `line N: problem` when the line of the problem's key is known. */
function withLine(problem: string, error: ErrorObject, locate: LocateKey | undefined): string {
  const path = error.instancePath
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  const child = (error.params as { additionalProperty?: unknown }).additionalProperty;
  if (typeof child === "string") path.push(child);
  const line = locate?.(path);
  return line === undefined ? problem : `line ${line}: ${problem}`;
}

/** The line of the deepest node of `path` found in the document (YAML, or JSON read as YAML). */
function lineOfPath(text: string, path: readonly string[]): number | undefined {
  const { LineCounter, parseDocument } = yamlModule();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  for (let depth = path.length; depth >= 0; depth--) {
    const keys = path.slice(0, depth).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    const node = doc.getIn(keys, true) as { range?: [number, number, number] } | undefined;
    if (node?.range !== undefined) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

/**
 * A syntax error as `file:line:col: problem at key K; fix`, never quoting the text: the line may hold a secret (the
 * parsers' own messages quote it: YAML's frames the line, V8's JSON message quotes a snippet). The key shown is the
 * nearest config key at or above the place, and only a key the schema knows.
 */
function describeSyntaxError(error: unknown, text: string, source: string, format: "JSON" | "YAML"): string {
  const at = format === "JSON" ? jsonErrorPlace(error, text) : yamlErrorPlace(error);
  const where = at === undefined ? source : `${source}:${at.line}:${at.col}`;
  const reason = format === "YAML" ? yamlReason(error) : "";
  const key = at === undefined ? undefined : knownKeyBefore(text, offsetOf(text, at.line, at.col));
  const near = key === undefined ? "" : ` at key ${key}`;
  return `${where}: not valid ${format}${reason}${near}; fix the syntax there (the line is not shown: it may hold a secret).`;
}

interface Place {
  line: number;
  col: number;
}

function yamlErrorPlace(error: unknown): Place | undefined {
  return (error as { linePos?: Place[] }).linePos?.[0];
}

/** V8 names an offset in most JSON errors; otherwise the YAML parser, reading the text as strict JSON, finds it. */
function jsonErrorPlace(error: unknown, text: string): Place | undefined {
  const offset = /position (\d+)/.exec(error instanceof Error ? error.message : "")?.[1];
  if (offset !== undefined) return placeOf(text, Number(offset));
  const doc = yamlModule().parseDocument(text, { schema: "json", prettyErrors: true });
  return doc.errors[0]?.linePos?.[0];
}

function placeOf(text: string, offset: number): Place {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, col: offset - before.lastIndexOf("\n") };
}

function offsetOf(text: string, line: number, col: number): number {
  let offset = 0;
  for (let n = 1; n < line; n++) {
    const next = text.indexOf("\n", offset);
    if (next < 0) break;
    offset = next + 1;
  }
  return offset + col - 1;
}

/** The parser's reason without anything it quotes (`Unresolved plain scalar "s3cr3t"`). */
function yamlReason(error: unknown): string {
  const message = error instanceof Error ? error.message : "";
  const reason =
    message
      .split(" at line")[0]
      ?.replace(/"[^"\n]*"|'[^'\n]*'/g, "…")
      .trim() ?? "";
  return reason === "" || reason.includes("\n") ? "" : ` (${reason.slice(0, 120)})`;
}

/** The last config key written before `offset` (YAML `key:` or JSON `"key":`), if the schema knows it. */
function knownKeyBefore(text: string, offset: number): string | undefined {
  const head = text.slice(0, Math.max(0, offset));
  const keys = [...head.matchAll(/(?:^|[\s{,-])"?([A-Za-z][A-Za-z0-9]*)"?\s*:/g)].map((m) => m[1] as string);
  for (let i = keys.length - 1; i >= 0; i--) if (SCHEMA_KEYS.has(keys[i] as string)) return keys[i];
  return undefined;
}

/** Every key name the config schema defines. */
const SCHEMA_KEYS: ReadonlySet<string> = new Set(collectKeys(mockConfigSchema));

function collectKeys(schema: unknown): string[] {
  if (typeof schema !== "object" || schema === null) return [];
  const node = schema as { properties?: Record<string, unknown>; items?: unknown };
  const own = Object.keys(node.properties ?? {});
  const nested = Object.values(node.properties ?? {}).flatMap(collectKeys);
  return [...own, ...nested, ...collectKeys(node.items)];
}
