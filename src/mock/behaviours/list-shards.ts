/**
 * SLS ListShards from the logstore's own state, so it agrees with heartbeat assignment: the shard IDs the consumer
 * groups hand out (0…n−1), each `readwrite`, splitting the MD5 key space [00…0, ff…f] evenly in ascending order as a
 * freshly created logstore does, created when the mock's resources were (its start or last reset).
 * Fields as the ListShards page documents them (https://www.alibabacloud.com/help/en/log-service/latest/listshards).
 */
import type { Answer } from "../dialects/wire-dialect.ts";
import type { ConsumerGroupCoordinator } from "../domain/consumer-group-coordinator.ts";
import type { MockState } from "../mock-state.ts";
import type { Behaviour } from "./behaviour.ts";
import { onLogstore } from "./on-logstore.ts";

export const listShards: Behaviour = {
  product: "sls",
  operation: "ListShards",
  answer: (call, state) => onLogstore(call, state, (coordinator) => describeShards(coordinator, state)),
};

/** One shard as ListShards documents it. */
export interface ShardDescription {
  shardID: number;
  status: "readwrite";
  inclusiveBeginKey: string;
  exclusiveEndKey: string;
  createTime: number;
}

const KEY_SPACE = 1n << 128n;

function describeShards(coordinator: ConsumerGroupCoordinator, state: MockState): Answer {
  const n = BigInt(coordinator.shardCount);
  const createTime = Math.floor(state.resetAtWallMs / 1000);
  const shards: ShardDescription[] = [];
  for (let i = 0n; i < n; i++) {
    shards.push({
      shardID: Number(i),
      status: "readwrite",
      inclusiveBeginKey: hashKey((KEY_SPACE * i) / n),
      // The last range ends at the top of the key space, written ff…f.
      exclusiveEndKey: i === n - 1n ? "f".repeat(32) : hashKey((KEY_SPACE * (i + 1n)) / n),
      createTime,
    });
  }
  return { ok: true, value: shards };
}

function hashKey(value: bigint): string {
  return value.toString(16).padStart(32, "0");
}
