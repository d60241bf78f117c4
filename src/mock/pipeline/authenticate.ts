/** The authentication stage: the product's dialect verifies the signature; the caller's AccessKeyId goes on the call. */
import type { WireResponse } from "../wire.ts";
import type { Call } from "./call.ts";

export function authenticate(call: Call): WireResponse | undefined {
  const outcome = call.product.dialect.authenticate(call);
  if (!outcome.ok) return outcome.response;
  call.accessKeyId = outcome.accessKeyId;
  return undefined;
}
