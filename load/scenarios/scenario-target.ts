/**
 * Where a scenario sends its requests, as plain data both engines can build: the Node runner from
 * src/client/target.ts (`locateProduct`), a k6 script from `__ENV` (target-env.ts). The scenarios exercise SLS
 * consumer groups and the Live rate limit, so this names those two products; both sides fill it from the
 * product registry through `buildScenarioTarget`.
 */
import type { ProductSettings } from "../../src/products/product-definition.ts";
import type { Credentials } from "../../src/signing/types.ts";

/** A resolved target for scenario code. */
export interface ScenarioTarget {
  kind: "mock" | "real" | "url";
  credentials: Credentials;
  /** SLS: connect to `url`, send `Host: host` (`<project>.<endpoint>`, docs/alibaba/sls-requests.md). */
  sls: { url: string; host: string; project: string; logstore: string };
  /** Live: connect to `url`, send `Host: host` (the Live endpoint). */
  live: { url: string; host: string; appId: string };
}

/** Where one product's requests go, and its settings. */
export interface ScenarioProduct {
  url: string;
  host: string;
  settings: ProductSettings;
}

/** The scenario target from each product's location (`locate("sls")`). */
export function buildScenarioTarget(
  kind: ScenarioTarget["kind"],
  credentials: Credentials,
  locate: (productId: "sls" | "live") => ScenarioProduct,
): ScenarioTarget {
  const sls = locate("sls");
  const live = locate("live");
  return {
    kind,
    credentials,
    sls: { url: sls.url, host: sls.host, project: sls.settings.project ?? "", logstore: sls.settings.logstore ?? "" },
    live: { url: live.url, host: live.host, appId: live.settings.appId ?? "" },
  };
}
