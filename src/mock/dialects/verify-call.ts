/**
 * A call's signature verified with the dialect's verifier (src/signing: `verifySls` or `verifyRpc`) over exactly the
 * bytes received, then the scheme checked against the ones the operation accepts (its `x-signature-schemes`, else
 * its document's): a valid signature of another scheme is refused as incomplete, naming the schemes to use.
 */

import type { CryptoPort } from "../../signing/crypto-port.ts";
import { nodeCrypto } from "../../signing/node-crypto.ts";
import type { Query, SecretLookup, SignableRequest, VerifyOptions, VerifyResult } from "../../signing/types.ts";
import { fail } from "../../signing/verify-outcome.ts";
import type { MockState } from "../mock-state.ts";
import type { Call, FormReader } from "../pipeline/call.ts";

/** `verifySls` or `verifyRpc`. */
export type Verifier = (
  crypto: CryptoPort,
  request: SignableRequest,
  lookupSecret: SecretLookup,
  options: VerifyOptions,
) => VerifyResult;

/** Verifies `call` with `verify`, allowing `maxSkewMs` between the request's time and the mock's clock. */
export function verifyCall(call: Call, state: MockState, verify: Verifier, maxSkewMs: number): VerifyResult {
  const { request, operation } = call;
  const now = state.clock.wallMs();
  const verified = verify(
    nodeCrypto,
    {
      method: call.method,
      path: request.path,
      query: call.query,
      headers: request.headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
      ...(call.form !== undefined ? { formParams: formParamsOf(call.form) } : {}),
    },
    state.lookupSecret,
    { now, maxSkewMs, verifyBodyDigest: state.wire.verifyContentMd5 },
  );
  const accepted = operation.signatureSchemes;
  if (!verified.ok || accepted.length === 0 || accepted.includes(verified.scheme)) return verified;
  return fail(
    "incomplete-signature",
    `${operation.id} does not accept ${verified.scheme} signatures; sign with ${accepted.join(" or ")}`,
    now,
    { scheme: verified.scheme, accessKeyId: verified.accessKeyId, parameter: "Authorization" },
  );
}

/** The form's parameters for the verifier: the call's one parse (a body that is not UTF-8 signs as no parameters). */
function formParamsOf(form: FormReader): () => Query {
  return () => form.params() ?? {};
}
