/**
 * Turns a verification failure into the error a real service returns: SLS codes from docs/alibaba/sls-errors.md
 * (body `{errorCode, errorMessage}`), POP gateway codes from docs/alibaba/pop-errors.md (body `{Code, Message, …}`).
 * Where official sources conflict, the choice is configurable
 * (docs/unconfirmed-behaviour.md#signature-and-access-key-error-statuses) or the current doc wins. Messages never
 * contain a secret, token or signature, and quote client values only cut short (clip-echo.ts): no refusal is larger
 * than a few KB, however large the request (docs/mock-limits.md#error-answers).
 */
import { clipEcho } from "./clip-echo.ts";
import { formatHttpDate } from "./http-date.ts";
import type { VerifyFailure } from "./types.ts";

/** An error as status, code and message. */
export interface ServiceError {
  status: number;
  code: string;
  message: string;
}

/**
 * The SLS error for a failure (docs/alibaba/sls-errors.md#request-checks-legacy-list,
 * docs/alibaba/sls-errors.md#common-codes).
 */
export function mapSlsAuthError(failure: VerifyFailure): ServiceError {
  switch (failure.reason) {
    case "missing-credentials":
      return { status: 400, code: "MissAccessKeyId", message: "AccessKeyId is missing in the Authorization header." };
    case "incomplete-signature":
      // Not documented for SLS; ParameterInvalid is the documented code for a malformed authorization pair
      // (docs/alibaba/sls-errors.md#common-codes).
      return {
        status: 400,
        code: "ParameterInvalid",
        message: `Http extend authorization is invalid: ${clipEcho(failure.detail, MAX_DETAIL_LENGTH)}.`,
      };
    case "missing-date":
      return { status: 400, code: "MissingDate", message: "Date or x-log-date is missing." };
    case "bad-date":
      // Current list: InvalidRequestTime (legacy: InvalidDateFormat), docs/alibaba/sls-errors.md#common-codes.
      return { status: 400, code: "InvalidRequestTime", message: `${failure.detail}; use RFC 822/1123 in GMT.` };
    case "expired":
      // RequestTimeExpired, not the legacy RequestTimeTooSkewed (a conflict,
      // docs/alibaba/sls-requests.md#request-time).
      return {
        status: 400,
        code: "RequestTimeExpired",
        message: `Request time ${clipEcho(failure.requestTimeText ?? "")} has been expired while server time is ${formatHttpDate(
          new Date(failure.serverTimeMs),
        )}.`,
      };
    case "missing-signature-method":
      return { status: 400, code: "MissingSignatureMethod", message: "x-log-signaturemethod is missing." };
    case "bad-signature-method":
      return {
        status: 400,
        code: "InvalidSignatureMethod",
        message: `${clipEcho(failure.detail, MAX_DETAIL_LENGTH)}.`,
      };
    case "missing-parameter":
      return { status: 400, code: "ParameterInvalid", message: `${clipEcho(failure.detail, MAX_DETAIL_LENGTH)}.` };
    case "unknown-access-key":
      return {
        status: 401,
        code: "Unauthorized",
        message: `AccessKeyId not found: ${clipEcho(failure.accessKeyId ?? "")}`,
      };
    case "bad-security-token":
      return { status: 401, code: "Unauthorized", message: "The security token you provided is invalid." };
    case "signature-mismatch":
      // The real message quotes the signature ("Signature <sig> not matched."); specgate never echoes signatures.
      return { status: 401, code: "SignatureNotMatch", message: "Signature <redacted> not matched." };
  }
}

/** Details quote client values already clipped (clip-echo.ts); this bounds the rest of a detail too. */
const MAX_DETAIL_LENGTH = 512;
/** The most of a string-to-sign a debug-mode `SignatureDoesNotMatch` carries, characters. */
export const MAX_STRING_TO_SIGN_ECHO = 4096;
const SIGNATURE_MISMATCH = "Specified signature is not matched with our calculation.";

