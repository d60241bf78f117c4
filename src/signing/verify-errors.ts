/**
 * Turns a verification failure into the error a real service returns: SLS codes from docs/alibaba/sls-errors.md
 * (body `{errorCode, errorMessage}`), POP gateway codes from docs/alibaba/pop-errors.md (body `{Code, Message, …}`).
 * Where official sources conflict, the choice is configurable
 * (docs/unconfirmed-behaviour.md#signature-and-access-key-error-statuses) or the current doc wins. Messages never
 * contain a secret, token or signature.
 */
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
        message: `Http extend authorization is invalid: ${failure.detail}.`,
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
        message: `Request time ${failure.requestTimeText ?? ""} has been expired while server time is ${formatHttpDate(
          new Date(failure.serverTimeMs),
        )}.`,
      };
    case "missing-signature-method":
      return { status: 400, code: "MissingSignatureMethod", message: "x-log-signaturemethod is missing." };
    case "bad-signature-method":
      return { status: 400, code: "InvalidSignatureMethod", message: `${failure.detail}.` };
    case "missing-parameter":
      return { status: 400, code: "ParameterInvalid", message: `${failure.detail}.` };
    case "unknown-access-key":
      return { status: 401, code: "Unauthorized", message: `AccessKeyId not found: ${failure.accessKeyId ?? ""}` };
    case "bad-security-token":
      return { status: 401, code: "Unauthorized", message: "The security token you provided is invalid." };
    case "signature-mismatch":
      // The real message quotes the signature ("Signature <sig> not matched."); specgate never echoes signatures.
      return { status: 401, code: "SignatureNotMatch", message: "Signature <redacted> not matched." };
  }
}

/**
 * Options of `mapRpcAuthError`: statuses that official sources disagree on
 * (docs/unconfirmed-behaviour.md#signature-and-access-key-error-statuses).
 */
export interface RpcErrorOptions {
  /** Status of `SignatureDoesNotMatch`: 400 (gateway doc, default) or 403 (some product tables). */
  signatureMismatchStatus?: 400 | 403;
  /** Status of `InvalidAccessKeyId.NotFound`: 400 (gateway doc, default) or 404. */
  accessKeyNotFoundStatus?: 400 | 404;
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
      return { status: 400, code: `Invalid${param || "SignatureMethod"}`, message: `${failure.detail}.` };
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
      // The SDK compares the suffix with its own string-to-sign (docs/alibaba/pop-errors.md#gateway-codes); the token
      // is redacted in it.
      return {
        status: options.signatureMismatchStatus ?? 400,
        code: "SignatureDoesNotMatch",
        message: `Specified signature is not matched with our calculation. server string to sign is:${failure.stringToSign ?? ""}`,
      };
  }
}
