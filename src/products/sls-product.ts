/**
 * Simple Log Service: ROA, LOG/v4 signatures, `{errorCode, errorMessage}` errors, the project in the Host
 * (`<project>.<endpoint>`). Mock defaults: docs/design.md#mock-defaults (the README's "Real accounts" table).
 */
import { DEFAULT_LIMITS } from "./generic-product.ts";
import { type ProductDefinition, setting } from "./product-definition.ts";

export const slsProduct: ProductDefinition = {
  id: "sls",
  title: "Simple Log Service (SLS) API",
  style: "ROA",
  apiVersion: "2020-12-30",
  signatureSchemes: ["sls-v1-hmac-sha256", "sls-v1-hmac-sha1", "sls-v4"],
  errorBody: "sls",
  settings: [
    setting("sls", "endpoint", "cn-hangzhou.log.aliyuncs.com", true, "SLS endpoint, e.g. cn-hangzhou.log.aliyuncs.com"),
    setting("sls", "project", "ali-test-project", true, "SLS project"),
    setting("sls", "logstore", "ali-test-logstore", true, "SLS logstore"),
  ],
  host: (s) => `${s.project}.${s.endpoint}`,
  limits: DEFAULT_LIMITS,
};
