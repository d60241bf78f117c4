/** SLS ListConsumerGroup: the logstore's groups (docs/alibaba/sls-consumer-groups.md). */
import type { Behaviour } from "./behaviour.ts";
import { onLogstore } from "./on-logstore.ts";

export const listConsumerGroup: Behaviour = {
  product: "sls",
  operation: "ListConsumerGroup",
  answer: (call, state) => onLogstore(call, state, (coordinator) => ({ ok: true, value: coordinator.listGroups() })),
  // `timeout` as a string; an empty list becomes the legacy `{count, consumerGroups}` wrapper (a conflict,
  // docs/alibaba/sls-consumer-groups.md#operations).
  drift: (body) => {
    const groups = body as Record<string, unknown>[];
    return groups.length === 0
      ? { count: 0, consumerGroups: [] }
      : groups.map((g) => ({ ...g, timeout: String(g.timeout) }));
  },
};
