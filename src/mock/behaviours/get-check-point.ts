/** SLS GetCheckPoint: the group's checkpoints, of one shard or all (docs/alibaba/sls-consumer-groups.md). */
import type { Behaviour } from "./behaviour.ts";
import { onLogstore } from "./on-logstore.ts";

export const getCheckPoint: Behaviour = {
  product: "sls",
  operation: "GetCheckPoint",
  answer: (call, state) =>
    onLogstore(call, state, (coordinator, group) => {
      const outcome = coordinator.getCheckpoints(group, call.valid.shard as number | undefined);
      return outcome.ok ? { ok: true, value: outcome.checkpoints } : outcome;
    }),
  // `shard` as a string; an empty list becomes an object.
  drift: (body) => {
    const entries = body as Record<string, unknown>[];
    return entries.length === 0 ? { checkpoints: [] } : entries.map((e) => ({ ...e, shard: String(e.shard) }));
  },
};
