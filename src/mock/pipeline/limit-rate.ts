/**
 * The rate-limit stage: the operation's documented limit (`x-qps-limit` over its `x-qps-limit-window`), per account
 * (the caller's AccessKeyId), as a sliding window (src/mock/domain/rate-limiter.ts). Over the limit the request is
 * answered as the config's `throttling` says (docs/unconfirmed-behaviour.md: the wire form is undocumented), or its
 * connection dropped.
 */
import type { MockState } from "../mock-state.ts";
import type { WireResponse } from "../wire.ts";
import type { Call } from "./call.ts";

export function limitRate(call: Call, state: MockState): WireResponse | undefined {
  const limiter = state.limiters.get(call.operation);
  if (limiter === undefined) return undefined;
  const admitted = limiter.tryAdmit(call.accessKeyId);
  if (admitted.admitted) return undefined;
  const throttling = state.config.throttling;
  if (throttling.dropConnection) return { status: throttling.status, headers: {}, body: "", drop: true };
  return call.product.dialect.throttled(admitted.retryAfterMs);
}
