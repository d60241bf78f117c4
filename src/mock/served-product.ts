/**
 * The products the mock serves, in serving order: every loaded spec with its registry entry (src/openapi/load-specs.ts
 * pairs them: SLS and Live have modules, any other product a generic entry built from its spec). Products with a
 * module come first, in the registry's order, so the first ROA product (SLS) answers requests no product claims
 * and the first RPC product (Live) answers RPC requests before their Action is known, as before; then the others
 * by id.
 */
import type { LoadedProduct, LoadedSpecs } from "../openapi/load-specs.ts";
import type { ProductDefinition, ProductSettings } from "../products/product-definition.ts";
import { PRODUCT_MODULES } from "../products/registry.ts";

/** A loaded spec and the product entry it is served as. */
export type ProductSpec = Pick<LoadedProduct, "definition" | "spec">;

/** Every product of `specs`, in serving order. */
export function listProductSpecs(specs: LoadedSpecs): ProductSpec[] {
  const order = [...PRODUCT_MODULES.keys()];
  const rank = (id: string) => {
    const at = order.indexOf(id);
    return at < 0 ? order.length : at;
  };
  return [...specs.products.values()].sort(
    (a, b) => rank(a.definition.id) - rank(b.definition.id) || a.definition.id.localeCompare(b.definition.id),
  );
}

/** The settings the mock stands for (each setting's mock default), e.g. to build the product's own Host. */
export function mockSettingsOf(definition: ProductDefinition): ProductSettings {
  const settings: Record<string, string> = {};
  for (const s of definition.settings) settings[s.key] = s.mockDefault;
  return settings;
}
