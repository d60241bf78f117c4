/**
 * Request IDs in the services' own formats, so clients that log or parse them see familiar values.
 * - SLS `x-log-requestid`: 24 uppercase hex characters, as in every documented sample
 *   (docs/alibaba/sls-requests.md#common-response-headers; the format itself is unconfirmed,
 *   docs/unconfirmed-behaviour.md#sls-request-id-format).
 * - POP `RequestId`: an uppercase UUID, e.g. `CC8CB656-A7BA-1811-9D6B-4CC187E988BD` (ListEventSubEvent sample).
 * IDs are unique per process: a random prefix drawn once plus a counter (no entropy call per request).
 */
import { randomBytes, randomUUID } from "node:crypto";

const slsPrefix = randomBytes(6).toString("hex").toUpperCase();
let slsCounter = 0;

/** A fresh SLS request ID: 24 uppercase hex characters. */
export function createSlsRequestId(): string {
  slsCounter = (slsCounter + 1) % 0x1000000000000;
  return slsPrefix + slsCounter.toString(16).toUpperCase().padStart(12, "0");
}

/** A fresh POP request ID: an uppercase UUID. */
export function createRpcRequestId(): string {
  return randomUUID().toUpperCase();
}
