/**
 * How contract tests hand their results to the contract reporter. One Playwright test runs a group of
 * cases (an operation's positive or negative cases, or one stateful flow) — Playwright restarts its worker
 * after every failed test, so one test per case would make a drifting target cost a process start per
 * case. Each case still gets its own record, step and outcome.
 * - annotation `CASES_ANNOTATION`: JSON array of the group's case identities (present even when the test
 *   crashes, so every case gets an outcome);
 * - attachment `CASES_ATTACHMENT`: JSON array of the `CaseRecord`s of the cases that ran.
 */

/** Test annotation type; its description is a JSON array of `{caseId, title, operationId, product, kind}`. */
export const CASES_ANNOTATION = "specgate-cases";

/** Attachment name; its body is a JSON array of `CaseRecord`. */
export const CASES_ATTACHMENT = "specgate-case-records";

/** What the annotation says about each case of a group. */
export interface CaseIdentity {
  caseId: string;
  title: string;
  operationId: string;
  product: string;
  kind: "positive" | "negative" | "stateful";
}
