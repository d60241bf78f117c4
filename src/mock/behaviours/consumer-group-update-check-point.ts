/** SLS ConsumerGroupUpdateCheckPoint: stores a shard's checkpoint (docs/alibaba/sls-consumer-groups.md). */
import type { Behaviour } from "./behaviour.ts";
import { bodyFields, noBody, onLogstore } from "./on-logstore.ts";

export const consumerGroupUpdateCheckPoint: Behaviour = {
  product: "sls",
  operation: "ConsumerGroupUpdateCheckPoint",
  answer: (call, state) =>
    onLogstore(call, state, (coordinator, group) => {
      const b = bodyFields(call);
      return noBody(
        coordinator.updateCheckpoint(
          group,
          call.valid.consumer as string | undefined,
          b.shard as number,
          b.checkpoint as string,
          call.valid.forceSuccess === true,
        ),
      );
    }),
};
