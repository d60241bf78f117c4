import type { SignatureScheme, XApiStyle, XProduct } from "../openapi/extensions.ts";

/** What docgen knows about a product that its pages do not state. */
export interface ProductInfo {
  id: string;
  style: XApiStyle;
  errorBody: "sls" | "rpc";
  /** API version (`x-rpc.version` of RPC operations). */
  version?: string;
  /** `info.version` of the document. */
  infoVersion: string;
  infoTitle: string;
  signatureSchemes: readonly SignatureScheme[];
  servers: readonly Record<string, unknown>[];
  /** Request parameter carried in the Host (SLS `project`), turned into a server variable. */
  hostVariable?: string;
}

/** A product the pages may name: how to recognise it, and its current API version and style. */
export interface KnownProduct {
  id: string;
  /** Product names in page titles and text, English and Chinese. */
  names: readonly string[];
  /** RAM action namespaces (`log` of `log:GetLogStoreLogs`) when not the id. */
  ramNamespaces?: readonly string[];
  /** Endpoint labels (`business` of `business.aliyuncs.com`) when not the id. */
  endpoints?: readonly string[];
  version: string;
  style: XApiStyle;
}

/**
 * Products of Alibaba Cloud whose pages docgen recognises. The versions and ids are those of the
 * official SDK packages `@alicloud/<id><yyyymmdd>` on npm (e.g. `@alicloud/ecs20140526`,
 * `@alicloud/bssopenapi20171214`, `@alicloud/cs20151215`), and of the per-product folders of
 * https://github.com/aliyun/alibabacloud-typescript-sdk (`live-20161101/`, `rtc-20180111/`); the
 * RAM namespaces and endpoints are those of each product's API reference
 * (https://api.alibabacloud.com/product/<Product>).
 */
