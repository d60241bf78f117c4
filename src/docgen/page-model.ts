import type { XApiStyle, XErrorCode, XTimeWindow } from "../openapi/extensions.ts";
import type { JsonExample } from "./json-example.ts";
import type { OperationNameSource } from "./operation-id.ts";
import type { DocField } from "./parameter-model.ts";
import type { ProductInfo } from "./products.ts";
import type { QpsLimit } from "./qps-limit.ts";
import type { RequestParameter } from "./request-model.ts";

/** Where a request parameter goes on the wire. */
export type ParameterIn = "path" | "query" | "header";

/** Everything docgen read from one page: the typed model the OpenAPI builder works from. */
export interface PageModel {
  page: string;
  product: ProductInfo;
  operationId: string;
  operationIdSource: OperationNameSource;
  summary?: string;
  description?: string;
  style: XApiStyle;
  method: string;
  /** ROA path template; `/` for RPC. */
  path: string;
  fixedQuery: Record<string, string>;
  parameters: RequestParameter[];
  body?: DocField;
  /** Root of the response table (undefined when the page has none). */
  response?: DocField;
  /** The response table does not name any field (or names a type it does not define): use the example. */
  responseThin: boolean;
  /** The page shows an empty success body (`{}`) and no response fields: the response has no body. */
  responseEmpty?: boolean;
  example?: JsonExample;
  errorCodes: XErrorCode[];
  qps?: QpsLimit;
  ramAction?: string;
  timeWindow?: XTimeWindow;
}
