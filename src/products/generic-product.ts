/**
 * The entry of a product specgate has no module for: everything comes from the spec docgen wrote
 * (`x-product`, `x-signature-schemes`, `servers`), so a page of any RPC or ROA product is served and
 * reachable without code (issue 12).
 */
import type { SignatureScheme, XProduct } from "../openapi/extensions.ts";
import { type ProductDefinition, setting } from "./product-definition.ts";

/** What a spec document says about its product. */
export interface SpecProductFacts {
  product: XProduct;
  title: string;
  /** `info.version`; RPC products use it as `Version` when x-product has none. */
  infoVersion: string;
  signatureSchemes: readonly SignatureScheme[];
  /** Host of `servers[0].url`, e.g. `vpc.aliyuncs.com`. */
  endpoint: string;
}

/** Default request bounds for products without documented ones. */
export const DEFAULT_LIMITS = { maxQueryBytes: 64 * 1024, maxBodyBytes: 10 * 1024 * 1024 } as const;

export function genericProduct(facts: SpecProductFacts): ProductDefinition {
  const id = facts.product.id;
  return {
    id,
    title: facts.title,
    style: facts.product.style,
    apiVersion: facts.product.version ?? facts.infoVersion,
    signatureSchemes: facts.signatureSchemes,
    errorBody: facts.product.errorBody,
    settings: [setting(id, "endpoint", facts.endpoint, false, `${facts.title} endpoint`)],
    host: (s) => s.endpoint ?? facts.endpoint,
    limits: DEFAULT_LIMITS,
  };
}
