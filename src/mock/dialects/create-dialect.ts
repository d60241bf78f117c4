/**
 * The one place a product's wire dialect is chosen: by the error body its spec names (`x-product.errorBody`,
 * carried by its registry entry). A new product of either family needs nothing here.
 */
import type { ProductDefinition } from "../../products/product-definition.ts";
import type { MockState } from "../mock-state.ts";
import { createPopDialect } from "./pop-dialect.ts";
import { createSlsDialect } from "./sls-dialect.ts";
import type { WireDialect } from "./wire-dialect.ts";

const DIALECTS: Readonly<Record<ProductDefinition["errorBody"], typeof createSlsDialect>> = {
  sls: createSlsDialect,
  rpc: createPopDialect,
};

/** The dialect `definition` speaks, over `state`. */
export function createDialect(definition: ProductDefinition, state: MockState): WireDialect {
  return DIALECTS[definition.errorBody](definition, state);
}
