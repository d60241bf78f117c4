/** SLS UpdateConsumerGroup: changes the order flag and/or the timeout (docs/alibaba/sls-consumer-groups.md). */
import type { Behaviour } from "./behaviour.ts";
import { bodyFields, noBody, onLogstore } from "./on-logstore.ts";

export const updateConsumerGroup: Behaviour = {
  product: "sls",
  operation: "UpdateConsumerGroup",
  answer: (call, state) =>
    onLogstore(call, state, (coordinator, group) => {
      const b = bodyFields(call);
      const changes: { order?: boolean; timeoutSec?: number } = {};
      if (typeof b.order === "boolean") changes.order = b.order;
      if (typeof b.timeout === "number") changes.timeoutSec = b.timeout;
      return noBody(coordinator.updateGroup(group, changes));
    }),
};
