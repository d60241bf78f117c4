/**
 * The product registry: the one place products are listed. A product with a module (SLS, Live) is
 * registered here; any other product a spec describes gets a generic entry from the spec itself.
 */
import { genericProduct } from "./generic-product.ts";
import { liveProduct } from "./live-product.ts";
import type { ProductDefinition } from "./product-definition.ts";
import { slsProduct } from "./sls-product.ts";
import { readSpecProductFacts, type SpecProductFacts } from "./spec-product-facts.ts";

/** Products with a module of their own, by id. */
export const PRODUCT_MODULES: ReadonlyMap<string, ProductDefinition> = new Map(
  [slsProduct, liveProduct].map((p) => [p.id, p]),
);

/** The registered module for the spec's product, else a generic entry built from the spec's facts. */
export function productFor(facts: SpecProductFacts): ProductDefinition {
  return PRODUCT_MODULES.get(facts.product.id) ?? genericProduct(facts);
}

/** The product entry of an OpenAPI document written by docgen (throws SpecError when it lacks x-product/servers). */
export function productForDocument(doc: Readonly<Record<string, unknown>>): ProductDefinition {
  return productFor(readSpecProductFacts(doc));
}
