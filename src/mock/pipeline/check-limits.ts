/**
 * The size stage, before any work is spent on a request (authentication, decoding): a query or a body the product's
 * limits refuse is answered at once, a body's with the connection closed (the rest of a large upload is not read). The limit is the
 * product's `limits.maxBodyBytes` within the server's own (`wire.maxBodyBytes`, docs/alibaba/sls-errors.md:
 * 413 PostBodyTooLarge above 10485760 bytes); Fastify refuses a body announced above the server's limit before
 * reading it (create-mock-server.ts), so this stage sees what is smaller than that but larger than the product's,
 * and bodies announced on requests Fastify does not read (GET).
 */

import type { WireDialect } from "../dialects/wire-dialect.ts";
import type { MockState } from "../mock-state.ts";
import type { WireRequest, WireResponse } from "../wire.ts";
import type { Call } from "./call.ts";

/** The refusal of an oversized request, or `undefined`. */
export function checkLimits(call: Call, state: MockState): WireResponse | undefined {
  const queryLimit = call.product.definition.limits.maxQueryBytes;
  if (call.request.rawQuery.length > queryLimit) return queryTooLong(call.product.dialect, call.request, queryLimit);
  const limit = Math.min(call.product.definition.limits.maxBodyBytes, state.wire.maxBodyBytes);
  const announced = call.request.headers["content-length"];
  if (announced !== undefined && isLargerThan(announced, limit))
    return { ...call.product.dialect.tooLarge(announced, limit), close: true };
  const received = call.request.body?.length ?? 0;
  if (received > limit) return { ...call.product.dialect.tooLarge(String(received), limit), close: true };
  return undefined;
}

/** The refusal of a query string longer than `limit` bytes (the product's bad-parameter code: neither documents one). */
export function queryTooLong(dialect: WireDialect, request: WireRequest, limit: number): WireResponse {
  return dialect.badRequest(`The query string (${request.rawQuery.length} bytes) is longer than ${limit} bytes.`);
}

/** A decimal Content-Length above `limit`, without parsing numbers that cannot be (most requests). */
function isLargerThan(length: string, limit: number): boolean {
  if (length.length < String(limit).length) return false;
  return /^\d+$/.test(length) && Number(length) > limit;
}
