/** SLS CreateConsumerGroup: a new group with its timeout and order flag (docs/alibaba/sls-consumer-groups.md). */
import type { Behaviour } from "./behaviour.ts";
import { bodyFields, noBody, onLogstore } from "./on-logstore.ts";

export const createConsumerGroup: Behaviour = {
  product: "sls",
  operation: "CreateConsumerGroup",
  answer: (call, state) =>
    onLogstore(call, state, (coordinator) => {
      const b = bodyFields(call);
      return noBody(
        coordinator.createGroup(b.consumerGroup as string, b.timeout as number, b.order as boolean | undefined),
      );
    }),
};