/**
 * Options of `mapRpcAuthError`: statuses that official sources disagree on
 * (docs/unconfirmed-behaviour.md#signature-and-access-key-error-statuses), and the debug echo.
 */
export interface RpcErrorOptions {
  /** Status of `SignatureDoesNotMatch`: 400 (gateway doc, default) or 403 (some product tables). */
  signatureMismatchStatus?: 400 | 403;
  /** Status of `InvalidAccessKeyId.NotFound`: 400 (gateway doc, default) or 404. */
  accessKeyNotFoundStatus?: 400 | 404;
  /**
   * Debug mode: end `SignatureDoesNotMatch` with " server string to sign is:<sts>" as the gateway does (docs/alibaba/pop-errors.md#gateway-codes),
   * cut at MAX_STRING_TO_SIGN_ECHO characters. Off by default: the string-to-sign of a form POST holds the whole
   * body, percent-encoded twice (a 2 MB body gave a 10 MB answer).
   */
  stringToSignInErrors?: boolean;
}

/** The POP gateway error for a failure (docs/alibaba/pop-errors.md#gateway-codes). */
export function mapRpcAuthError(failure: VerifyFailure, options: RpcErrorOptions = {}): ServiceError {
  const param = failure.parameter ?? "";
  switch (failure.reason) {
    case "missing-credentials":
      return { status: 400, code: "MissingAccessKeyId", message: "AccessKeyId is mandatory for this action." };
    case "incomplete-signature":
      return {
        status: 400,
        code: "IncompleteSignature",
        message: "The request signature does not conform to Aliyun standards.",
      };
    case "missing-date":
      return { status: 400, code: "MissingTimestamp", message: "Timestamp is mandatory for this action." };
    case "bad-date":
      return {
        status: 400,
        code: "InvalidTimeStamp.Format",
        message: "Specified time stamp or date value is not well formatted.",
      };
    case "expired":
      return {
        status: 400,
        code: "InvalidTimeStamp.Expired",
        message: "Specified time stamp or date value is expired.",
      };
    case "missing-signature-method":
      return { status: 400, code: "MissingSignatureMethod", message: "SignatureMethod is mandatory for this action." };
    case "bad-signature-method":
      // Not in the gateway list (docs/alibaba/pop-errors.md#gateway-codes): named after the parameter, in the gateway's
      // Invalid<Name> style.
      return {
        status: 400,
        code: `Invalid${param || "SignatureMethod"}`,
        message: `${clipEcho(failure.detail, MAX_DETAIL_LENGTH)}.`,
      };
    case "missing-parameter":
      return { status: 400, code: `Missing${param}`, message: `${param} is mandatory for this action.` };
    case "unknown-access-key":
      return {
        status: options.accessKeyNotFoundStatus ?? 400,
        code: "InvalidAccessKeyId.NotFound",
        message: "Specified access key is not found.",
      };
    case "bad-security-token":
      // Not in the gateway list (docs/alibaba/pop-errors.md#gateway-codes); the gateway's InvalidSecurityToken.*
      // family.
      return {
        status: 400,
        code: "InvalidSecurityToken.MismatchWithAccessKey",
        message: "Specified SecurityToken mismatch with the AccessKey.",
      };
    case "signature-mismatch":
      return {
        status: options.signatureMismatchStatus ?? 400,
        code: "SignatureDoesNotMatch",
        message: signatureMismatchMessage(failure, options.stringToSignInErrors === true),
      };
  }
}

/**
 * The gateway's wording; in debug mode with the string-to-sign the SDK compares with its own to tell a wrong secret
 * from a signing bug (docs/alibaba/pop-errors.md#gateway-codes; the token is already redacted in it), cut short so the answer stays small.
 */
function signatureMismatchMessage(failure: VerifyFailure, withStringToSign: boolean): string {
  if (!withStringToSign) return SIGNATURE_MISMATCH;
  return `${SIGNATURE_MISMATCH} server string to sign is:${clipEcho(failure.stringToSign ?? "", MAX_STRING_TO_SIGN_ECHO)}`;
}
