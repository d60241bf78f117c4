import type { SignatureScheme, XApiStyle, XProduct } from "../openapi/extensions.ts";

/** What docgen knows about a product that its pages do not state. */
export interface ProductInfo {
  id: string;
  /** Names the page titles use (`ApsaraVideo Live:ListEventSubEvent`). */
  titles: readonly string[];
  style: XApiStyle;
  errorBody: "sls" | "rpc";
  /** RPC API version (the pages do not state it). */
  version?: string;
  /** `info.version` of the document. */
  infoVersion: string;
  infoTitle: string;
  signatureSchemes: readonly SignatureScheme[];
  servers: readonly Record<string, unknown>[];
  /** Request parameter carried in the Host (SLS `project`), turned into a server variable. */
  hostVariable?: string;
}

/**
 * The product table (docs/spec-contract.md#products). Sources: SLS addressing, API version and signing —
 * docs/alibaba/sls-requests.md, docs/alibaba/sls-signature-v1.md, docs/alibaba/sls-signature-v4.md (the SLS SDK
 * is `@alicloud/sls20201230`); Live endpoint, version `2016-11-01` and signing — docs/alibaba/rpc-signature-v1.md,
 * docs/alibaba/acs3-signature.md, docs/alibaba/live-event-subscriptions.md; mock defaults for the server
 * variables — docs/design.md#mock-defaults. Versions of the other RPC products are those of their official SDK
 * packages (`@alicloud/ecs20140526`, …); ECS 2014-05-26 is also in docs/alibaba/rpc-signature-v1.md#test-vectors.
 */
export const PRODUCTS: readonly ProductInfo[] = [
  {
    id: "sls",
    titles: ["Simple Log Service", "Log Service"],
    style: "ROA",
    errorBody: "sls",
    infoVersion: "2020-12-30",
    infoTitle: "Simple Log Service (SLS) API",
    signatureSchemes: ["sls-v1-hmac-sha256", "sls-v1-hmac-sha1", "sls-v4"],
    servers: [
      {
        url: "https://{project}.{endpoint}",
        variables: {
          project: {
            default: "ali-test-project",
            description: "The project name; SLS carries it in the Host (docs/alibaba/sls-requests.md#addressing).",
          },
          endpoint: { default: "cn-hangzhou.log.aliyuncs.com", description: "The Simple Log Service endpoint." },
        },
      },
    ],
    hostVariable: "project",
  },
  rpcProduct("live", ["ApsaraVideo Live"], "2016-11-01", "ApsaraVideo Live API", "https://live.aliyuncs.com"),
  rpcProduct("ecs", ["Elastic Compute Service", "ECS"], "2014-05-26", "Elastic Compute Service API"),
  rpcProduct("vod", ["ApsaraVideo VOD", "ApsaraVideo Media Processing"], "2017-03-21", "ApsaraVideo VOD API"),
  rpcProduct("cdn", ["Alibaba Cloud CDN", "CDN"], "2018-05-10", "Alibaba Cloud CDN API"),
  rpcProduct("rds", ["ApsaraDB RDS"], "2014-08-15", "ApsaraDB RDS API"),
  rpcProduct("vpc", ["Virtual Private Cloud", "VPC"], "2016-04-28", "Virtual Private Cloud API"),
  rpcProduct("slb", ["Server Load Balancer", "SLB"], "2014-05-15", "Server Load Balancer API"),
  rpcProduct("ram", ["Resource Access Management", "RAM"], "2015-05-01", "Resource Access Management API"),
  rpcProduct("sts", ["Security Token Service", "STS"], "2015-04-01", "Security Token Service API"),
  rpcProduct("cms", ["CloudMonitor", "Cloud Monitor"], "2019-01-01", "CloudMonitor API"),
];

function rpcProduct(id: string, titles: string[], version: string, infoTitle: string, url?: string): ProductInfo {
  return {
    id,
    titles,
    style: "RPC",
    errorBody: "rpc",
    version,
    infoVersion: version,
    infoTitle,
    signatureSchemes: ["acs3-hmac-sha256", "rpc-v1"],
    servers: [{ url: url ?? `https://${id}.aliyuncs.com` }],
  };
}

/** Looks a product up by id (file-name prefix) or by the product name of a page title. */
export function findProduct(idOrTitle: string): ProductInfo | undefined {
  const key = idOrTitle.trim().toLowerCase();
  return PRODUCTS.find((p) => p.id === key || p.titles.some((t) => t.toLowerCase() === key));
}

/** The document-level `x-product` of a product. */
export function xProductOf(p: ProductInfo): XProduct {
  const out: XProduct = { id: p.id, style: p.style, errorBody: p.errorBody };
  if (p.version !== undefined) out.version = p.version;
  return out;
}
