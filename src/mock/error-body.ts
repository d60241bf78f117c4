/**
 * The products' error bodies (docs/alibaba/sls-errors.md#error-body and docs/alibaba/pop-errors.md#error-body), built
 * in one place so every path — domain errors, validation, signatures, framework errors, faults — answers in the same
 * well-formed shape, and no message longer than MAX_ERROR_MESSAGE characters, whatever it quotes
 * (docs/mock-limits.md#error-answers).
 */
import { clip } from "./wire.ts";

/**
 * The longest error message, characters: room for a debug-mode string-to-sign (4 KB) and a list of validation
 * problems; a refusal's whole answer stays far under 64 KB.
 */
export const MAX_ERROR_MESSAGE = 8192;

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
  return { errorCode: code, errorMessage: clip(message, MAX_ERROR_MESSAGE) };
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
    Message: clip(message, MAX_ERROR_MESSAGE),
    Recommend: `https://error-center.aliyun.com/status/search?Keyword=${encodeURIComponent(code)}&source=PopGw`,
  };
}
