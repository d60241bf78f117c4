/**
 * Which documented error a negative case must get. The candidates per category come from each product's
 * error conventions (SLS: docs/alibaba/sls-errors.md#request-checks-legacy-list,
 * docs/alibaba/sls-errors.md#common-codes, docs/alibaba/sls-consumer-groups.md#operation-errors; POP/RPC gateway:
 * docs/alibaba/pop-errors.md#gateway-codes, plus the page's own table); they are then narrowed to the codes the
 * operation documents (`x-error-codes` and the overlay responses, i.e. `CompiledOperation.errorCodes`) and take their
 * statuses from there, so a code the spec does not document for the operation is never expected. When no candidate is
 * documented, any documented 4xx code of the operation is accepted (the spec still says "a 4xx with a body that
 * validates").
 */
import type { CompiledOperation } from "../openapi/compiled-spec.ts";
import type { NegativeCategory, NegativeExpectation } from "./case-model.ts";

type ErrorBodyKind = "sls" | "rpc";

/** Candidate codes per category and error-body kind; `{name}` is replaced by the parameter name. */
const CANDIDATES: Record<ErrorBodyKind, Record<Exclude<NegativeCategory, "unknown-resource">, string[]>> = {
  // SLS (docs/alibaba/sls-errors.md#common-codes): request checks answer 400 ParameterInvalid; bodies PostBodyInvalid /
  // JsonInfoInvalid (docs/alibaba/sls-consumer-groups.md#operation-errors).
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
  // POP gateway (docs/alibaba/pop-errors.md#gateway-codes) and the page's InputInvalid
  // (docs/alibaba/live-event-subscriptions.md#time-window; time-window errors unconfirmed,
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

/** The candidate codes of a category before narrowing (for tests and docs). */
export function candidateCodes(kind: ErrorBodyKind, category: NegativeCategory, parameter?: string): string[] {
  if (category === "unknown-resource") return [];
  return CANDIDATES[kind][category].map((c) => c.replace("{name}", parameter ?? ""));
}

/**
 * The expectation of a negative case of `op`: the documented (status, code) pairs among `candidates`
 * (default: the product's candidates for `category`), else every documented 4xx code.
 */
export function expectNegative(
  op: CompiledOperation,
  errorBody: ErrorBodyKind,
  category: NegativeCategory,
  options: { parameter?: string; candidates?: string[] } = {},
): NegativeExpectation {
  const candidates = options.candidates ?? candidateCodes(errorBody, category, options.parameter);
  const documented = op.errorCodes.filter((e) => e.status >= 400 && e.status < 500 && candidates.includes(e.code));
  if (documented.length > 0) {
    const unconfirmed = documented.some((e) => e.unconfirmed === true);
    return {
      category,
      statuses: unique(documented.map((e) => e.status)),
      codes: unique(documented.map((e) => e.code)),
      source: `documented for ${op.id}: ${documented.map((e) => `${e.status} ${e.code}`).join(", ")}${unconfirmed ? " (partly unconfirmed, docs/unconfirmed-behaviour.md)" : ""}`,
    };
  }
  const any4xx = op.errorCodes.filter((e) => e.status >= 400 && e.status < 500);
  return {
    category,
    statuses: unique(any4xx.length > 0 ? any4xx.map((e) => e.status) : [400]),
    codes: unique(any4xx.map((e) => e.code)),
    source: `none of ${candidates.join(", ")} is documented for ${op.id}; any documented 4xx accepted`,
  };
}

function unique<T>(list: T[]): T[] {
  return [...new Set(list)].sort() as T[];
}
