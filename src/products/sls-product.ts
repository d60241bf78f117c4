/**
 * Simple Log Service: ROA, LOG and v4 signatures, `{errorCode, errorMessage}` errors, the project in the Host
 * (`<project>.<endpoint>`). Mock defaults: docs/design.md#mock-defaults (the README's "Real accounts" table). The
 * contract data binds the consumer-group operations to groups the run creates under its prefix and deletes
 * (docs/alibaba/sls-consumer-groups.md; https://www.alibabacloud.com/help/en/sls/developer-reference/api-createconsumergroup).
 */
import { DEFAULT_LIMITS } from "./generic-product.ts";
import type { OperationCall, ProductContract } from "./product-contract.ts";
import { type ProductDefinition, setting } from "./product-definition.ts";

const LOGSTORE = { $resource: "logstore" } as const;
const SELF = { $self: true } as const;

/** DeleteConsumerGroup of the resource being deleted. */
const DELETE_GROUP: OperationCall = {
  operation: "DeleteConsumerGroup",
  path: { logstore: LOGSTORE, consumerGroup: SELF },
};

/** A first heartbeat with no shard registers a consumer; a new consumer with shards gets 400 NotExistConsumerWithBody. */
function firstHeartbeat(consumer: unknown): OperationCall {
  return {
    operation: "ConsumerGroupHeartBeat",
    path: { logstore: LOGSTORE, consumerGroup: { $resource: "group" } },
    query: { consumer },
    body: [],
  };
}

/** `timeout` has no documented range: valid cases draw 10..600 s, around the documented example 300. */
const TIMEOUT_SCHEMA = { type: "integer", minimum: 10, maximum: 600 } as const;
const ONLY_TOUCHES_RUN_GROUPS = "only touches consumer groups the run created under its prefix and deletes";

const contract: ProductContract = {
  resources: {
    group: {
      kind: "created",
      create: {
        operation: "CreateConsumerGroup",
        path: { logstore: LOGSTORE },
        body: { consumerGroup: SELF, timeout: 60, order: false },
      },
      delete: DELETE_GROUP,
      note: "a group created for the case and deleted afterwards",
    },
    freshGroup: {
      kind: "fresh",
      delete: DELETE_GROUP,
      note: "a unique new group name (specgate-<random>-…) the case creates; deleted afterwards",
    },
    consumer: {
      kind: "created",
      create: firstHeartbeat(SELF),
      note: "a consumer registered in the case's group by a first heartbeat []; it goes with the group",
    },
    shard: {
      kind: "index",
      count: { call: firstHeartbeat("probe"), attempts: 3 },
      note: "a shard of the logstore: a lone consumer of a fresh group is given every shard, so its answer counts them",
    },
    unknownGroup: { kind: "absent", note: "a group name that does not exist" },
    unknownLogstore: { kind: "absent", note: "a logstore name that does not exist" },
  },
  defaults: {
    inputs: {
      "path.logstore": { bind: "logstore", note: "the target's logstore (SPECGATE_SLS_LOGSTORE)" },
      "path.consumerGroup": { bind: "group", note: "a group created for the case and deleted afterwards" },
    },
    unknown: [
      {
        key: "path.logstore",
        resource: "unknownLogstore",
        codes: ["LogStoreNotExist"],
        status: 404,
        note: "404 LogStoreNotExist",
      },
      {
        key: "path.consumerGroup",
        resource: "unknownGroup",
        codes: ["ConsumerGroupNotExist"],
        status: 404,
        note: "404 ConsumerGroupNotExist",
      },
    ],
  },
  operations: {
    CreateConsumerGroup: {
      inputs: {
        "body.consumerGroup": {
          bind: "freshGroup",
          note: "a unique new name (specgate-<random>-…), deleted afterwards",
        },
        "body.timeout": { schema: TIMEOUT_SCHEMA, note: "no documented range" },
      },
    },
    UpdateConsumerGroup: { inputs: { "body.timeout": { schema: TIMEOUT_SCHEMA, note: "no documented range" } } },
    ConsumerGroupHeartBeat: {
      inputs: {
        "query.consumer": {
          bind: "consumer",
          note: "registered first with an empty heartbeat: a new consumer with a non-empty body gets 400 NotExistConsumerWithBody",
        },
      },
    },
    ConsumerGroupUpdateCheckPoint: {
      inputs: {
        "query.consumer": { bind: "consumer", note: "a consumer registered in the group" },
        "query.forceSuccess": {
          schema: { const: "true" },
          note: "without force the consumer must hold the shard; the SDKs default to true",
        },
        "body.shard": { bind: "shard", note: "an existing shard (ShardNotExist otherwise)" },
        "body.checkpoint": {
          schema: { type: "string", format: "byte" },
          note: "a base64 cursor (InvalidShardCheckPoint otherwise)",
        },
      },
    },
    GetCheckPoint: { inputs: { "query.shard": { bind: "shard", note: "an existing shard of the logstore" } } },
  },
  safeWrites: {
    CreateConsumerGroup: ONLY_TOUCHES_RUN_GROUPS,
    UpdateConsumerGroup: ONLY_TOUCHES_RUN_GROUPS,
    DeleteConsumerGroup: ONLY_TOUCHES_RUN_GROUPS,
    ConsumerGroupHeartBeat: ONLY_TOUCHES_RUN_GROUPS,
    ConsumerGroupUpdateCheckPoint: ONLY_TOUCHES_RUN_GROUPS,
  },
};

/**
 * The v4 credential scope's region: the endpoint's first label without its network suffix
 * (`cn-hangzhou.log.aliyuncs.com`, `cn-hangzhou-intranet.log.aliyuncs.com` → `cn-hangzhou`).
 */
export function slsRegionOf(endpoint: string): string {
  const first = endpoint.split(".")[0] ?? endpoint;
  return first.replace(/-(intranet|vpc|share)$/, "");
}

export const slsProduct: ProductDefinition = {
  id: "sls",
  title: "Simple Log Service (SLS) API",
  style: "ROA",
  apiVersion: "2020-12-30",
  signatureSchemes: ["sls-v1-hmac-sha256", "sls-v1-hmac-sha1", "sls-v4"],
  errorBody: "sls",
  settings: [
    setting("sls", "endpoint", "cn-hangzhou.log.aliyuncs.com", true, "SLS endpoint, e.g. cn-hangzhou.log.aliyuncs.com"),
    setting("sls", "project", "ali-test-project", true, "SLS project"),
    setting("sls", "logstore", "ali-test-logstore", true, "SLS logstore"),
  ],
  host: (s) => `${s.project}.${s.endpoint}`,
  signingRegion: (s) => slsRegionOf(s.endpoint ?? ""),
  limits: DEFAULT_LIMITS,
  contract,
};
