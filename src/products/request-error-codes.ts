/**
 * Which error code answers a request mistake (a missing parameter, a wrong type, a value out of range, …) of an
 * operation, by the product's error conventions (SLS: docs/alibaba/sls-errors.md#common-codes,
 * docs/alibaba/sls-consumer-groups.md#operation-errors; the POP gateway: docs/alibaba/pop-errors.md#gateway-codes,
 * plus the page's own table, e.g. InputInvalid in docs/alibaba/live-event-subscriptions.md#error-codes).
 *
 * One table for both sides of a contract: the contract cases expect the candidates the operation documents
 * (src/contract-cases/negative-expectations.ts), and the mock answers the first of them it documents
 * (src/mock/dialects/), so a page that lists only `InputInvalid` gets `InputInvalid` from the mock and from the
 * cases alike, with no per-operation overlay.
 */
import type { XErrorCode, XProduct } from "../openapi/extensions.ts";

/** The error-body kinds of ProductDefinition.errorBody (the spec's `x-product.errorBody`). */
export type ErrorBodyKind = XProduct["errorBody"];

/** A mistake in a request that a product's conventions map to codes (the negative categories but unknown-resource). */
export type RequestMistake =
  | "missing-required"
  | "wrong-type"
  | "below-minimum"
  | "above-maximum"
  | "time-window-span"
  | "time-window-age"
  | "time-window-order"
  | "bad-signature"
  | "expired-timestamp";

/** Candidate codes per mistake and error-body kind, preferred first; `{name}` is the parameter's name. */
const CANDIDATES: Record<ErrorBodyKind, Record<RequestMistake, readonly string[]>> = {
  // SLS: request checks answer 400 ParameterInvalid; bodies PostBodyInvalid / JsonInfoInvalid.
  sls: {
    "missing-required": ["ParameterInvalid", "PostBodyInvalid", "JsonInfoInvalid"],
    "wrong-type": ["ParameterInvalid", "PostBodyInvalid", "JsonInfoInvalid"],
    "below-minimum": ["ParameterInvalid", "PostBodyInvalid", "JsonInfoInvalid"],
    "above-maximum": ["ParameterInvalid", "PostBodyInvalid", "JsonInfoInvalid"],
    "time-window-span": ["ParameterInvalid"],
    "time-window-age": ["ParameterInvalid"],
    "time-window-order": ["ParameterInvalid"],
    "bad-signature": ["SignatureNotMatch"],
    "expired-timestamp": ["RequestTimeExpired"],
  },
  // POP gateway and the pages' InputInvalid (time-window errors unconfirmed,
  // docs/unconfirmed-behaviour.md#listeventsubevent-time-window-errors).
  rpc: {
    "missing-required": ["MissingParameter", "Missing{name}", "InputInvalid"],
    "wrong-type": ["InputInvalid", "InvalidParameter"],
    "below-minimum": ["InputInvalid", "InvalidParameter"],
    "above-maximum": ["InputInvalid", "InvalidParameter"],
    "time-window-span": ["InputInvalid"],
    "time-window-age": ["InputInvalid"],
    "time-window-order": ["InputInvalid"],
    "bad-signature": ["SignatureDoesNotMatch"],
    "expired-timestamp": ["InvalidTimeStamp.Expired"],
  },
};

/** The candidate codes of `mistake`, preferred first, with `{name}` replaced by `parameter`. */
export function mistakeCandidates(kind: ErrorBodyKind, mistake: RequestMistake, parameter?: string): string[] {
  return CANDIDATES[kind][mistake].map((c) => c.replace("{name}", parameter ?? ""));
}

/**
 * The documented 4xx error that answers `mistake`: the first candidate (in the product's order) among
 * `documented`, with its documented status; `undefined` when the operation documents none of them.
 */
export function documentedMistakeError(
  documented: readonly XErrorCode[],
  kind: ErrorBodyKind,
  mistake: RequestMistake,
  parameter?: string,
): XErrorCode | undefined {
  const client = documented.filter((e) => e.status >= 400 && e.status < 500);
  for (const code of mistakeCandidates(kind, mistake, parameter)) {
    const found = client.find((e) => e.code === code);
    if (found !== undefined) return found;
  }
  return undefined;
}
