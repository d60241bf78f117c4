/** ApsaraVideo Live: RPC 2016-11-01, ACS3 and RPC v1 signatures, the RPC error body. */
import { DEFAULT_LIMITS } from "./generic-product.ts";
import { type ProductDefinition, setting } from "./product-definition.ts";

export const liveProduct: ProductDefinition = {
  id: "live",
  title: "ApsaraVideo Live API",
  style: "RPC",
  apiVersion: "2016-11-01",
  signatureSchemes: ["acs3-hmac-sha256", "rpc-v1"],
  errorBody: "rpc",
  settings: [
    setting("live", "endpoint", "live.aliyuncs.com", false, "ApsaraVideo Live endpoint"),
    setting("live", "appId", "9qb1test", true, "Live AppId"),
  ],
  host: (s) => s.endpoint ?? "live.aliyuncs.com",
  limits: DEFAULT_LIMITS,
};
