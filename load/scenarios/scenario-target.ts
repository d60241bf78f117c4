/**
 * Where a scenario sends its requests, as plain data both engines can build: the Node runner from
 * src/client/target.ts (`locateProduct`, every product in use), a k6 script from `__ENV` (target-env.ts, the
 * registered product modules). A scenario reads the products it exercises from `products` (the rate-limit
 * scenario: its operation's product; heartbeat-eviction: `sls`, through signed-requests.ts `slsTarget`), so a target
 * holds only the products in use: one with no SLS or Live spec loaded is a target as good as any.
 */
import type { ProductSettings } from "../../src/products/product-definition.ts";
import type { Credentials } from "../../src/signing/types.ts";

/** Where one product's requests go, and its settings. */
export interface ScenarioProduct {
  url: string;
  host: string;
  settings: ProductSettings;
}

/** A resolved target for scenario code. */
export interface ScenarioTarget {
  kind: "mock" | "real" | "url";
  credentials: Credentials;
  /** Every product the target locates, by id. */
  products: Readonly<Record<string, ScenarioProduct>>;
}

/** The scenario target from each product's location (`locate("sls")`), for the products `ids`. */
export function buildScenarioTarget(
  kind: ScenarioTarget["kind"],
  credentials: Credentials,
  locate: (productId: string) => ScenarioProduct,
  ids: readonly string[],
): ScenarioTarget {
  const products: Record<string, ScenarioProduct> = {};
  for (const id of new Set(ids)) products[id] = locate(id);
  return { kind, credentials, products };
}

/**
 * Where `productId` is reached on the target; an Error naming `what` needs it and the products the target knows
 * (a plan should have refused first, from `PlanContext.targetProducts`).
 */
export function targetProduct(target: ScenarioTarget, productId: string, what: string): ScenarioProduct {
  const found = target.products[productId];
  if (found === undefined)
    throw new Error(
      `${what} needs product ${productId}, which the target has no endpoint of (it knows ${Object.keys(target.products).join(", ") || "none"}); load its spec, or run it on the built-in engine`,
    );
  return found;
}