export const KNOWN_PRODUCTS: readonly KnownProduct[] = [
  {
    id: "sls",
    names: ["Simple Log Service", "Log Service", "日志服务", "日誌服務"],
    ramNamespaces: ["log"],
    endpoints: ["log"],
    version: "2020-12-30",
    style: "ROA",
  },
  { id: "live", names: ["ApsaraVideo Live", "视频直播", "視頻直播", "視訊直播"], version: "2016-11-01", style: "RPC" },
  {
    id: "ecs",
    names: ["Elastic Compute Service", "云服务器 ECS", "云服务器ECS", "雲伺服器 ECS", "雲服務器 ECS"],
    version: "2014-05-26",
    style: "RPC",
  },
  {
    id: "vod",
    names: ["ApsaraVideo VOD", "ApsaraVideo for VOD", "视频点播", "視頻點播"],
    version: "2017-03-21",
    style: "RPC",
  },
  { id: "cdn", names: ["Alibaba Cloud CDN", "Content Delivery Network (CDN)"], version: "2018-05-10", style: "RPC" },
  { id: "dcdn", names: ["Dynamic Content Delivery Network"], version: "2018-01-15", style: "RPC" },
  {
    id: "rds",
    names: ["ApsaraDB RDS", "ApsaraDB for RDS", "云数据库 RDS", "雲資料庫 RDS"],
    version: "2014-08-15",
    style: "RPC",
  },
  {
    id: "vpc",
    names: ["Virtual Private Cloud", "专有网络 VPC", "專有網路 VPC"],
    version: "2016-04-28",
    style: "RPC",
  },
  {
    id: "slb",
    names: ["Server Load Balancer", "Classic Load Balancer", "负载均衡 SLB", "負載平衡 SLB"],
    version: "2014-05-15",
    style: "RPC",
  },
  { id: "alb", names: ["Application Load Balancer"], version: "2020-06-16", style: "RPC" },
  { id: "nlb", names: ["Network Load Balancer"], version: "2022-04-30", style: "RPC" },
  { id: "ram", names: ["Resource Access Management", "访问控制", "訪問控制"], version: "2015-05-01", style: "RPC" },
  { id: "sts", names: ["Security Token Service"], version: "2015-04-01", style: "RPC" },
  { id: "cms", names: ["CloudMonitor", "Cloud Monitor", "云监控", "雲監控"], version: "2019-01-01", style: "RPC" },
  {
    id: "alidns",
    names: ["Alibaba Cloud DNS", "云解析 DNS", "云解析", "雲解析"],
    ramNamespaces: ["alidns", "dns"],
    version: "2015-01-09",
    style: "RPC",
  },
  { id: "pvtz", names: ["PrivateZone", "Private DNS", "内网 DNS 解析"], version: "2018-01-01", style: "RPC" },
  {
    id: "bssopenapi",
    names: ["Billing and Cost Management", "Expenses and Costs", "费用与成本", "費用與成本"],
    ramNamespaces: ["bss"],
    endpoints: ["business"],
    version: "2017-12-14",
    style: "RPC",
  },
  {
    id: "cs",
    names: ["Container Service for Kubernetes", "容器服务 Kubernetes 版", "容器服務 Kubernetes 版"],
    version: "2015-12-15",
    style: "ROA",
  },
  { id: "fc", names: ["Function Compute", "函数计算", "函數計算"], version: "2023-03-30", style: "ROA" },
  { id: "kms", names: ["Key Management Service", "密钥管理服务", "密鑰管理服務"], version: "2016-01-20", style: "RPC" },
  { id: "ens", names: ["Edge Node Service", "边缘节点服务"], version: "2017-11-10", style: "RPC" },
  { id: "cloudsso", names: ["CloudSSO", "云SSO"], version: "2021-05-15", style: "RPC" },
  {
    id: "oos",
    names: ["CloudOps Orchestration Service", "Operation Orchestration Service", "系统运维管理"],
    version: "2019-06-01",
    style: "RPC",
  },
  {
    id: "rtc",
    names: ["ApsaraVideo Real-time Communication", "Real-Time Communication", "音视频通信", "實時音視頻"],
    version: "2018-01-11",
    style: "RPC",
  },
  {
    id: "dysmsapi",
    names: ["Short Message Service", "短信服务"],
    ramNamespaces: ["dysms"],
    version: "2017-05-25",
    style: "RPC",
  },
  { id: "dm", names: ["Direct Mail", "邮件推送"], version: "2015-11-23", style: "RPC" },
  { id: "nas", names: ["File Storage NAS", "文件存储 NAS"], version: "2017-06-26", style: "RPC" },
  { id: "polardb", names: ["PolarDB"], version: "2017-08-01", style: "RPC" },
  {
    id: "r-kvstore",
    names: ["ApsaraDB for Redis", "Tair", "云数据库 Redis"],
    ramNamespaces: ["kvstore"],
    version: "2015-01-01",
    style: "RPC",
  },
  { id: "dds", names: ["ApsaraDB for MongoDB", "云数据库 MongoDB"], version: "2015-12-01", style: "RPC" },
  { id: "ros", names: ["Resource Orchestration Service", "资源编排"], version: "2019-09-10", style: "RPC" },
  { id: "ess", names: ["Auto Scaling", "弹性伸缩"], version: "2014-08-28", style: "RPC" },
  { id: "mts", names: ["ApsaraVideo Media Processing", "媒体处理"], version: "2014-06-18", style: "RPC" },
  {
    id: "cas",
    names: ["Certificate Management Service", "数字证书管理服务"],
    ramNamespaces: ["yundun-cert"],
    version: "2020-04-07",
    style: "RPC",
  },
  {
    id: "cloudapi",
    names: ["API Gateway", "API 网关"],
    endpoints: ["apigateway"],
    ramNamespaces: ["apigateway"],
    version: "2016-07-14",
    style: "RPC",
  },
  { id: "cbn", names: ["Cloud Enterprise Network", "云企业网"], version: "2017-09-12", style: "RPC" },
  { id: "actiontrail", names: ["ActionTrail", "操作审计"], version: "2020-07-06", style: "RPC" },
  { id: "resourcemanager", names: ["Resource Management", "资源管理"], version: "2020-03-31", style: "RPC" },
  {
    id: "alimt",
    names: ["Machine Translation", "机器翻译"],
    ramNamespaces: ["alimt"],
    endpoints: ["mt"],
    version: "2018-10-12",
    style: "RPC",
  },
  { id: "ims", names: ["IDaaS"], version: "2019-08-15", style: "RPC" },
  { id: "esa", names: ["Edge Security Acceleration"], version: "2024-09-10", style: "RPC" },
];

