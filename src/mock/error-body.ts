/**
 * The products' error bodies (docs/alibaba/sls-errors.md#error-body and docs/alibaba/pop-errors.md#error-body), built
 * in one place so every path — domain errors, validation, signatures, framework errors, faults — answers in the same
 * well-formed shape.
 */

/**
 * SLS error body `{errorCode, errorMessage}` (docs/alibaba/sls-errors.md#error-body); the request ID travels in
 * `x-log-requestid`.
 */
export interface SlsErrorBody {
  errorCode: string;
  errorMessage: string;
}

/** POP error body (docs/alibaba/pop-errors.md#error-body): `RequestId`, `HostId`, `Code`, `Message`, `Recommend`. */
export interface RpcErrorBody {
  RequestId: string;
  HostId: string;
  Code: string;
  Message: string;
  Recommend: string;
}

/** Host the Live gateway names in `HostId` (docs/alibaba/pop-errors.md#error-body). */
export const LIVE_HOST_ID = "live.aliyuncs.com";

/** Builds an SLS error body. */
export function buildSlsError(code: string, message: string): SlsErrorBody {
  return { errorCode: code, errorMessage: message };
}

/**
 * Builds a POP error body; `HostId` is the product's endpoint (default Live's), `Recommend` the error-center link
 * the gateway adds (docs/alibaba/pop-errors.md#error-body).
 */
export function buildRpcError(requestId: string, code: string, message: string, hostId = LIVE_HOST_ID): RpcErrorBody {
  return {
    RequestId: requestId,
    HostId: hostId,
    Code: code,
    Message: message,
    Recommend: `https://error-center.aliyun.com/status/search?Keyword=${encodeURIComponent(code)}&source=PopGw`,
  };
}
