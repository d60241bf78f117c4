/**
 * Runs a consumer-group action on the logstore the request addresses (found by the SLS resource check), then
 * re-arms the eviction timer: any group change or heartbeat can move a deadline.
 */

import type { Answer } from "../dialects/wire-dialect.ts";
import type { ConsumerGroupCoordinator } from "../domain/consumer-group-coordinator.ts";
import type { DomainError } from "../domain/domain-error.ts";
import { failWith } from "../domain/domain-error.ts";
import type { MockState } from "../mock-state.ts";
import type { Call } from "../pipeline/call.ts";
import { NO_BODY } from "./behaviour.ts";

/** `action` over the call's logstore coordinator and `{consumerGroup}` path parameter. */
export function onLogstore(
  call: Call,
  state: MockState,
  action: (coordinator: ConsumerGroupCoordinator, group: string, call: Call) => Answer,
): Answer {
  const coordinator = call.scope.logstore;
  if (coordinator === undefined) return failWith(404, "LogStoreNotExist", "the operation names no logstore");
  const answer = action(coordinator, call.pathParams.consumerGroup ?? "", call);
  if (answer.ok) state.rearmDeadlines();
  return answer;
}

/** A coordinator outcome without a value as an answer without a body. */
export function noBody(outcome: { ok: true } | { ok: false; error: DomainError }): Answer {
  return outcome.ok ? NO_BODY : outcome;
}

/** The request body as an object (validated against the spec before a behaviour runs). */
export function bodyFields(call: Call): Record<string, unknown> {
  return (call.body ?? {}) as Record<string, unknown>;
}
