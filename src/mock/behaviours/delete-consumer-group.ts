/** SLS DeleteConsumerGroup (docs/alibaba/sls-consumer-groups.md). */
import type { Behaviour } from "./behaviour.ts";
import { noBody, onLogstore } from "./on-logstore.ts";

export const deleteConsumerGroup: Behaviour = {
  product: "sls",
  operation: "DeleteConsumerGroup",
  answer: (call, state) => onLogstore(call, state, (coordinator, group) => noBody(coordinator.deleteGroup(group))),
};
