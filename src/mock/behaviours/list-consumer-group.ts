/** SLS ListConsumerGroup: the logstore's groups (docs/alibaba/sls-consumer-groups.md). */
import type { Behaviour } from "./behaviour.ts";
import { onLogstore } from "./on-logstore.ts";

export const listConsumerGroup: Behaviour = {
  product: "sls",
  operation: "ListConsumerGroup",
  answer: (call, state) => onLogstore(call, state, (coordinator) => ({ ok: true, value: coordinator.listGroups() })),
};
