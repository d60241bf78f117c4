/**
 * Which documented error a negative case must get. The candidates per category come from each product's
 * error conventions (SLS: docs/alibaba/sls-errors.md#request-checks-legacy-list,
 * docs/alibaba/sls-errors.md#common-codes, docs/alibaba/sls-consumer-groups.md#operation-errors; POP/RPC gateway:
 * docs/alibaba/pop-errors.md#gateway-codes, plus the page's own table);
 * they are then narrowed to the codes the operation documents (`x-error-codes` and the overlay responses,
 * i.e. `CompiledOperation.errorCodes`) and take their statuses from there, so a code the spec does not
 * document for the operation is never expected. When no candidate is documented, the errors the product's gateway
 * answers for every operation (a wrong signature, an expired request time, an unknown resource — documented on the
 * product's common error-code page rather than on each operation's: docs/alibaba/sls-errors.md,
 * docs/alibaba/pop-errors.md) are expected with their documented statuses; for the other categories any documented
 * 4xx code of the operation is accepted (the spec still says "a 4xx with a body that validates").
 */
import type { CompiledOperation } from "../openapi/compiled-spec.ts";
import { type ErrorBodyKind, mistakeCandidates } from "../products/request-error-codes.ts";
import type { NegativeCategory, NegativeExpectation } from "./case-model.ts";

/** A documented error: its status and code. */
export interface DocumentedError {
  status: number;
  code: string;
}

/**
 * Errors the gateway answers for any operation of the product, whatever the page lists. POP's
 * SignatureDoesNotMatch is 400 on the gateway's page and 403 in some product tables (unconfirmed), so both.
 */
const COMMON_ERRORS: Record<ErrorBodyKind, Partial<Record<NegativeCategory, readonly DocumentedError[]>>> = {
  sls: {
    "bad-signature": [{ status: 401, code: "SignatureNotMatch" }],
    "expired-timestamp": [{ status: 400, code: "RequestTimeExpired" }],
  },
  rpc: {
    "bad-signature": [
      { status: 400, code: "SignatureDoesNotMatch" },
      { status: 403, code: "SignatureDoesNotMatch" },
    ],
    "expired-timestamp": [{ status: 400, code: "InvalidTimeStamp.Expired" }],
  },
};

/** The candidate codes of a category before narrowing (for tests and docs). */
export function candidateCodes(kind: ErrorBodyKind, category: NegativeCategory, parameter?: string): string[] {
  return category === "unknown-resource" ? [] : mistakeCandidates(kind, category, parameter);
}

/** Options of `expectNegative`. */
export interface ExpectOptions {
  /** The parameter the case breaks (for `Missing{name}`). */
  parameter?: string;
  /** Codes to narrow to instead of the category's candidates. */
  candidates?: string[];
  /** Errors expected when the operation documents none of the candidates; default the gateway's common errors. */
  common?: readonly DocumentedError[];
}

function expectation(
  category: NegativeCategory,
  errors: readonly DocumentedError[],
  source: string,
): NegativeExpectation {
  return {
    category,
    statuses: unique(errors.map((e) => e.status)),
    codes: unique(errors.map((e) => e.code)),
    source,
  };
}

/**
 * The expectation of a negative case of `op`: the documented (status, code) pairs among `candidates`
 * (default: the product's candidates for `category`), else the product's common errors for the category, else
 * every documented 4xx.
 */
export function expectNegative(
  op: CompiledOperation,
  errorBody: ErrorBodyKind,
  category: NegativeCategory,
  options: ExpectOptions = {},
): NegativeExpectation {
  const candidates = options.candidates ?? candidateCodes(errorBody, category, options.parameter);
  const documented = op.errorCodes.filter((e) => e.status >= 400 && e.status < 500 && candidates.includes(e.code));
  if (documented.length > 0) {
    const unconfirmed = documented.some((e) => e.unconfirmed === true) ? " (partly unconfirmed)" : "";
    const listed = documented.map((e) => `${e.status} ${e.code}`).join(", ");
    return expectation(category, documented, `documented for ${op.id}: ${listed}${unconfirmed}`);
  }
  const common = options.common ?? COMMON_ERRORS[errorBody][category] ?? [];
  if (common.length > 0) {
    const listed = common.map((e) => `${e.status} ${e.code}`).join(", ");
    return expectation(category, common, `not listed for ${op.id}; the product's common errors: ${listed}`);
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
