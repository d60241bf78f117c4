/**
 * The checks of one contract case: the answer's status, error code and body against the spec, as
 * violations (docs/design.md#errors-are-data). Positive cases need a documented 2xx whose body validates
 * (`validateResponse` for that status); negative cases need one of the expected 4xx statuses and error
 * codes — never a 5xx — with a body that validates against the documented error schema.
 */
import type { CompiledOperation } from "../openapi/compiled-spec.ts";
import { isJsonObject } from "../openapi/is-json-object.ts";
import { createViolation, renderActual, type Violation } from "../openapi/violation.ts";
import type { ErrorBodyKind } from "../products/request-error-codes.ts";
import type { CaseSpec, NegativeExpectation } from "./case-model.ts";

/** The part of a client exchange the checks read. */
export interface ExchangeView {
  status: number;
  /** Lowercase header names. */
  headers: Readonly<Record<string, string>>;
  /** Parsed JSON, or the text when not JSON ("" when empty). */
  body: unknown;
  rawBody: string;
}

/**
 * The body to validate: an empty body is read as `{}`. The SLS pages show `{}` for answers that are empty
 * on the wire (docs/alibaba/sls-consumer-groups.md#operations, CreateConsumerGroup: "200 with empty body (the current
 * doc shows `{}`)"), so an empty body passes an object schema without required properties and fails anything else (an
 * array, an error body with required `errorCode`).
 */
function bodyForValidation(exchange: ExchangeView): unknown {
  return exchange.rawBody.trim() === "" ? {} : exchange.body;
}

/**
 * The field of an error body that holds its code: `errorCode` (SLS, docs/alibaba/sls-errors.md#error-body) or
 * `Code` (RPC, docs/alibaba/pop-errors.md#error-body).
 */
const ERROR_CODE_FIELD: Readonly<Record<ErrorBodyKind, string>> = { sls: "errorCode", rpc: "Code" };

/** The error code of an error body of kind `errorBody`. */
export function readErrorCode(body: unknown, errorBody: ErrorBodyKind): string | undefined {
  if (!isJsonObject(body)) return undefined;
  const v = body[ERROR_CODE_FIELD[errorBody]];
  return typeof v === "string" ? v : undefined;
}

/** An answer as "status errorCode" ("status" alone when its body names no error code), for `actual` and setup errors. */
export function describeAnswer(exchange: Pick<ExchangeView, "status" | "body">, errorBody: ErrorBodyKind): string {
  const code = readErrorCode(exchange.body, errorBody);
  return code === undefined ? String(exchange.status) : `${exchange.status} ${code}`;
}

/** The answer's body against the documented response of its status (an empty body read as `{}`, no content type). */
export function validateAnswerBody(op: CompiledOperation, exchange: ExchangeView): Violation[] {
  const contentType = exchange.rawBody.trim() === "" ? undefined : exchange.headers["content-type"];
  return op.validateResponse(exchange.status, bodyForValidation(exchange), contentType);
}

/** Violations of a positive case's answer (empty = passed). */
export function checkPositive(op: CompiledOperation, errorBody: ErrorBodyKind, exchange: ExchangeView): Violation[] {
  const documented2xx = op.documentedStatuses.filter((s) => s >= 200 && s < 300);
  if (!documented2xx.includes(exchange.status)) {
    const expected = documented2xx.length > 0 ? documented2xx.join(" or ") : "a 2xx";
    return [
      createViolation(op.id, "response.status", "", expected, renderActual(describeAnswer(exchange, errorBody))),
      ...validateAnswerBody(op, exchange),
    ];
  }
  return validateAnswerBody(op, exchange);
}

/** Violations of a negative case's answer (empty = passed). */
export function checkNegative(
  op: CompiledOperation,
  errorBody: ErrorBodyKind,
  expect: NegativeExpectation,
  exchange: ExchangeView,
): Violation[] {
  const out: Violation[] = [];
  const answer = renderActual(describeAnswer(exchange, errorBody));
  if (!expect.statuses.includes(exchange.status)) {
    const what = exchange.status >= 500 ? " (a 5xx is never acceptable for a client error)" : "";
    out.push(
      createViolation(
        op.id,
        "response.status",
        "",
        `${expect.statuses.join(" or ")} (${expect.source})${what}`,
        answer,
      ),
    );
  }
  const code = readErrorCode(exchange.body, errorBody);
  if (expect.codes.length > 0 && (code === undefined || !expect.codes.includes(code)))
    out.push(
      createViolation(
        op.id,
        "response.error-code",
        `/${ERROR_CODE_FIELD[errorBody]}`,
        `one of ${expect.codes.join(", ")} (${expect.category})`,
        renderActual(code ?? "(none)"),
      ),
    );
  out.push(...validateAnswerBody(op, exchange));
  return out;
}

/** Violations of a case's answer, positive or negative. */
export function checkCase(
  op: CompiledOperation,
  errorBody: ErrorBodyKind,
  spec: CaseSpec,
  exchange: ExchangeView,
): Violation[] {
  return spec.kind === "negative" && spec.expect !== undefined
    ? checkNegative(op, errorBody, spec.expect, exchange)
    : checkPositive(op, errorBody, exchange);
}

/** Violations as the lines of a failure message: "Received … / Documented …" with operation, check and pointer. */
export function formatViolations(violations: readonly Violation[]): string {
  return violations
    .map(
      (v) =>
        `  ✗ ${v.operationId} ${v.check} at ${v.jsonPointer === "" ? "(root)" : v.jsonPointer}${v.parameter === undefined ? "" : ` [${v.parameter}]`}\n` +
        `      Received ${v.actual}\n      Documented ${v.expected}`,
    )
    .join("\n");
}
