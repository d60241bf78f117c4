/**
 * SLS ConsumerGroupHeartBeat: the consumer reports the shards it holds and gets the shards it should hold
 * (assignment, hand-off and eviction: src/mock/domain/consumer-group-coordinator.ts).
 */

import type { Answer } from "../dialects/wire-dialect.ts";
import type { ConsumerGroupCoordinator } from "../domain/consumer-group-coordinator.ts";
import type { Call } from "../pipeline/call.ts";
import type { Behaviour } from "./behaviour.ts";
import { onLogstore } from "./on-logstore.ts";

export const consumerGroupHeartBeat: Behaviour = {
  product: "sls",
  operation: "ConsumerGroupHeartBeat",
  answer: (call, state) => onLogstore(call, state, heartbeat),
  // Objects instead of the documented bare array of shard IDs; an empty answer becomes an object.
  drift: (body) => {
    const shards = body as number[];
    return shards.length === 0 ? { shards: [] } : shards.map((shard) => ({ shard }));
  },
};

// A module-level function, not a closure per request (the hot path of the heartbeat scenario).
function heartbeat(coordinator: ConsumerGroupCoordinator, group: string, call: Call): Answer {
  const outcome = coordinator.heartbeat(group, call.valid.consumer as string, (call.body ?? []) as number[]);
  return outcome.ok ? { ok: true, value: outcome.shards } : outcome;
}
