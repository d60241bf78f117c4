/**
 * A behaviour: what the mock answers for one operation of one product when the documented example is not enough
 * (state: consumer groups, checkpoints, callback records, shards). It runs after every gateway stage passed
 * (signature, resources, rate limit, validation), so it receives the caller and parameters already coerced to
 * their documented types, and answers a body or a domain error; the product's dialect writes the wire form.
 * One module per operation, registered in behaviours/index.ts.
 */
import type { Answer } from "../dialects/wire-dialect.ts";
import type { MockState } from "../mock-state.ts";
import type { Call } from "../pipeline/call.ts";

export interface Behaviour {
  /** Product id (`x-product.id`), e.g. `sls`. */
  readonly product: string;
  /** operationId, e.g. `ListShards`. */
  readonly operation: string;
  answer(call: Call, state: MockState): Answer;
  /**
   * Under the `contract-drift` fault: this answer's body (`value`, RPC with its `RequestId`) drifted from its
   * documented schema, whatever the data; without one the generic drift applies (contract-drift.ts).
   */
  drift?(body: unknown): unknown;
}

/** The success answer without a body (the dialect writes `{}` or an empty body, as the spec documents). */
export const NO_BODY: Answer = Object.freeze({ ok: true });
