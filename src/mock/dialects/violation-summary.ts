/**
 * A failed validation as one error message: the first few violations, then how many more (docs/mock-limits.md
 * "Error answers"): a body with thousands of wrong values gets a short answer naming the first ones.
 */
import type { Violation } from "../../openapi/violation.ts";

/** Violations spelled out in a message; the rest are counted. */
export const MAX_LISTED_VIOLATIONS = 10;

/** `a; b; c` for up to MAX_LISTED_VIOLATIONS violations, then `; … and N more`. */
export function summarizeViolations(violations: readonly Violation[]): string {
  const listed = violations.slice(0, MAX_LISTED_VIOLATIONS).map((v) => v.message);
  const more = violations.length - listed.length;
  return more > 0 ? `${listed.join("; ")}; … and ${more} more` : listed.join("; ");
}
