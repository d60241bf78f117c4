/**
 * The client of any product in a target, from its registry entry: an `RpcClient` for RPC products, a
 * `RoaClient` for ROA ones, signing with the product's preferred scheme (or the one asked for, if the product
 * accepts it), connecting where the target says and sending the Host the entry derives. The contract run
 * calls every operation of every spec through this; nothing here names a product.
 */

import type { CompiledOperation } from "../openapi/compiled-spec.ts";
import type { SignatureScheme } from "../openapi/extensions.ts";
import type { Credentials } from "../signing/types.ts";
import type { CallOptions, ClientRuntimeOptions } from "./call-runner.ts";
import type { Exchange } from "./exchange.ts";
import { isHeaderScheme, pickScheme } from "./header-signers.ts";
import type { OperationInput } from "./operation-input.ts";
import { RoaClient } from "./roa-client.ts";
import { RpcClient } from "./rpc-client.ts";
import { locateProduct, productTarget, type Target } from "./target.ts";

/** What every product client does: call a compiled operation of its product. */
export interface OperationCaller {
  call(op: CompiledOperation, input?: OperationInput, options?: CallOptions): Promise<Exchange>;
}

/** Options of `clientForProduct`. */
export interface ProductClientOptions extends ClientRuntimeOptions {
  /** A scheme the product accepts; default its preferred one (`x-signature-schemes[0]`). */
  signature?: SignatureScheme;
  /** Default the target's account (a test passes a wrong secret here). */
  credentials?: Credentials;
  userAgent?: string;
}

/** A client of product `productId` of `target`. Throws an Error when the product or the scheme is not usable. */
export function clientForProduct(
  target: Target,
  productId: string,
  options: ProductClientOptions = {},
): OperationCaller {
  const { definition, settings } = productTarget(target, productId);
  const { signature, credentials, ...runtime } = options;
  const scheme = pickScheme(definition.signatureSchemes, signature, productId);
  const { url, host } = locateProduct(target, productId);
  const common = { ...runtime, baseUrl: url, host, credentials: credentials ?? target.credentials };
  if (definition.style === "RPC") {
    if (scheme !== "rpc-v1" && scheme !== "acs3-hmac-sha256")
      throw new Error(`product '${productId}' is RPC: it signs with acs3-hmac-sha256 or rpc-v1, not ${scheme}`);
    return new RpcClient({
      ...common,
      signature: scheme === "rpc-v1" ? "rpc-v1" : "acs3",
      version: definition.apiVersion,
    });
  }
  if (!isHeaderScheme(scheme)) throw new Error(`product '${productId}' is ROA: RPC signature v1 cannot sign it`);
  const region = definition.signingRegion?.(settings);
  return new RoaClient({
    ...common,
    scheme,
    version: definition.apiVersion,
    ...(region === undefined ? {} : { region }),
  });
}
