/**
 * The validation stage, against the compiled spec: the body decoded (now that the caller is known), then every
 * parameter and the body checked and coerced to its documented type, integers beyond 2^53 refused (never computed
 * rounded), then the operation's `x-time-window` rules. Failures are answered with the dialect's documented codes.
 */

import { countJsonValues, MAX_BODY_VALUES } from "../../openapi/json-size.ts";
import { checkTimeWindow } from "../domain/check-time-window.ts";
import { timeWindowOptionsOf } from "../mock-config.ts";
import type { MockState } from "../mock-state.ts";
import { findUnsafeInteger, type WireResponse } from "../wire.ts";
import type { Call } from "./call.ts";

/** The validation stage over `state` (its time-window options read once). */
export function createValidateRequest(state: MockState): (call: Call) => WireResponse | undefined {
  const windowOptions = timeWindowOptionsOf(state.config);
  return (call) => {
    const { operation, request } = call;
    const dialect = call.product.dialect;
    const decoded = dialect.decodeBody(operation, request);
    if (!decoded.ok) return decoded.response;
    call.body = decoded.body;
    if (countJsonValues(call.body) > MAX_BODY_VALUES)
      return dialect.badRequest(`The request body holds more than ${MAX_BODY_VALUES} JSON values; send a smaller one.`);
    const checked = operation.validateRequest({
      path: call.pathParams,
      query: call.params,
      headers: request.headers,
      body: call.body,
    });
    if (!checked.ok) return dialect.invalidRequest(operation, checked.violations);
    const unsafe = findUnsafeInteger(checked.params);
    if (unsafe !== undefined) return dialect.unsafeInteger(unsafe, String(firstValue(call.params[unsafe]) ?? ""));
    if (operation.timeWindow !== undefined) {
      const problem = checkTimeWindow(operation.timeWindow, checked.params, state.clock.wallMs(), windowOptions);
      if (problem !== undefined) return dialect.domainError(problem);
    }
    call.valid = checked.params;
    return undefined;
  };
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