// The products whose specs specgate commits: their document-level facts beyond the catalog.
// SLS addressing and signing: the SLS SDK `@alicloud/sls20201230` (Host `{project}.{endpoint}`, LOG and
// SLS4 signatures); Live endpoint: https://www.alibabacloud.com/help/en/live/developer-reference/api-live-2016-11-01-endpoint.
const SLS: ProductInfo = {
  id: "sls",
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
};

/**
 * The `ProductInfo` of a product docgen has no committed spec for. RPC products, and ROA products of
 * services other than SLS, sign with ACS3 (RPC also accepts signature v1) and answer errors in the POP
 * body `{RequestId, Code, Message, …}` (https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature).
 */
function genericProduct(input: {
  id: string;
  style: XApiStyle;
  version?: string;
  host?: string;
  title?: string;
}): ProductInfo {
  const info: ProductInfo = {
    id: input.id,
    style: input.style,
    errorBody: "rpc",
    infoVersion: input.version ?? "unknown",
    infoTitle: `${input.title ?? input.id} API`,
    signatureSchemes: input.style === "RPC" ? ["acs3-hmac-sha256", "rpc-v1"] : ["acs3-hmac-sha256"],
    servers: [{ url: `https://${input.host ?? `${input.id}.aliyuncs.com`}` }],
  };
  if (input.version !== undefined) info.version = input.version;
  return info;
}

const LIVE = genericProduct({ id: "live", style: "RPC", version: "2016-11-01", title: "ApsaraVideo Live" });

/** Products with a committed spec: their `ProductInfo` is fixed here, whatever the page says. */
const PRODUCTS: readonly ProductInfo[] = [SLS, LIVE];

/** The catalog entry of a product id, RAM namespace, endpoint label or product name (case-insensitive). */
export function findKnownProduct(key: string): KnownProduct | undefined {
  const k = key.trim().toLowerCase();
  return KNOWN_PRODUCTS.find(
    (p) =>
      p.id === k ||
      p.ramNamespaces?.includes(k) === true ||
      p.endpoints?.includes(k) === true ||
      p.names.some((n) => n.toLowerCase() === k),
  );
}

/**
 * The `ProductInfo` of a product id; catalog products get the generic document facts. `style` is for a product
 * the catalog does not know (default RPC).
 */
export function productInfo(
  id: string,
  options: { version?: string; host?: string; style?: XApiStyle } = {},
): ProductInfo {
  const fixed = PRODUCTS.find((p) => p.id === id);
  if (fixed !== undefined) return fixed;
  const known = findKnownProduct(id);
  const version = options.version ?? known?.version;
  const input: Parameters<typeof genericProduct>[0] = { id, style: known?.style ?? options.style ?? "RPC" };
  if (version !== undefined) input.version = version;
  if (options.host !== undefined) input.host = options.host;
  if (known?.names[0] !== undefined) input.title = known.names[0];
  return genericProduct(input);
}

/** The document-level `x-product` of a product. */
export function xProductOf(p: ProductInfo): XProduct {
  const out: XProduct = { id: p.id, style: p.style, errorBody: p.errorBody };
  if (p.version !== undefined) out.version = p.version;
  return out;
}
