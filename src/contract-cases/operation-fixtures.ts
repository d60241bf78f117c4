/**
 * "Fixtures for operations": the small per-product table that says which inputs of an operation are bound
 * to run-time resources (a group that must exist, a registered consumer, the target's AppId) and which are
 * drawn from a narrower range than the schema states, and why. Everything else is drawn from the spec's
 * schemas (schema-arbitrary.ts). Setup steps follow from the resources a case uses (case-model.ts
 * `ResourceName`): `group` → CreateConsumerGroup first; `consumer` → also a first heartbeat `[]`.
 *
 * Input keys: `path.<name>`, `query.<name>`, `body` (the whole body) or `body.<property>`.
 * A key the operation does not have is ignored, so product-wide defaults are safe.
 */
import fc from "fast-check";
import type { ResourceBinding, ResourceName } from "./case-model.ts";

/** How one input is produced in valid requests. */
export interface InputRule {
  /** Pin the input to a run-time resource. */
  bind?: ResourceName;
  /** Draw the input from this arbitrary instead of its schema (values may contain placeholders). */
  draw?: fc.Arbitrary<unknown>;
  /** Leave the (optional) input out of valid requests. */
  omit?: boolean;
  /** Why; printed by `describeOperationFixtures` and kept next to the rule for reviewers. */
  note: string;
}

/** A negative case "unknown resource": put `resource` into input `key`; the answer must carry one of `codes`. */
export interface UnknownResourceRule {
  key: string;
  resource: ResourceName;
  codes: string[];
  note: string;
}

/** The fixture of one operation. */
export interface OperationFixture {
  inputs: Record<string, InputRule>;
  unknown: UnknownResourceRule[];
}

/** A product's table: defaults for every operation, plus per-operation additions (by operationId). */
export interface ProductFixtures {
  defaults: OperationFixture;
  operations: Record<string, Partial<OperationFixture>>;
}

const bind = (name: ResourceName, note: string): InputRule => ({ bind: name, note });
const shardBinding = fc.nat(63).map((index): ResourceBinding => ({ $bind: "resource", name: "shard", index }));

/**
 * SLS consumer groups (docs/alibaba/sls-consumer-groups.md#operations). The project is the Host's first label, so it is
 * no input here. `timeout` has no documented range (docs/unconfirmed-behaviour.md#consumer-group-timeout-range): valid
 * cases draw 10..600 s, inside what the mock accepts and around the documented example 300, so they stay valid on a
 * real account.
 */
export const SLS_FIXTURES: ProductFixtures = {
  defaults: {
    inputs: {
      "path.logstore": bind("logstore", "the target's logstore (SPECGATE_SLS_LOGSTORE)"),
      "path.consumerGroup": bind("group", "a group created for the case and deleted afterwards"),
    },
    unknown: [
      {
        key: "path.logstore",
        resource: "unknownLogstore",
        codes: ["LogStoreNotExist"],
        note: "docs/alibaba/sls-errors.md#common-codes, docs/alibaba/sls-consumer-groups.md#operation-errors: 404 LogStoreNotExist",
      },
      {
        key: "path.consumerGroup",
        resource: "unknownGroup",
        codes: ["ConsumerGroupNotExist"],
        note: "docs/alibaba/sls-consumer-groups.md#operation-errors: 404 ConsumerGroupNotExist",
      },
    ],
  },
  operations: {
    CreateConsumerGroup: {
      inputs: {
        "body.consumerGroup": bind("freshGroup", "a unique new name (specgate-<random>-…), deleted afterwards"),
        "body.timeout": {
          draw: fc.integer({ min: 10, max: 600 }),
          note: "no documented range (docs/unconfirmed-behaviour.md#consumer-group-timeout-range)",
        },
      },
    },
    UpdateConsumerGroup: {
      inputs: {
        "body.timeout": {
          draw: fc.integer({ min: 10, max: 600 }),
          note: "no documented range (docs/unconfirmed-behaviour.md#consumer-group-timeout-range)",
        },
      },
    },
    ConsumerGroupHeartBeat: {
      inputs: {
        "query.consumer": bind(
          "consumer",
          "registered first with an empty heartbeat: a new consumer with a non-empty body gets 400 NotExistConsumerWithBody (docs/alibaba/sls-consumer-groups.md#unknown-consumers)",
        ),
      },
    },
    ConsumerGroupUpdateCheckPoint: {
      inputs: {
        "query.consumer": bind(
          "consumer",
          "a consumer registered in the group (docs/alibaba/sls-consumer-groups.md#operations)",
        ),
        "query.forceSuccess": {
          draw: fc.constant("true"),
          note: "without force the consumer must hold the shard (docs/alibaba/sls-consumer-groups.md#checkpoints); the SDKs default to true",
        },
        "body.shard": {
          draw: shardBinding,
          note: "an existing shard (ShardNotExist otherwise, docs/alibaba/sls-consumer-groups.md#operation-errors)",
        },
        "body.checkpoint": {
          draw: fc.base64String({ minLength: 4, maxLength: 40 }).filter((s) => s.length > 0),
          note: "a base64 cursor (InvalidShardCheckPoint otherwise, docs/alibaba/sls-consumer-groups.md#operation-errors)",
        },
      },
    },
    GetCheckPoint: {
      inputs: { "query.shard": { draw: shardBinding, note: "an existing shard of the logstore" } },
    },
  },
};

/** ApsaraVideo Live (docs/alibaba/live-event-subscriptions.md#error-codes): the AppId must be one the account owns. */
export const LIVE_FIXTURES: ProductFixtures = {
  defaults: {
    inputs: {
      "query.AppId": bind("appId", "the target's AppId (SPECGATE_LIVE_APP_ID), owned by the account"),
      "query.SubscribeId": {
        omit: true,
        note: "optional; an unknown subscription ID filters every record out, so valid cases leave it out and their answers carry records to validate",
      },
    },
    unknown: [
      {
        key: "query.AppId",
        resource: "unknownAppId",
        codes: ["ResourceNotExist"],
        note: "page error table: 404 ResourceNotExist",
      },
    ],
  },
  operations: {
    ListEventSubEvent: {
      inputs: {
        "query.PageNo": {
          draw: fc.integer({ min: 1, max: 5 }),
          note: "the answer beyond the last page is unconfirmed (docs/unconfirmed-behaviour.md#listeventsubevent-paging-details): valid cases stay on the first pages",
        },
      },
    },
  },
};

/** The table of a product id (`sls`, `live`); products without one get an empty table. */
export function fixturesForProduct(product: string): ProductFixtures {
  if (product === "sls") return SLS_FIXTURES;
  if (product === "live") return LIVE_FIXTURES;
  return { defaults: { inputs: {}, unknown: [] }, operations: {} };
}

/** The merged fixture of one operation: its own rules over the product defaults. */
export function fixtureForOperation(table: ProductFixtures, operationId: string): OperationFixture {
  const own = table.operations[operationId] ?? {};
  return {
    inputs: { ...table.defaults.inputs, ...(own.inputs ?? {}) },
    unknown: own.unknown ?? table.defaults.unknown,
  };
}

/** The table as text lines (`<op> <key>: <note>`), for `--help` and reviewers. */
export function describeOperationFixtures(table: ProductFixtures): string[] {
  const lines: string[] = [];
  for (const [k, r] of Object.entries(table.defaults.inputs)) lines.push(`* ${k}: ${r.note}`);
  for (const [op, f] of Object.entries(table.operations))
    for (const [k, r] of Object.entries(f.inputs ?? {})) lines.push(`${op} ${k}: ${r.note}`);
  return lines;
}
