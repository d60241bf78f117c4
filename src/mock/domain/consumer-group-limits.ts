/**
 * Bounds on the state one logstore's consumer groups keep (docs/mock-limits.md#sls-consumer-groups). The service
 * documents 30 groups per logstore (`ConsumerGroupRules.maxGroups`) and no other figure the mock could copy, so
 * these are the mock's own, each far above what an SDK sends, and each answered with a documented code
 * (docs/alibaba/sls-errors.md, docs/alibaba/sls-consumer-groups.md#operation-errors):
 * - a group name longer than `maxNameLength`: 400 `JsonInfoInvalid` on create ("ConsumerGroup ... is of error
 *   format"); a consumer name longer than that: 400 `ParameterInvalid`;
 * - a checkpoint longer than `maxCheckpointLength`: 400 `InvalidShardCheckPoint` (SLS cursors are base64 of a
 *   64-bit position, under 30 characters);
 * - a new consumer past `maxConsumersPerGroup`: 400 `ParameterInvalid` (a group has at most as many busy consumers
 *   as the logstore has shards, 256 at most here; 30 full groups of one logstore, with
 *   128-character names, 256 shards and 1 KB checkpoints, took 103 MB of heap).
 * A consumer is kept until `timeout` seconds after its last heartbeat, so retention is bounded by the group's
 * timeout (`unconfirmed.maxTimeoutSec`, a day by default) and its count by `maxConsumersPerGroup`.
 */

/** Bounds on one logstore's consumer-group state. */
export interface ConsumerGroupLimits {
  /** Longest group or consumer name, characters. */
  maxNameLength: number;
  /** Longest checkpoint, characters. */
  maxCheckpointLength: number;
  /** Most live consumers in one group. */
  maxConsumersPerGroup: number;
}

/** The mock's bounds; see the module comment. */
export const CONSUMER_GROUP_LIMITS: Readonly<ConsumerGroupLimits> = Object.freeze({
  maxNameLength: 128,
  maxCheckpointLength: 1024,
  maxConsumersPerGroup: 10_000,
});
