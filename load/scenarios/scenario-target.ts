/**
 * Where a scenario sends its requests, as plain data both engines can build: the Node runner from
 * src/client/target.ts (`locateProduct`, every product in use), a k6 script from `__ENV` (target-env.ts, the
 * registered product modules). The heartbeat-eviction scenario exercises SLS consumer groups and reads `sls`;
 * the rate-limit scenario loads an operation of any product and reads `products`; both sides fill them from the
 * product registry through `buildScenarioTarget`.
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
  /** SLS: connect to `url`, send `Host: host` (`<project>.<endpoint>`, docs/alibaba/sls-requests.md). */
  sls: { url: string; host: string; project: string; logstore: string };
  /** Live: connect to `url`, send `Host: host` (the Live endpoint). */
  live: { url: string; host: string; appId: string };
  /** Every product the target locates, by id (`sls` and `live` among them). */
  products: Readonly<Record<string, ScenarioProduct>>;
}

/** The scenario target from each product's location (`locate("sls")`), for `ids` (which include sls and live). */
export function buildScenarioTarget(
  kind: ScenarioTarget["kind"],
  credentials: Credentials,
  locate: (productId: string) => ScenarioProduct,
  ids: readonly string[] = ["sls", "live"],
): ScenarioTarget {
  const products: Record<string, ScenarioProduct> = {};
  for (const id of new Set(["sls", "live", ...ids])) products[id] = locate(id);
  const sls = products.sls as ScenarioProduct;
  const live = products.live as ScenarioProduct;
  return {
    kind,
    credentials,
    sls: { url: sls.url, host: sls.host, project: sls.settings.project ?? "", logstore: sls.settings.logstore ?? "" },
    live: { url: live.url, host: live.host, appId: live.settings.appId ?? "" },
    products,
  };
}
