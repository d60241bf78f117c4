/**
 * ApsaraVideo Live: RPC 2016-11-01, ACS3 and RPC v1 signatures, the RPC error body. The contract run binds
 * `AppId` to the target's (an AppId the account owns) and leaves the optional `SubscribeId` out.
 */
import { DEFAULT_LIMITS } from "./generic-product.ts";
import type { ProductContract } from "./product-contract.ts";
import { type ProductDefinition, setting } from "./product-definition.ts";

const contract: ProductContract = {
  resources: { unknownAppId: { kind: "absent", note: "an AppId no account owns" } },
  defaults: {
    inputs: {
      "query.AppId": { bind: "appId", note: "the target's AppId (SPECGATE_LIVE_APP_ID), owned by the account" },
      "query.SubscribeId": {
        omit: true,
        note: "optional; an unknown subscription ID filters every record out, so valid cases leave it out and their answers carry records to validate",
      },
    },
  },
  operations: {
    ListEventSubEvent: {
      inputs: {
        "query.PageNo": {
          schema: { type: "integer", minimum: 1, maximum: 5 },
          note: "the answer beyond the last page is unconfirmed: valid cases stay on the first pages",
        },
      },
      // ListEventSubEvent's own error table; another Live page (CreateEventSub, …) documents no such code, and the
      // mock checks AppId ownership only where it holds the AppId's records.
      unknown: [
        {
          key: "query.AppId",
          resource: "unknownAppId",
          codes: ["ResourceNotExist"],
          status: 404,
          note: "page error table: 404 ResourceNotExist",
        },
      ],
    },
  },
  safeWrites: {},
};

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
  contract,
};
