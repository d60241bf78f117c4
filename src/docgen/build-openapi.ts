import type { XDocgenWarning, XErrorCode } from "../openapi/extensions.ts";
import { isJsonObject } from "../openapi/is-json-object.ts";
import { composeExample, exampleOf, fieldSchema } from "./build-schema.ts";
import { inferSchema, type JsonSchema } from "./infer-schema.ts";
import type { PageModel } from "./page-model.ts";
import type { DocField } from "./parameter-model.ts";
import { type ProductInfo, xProductOf } from "./products.ts";
import type { RequestParameter } from "./request-model.ts";

/** One operation ready to be placed in a document. */
export interface BuiltOperation {
  pathKey: string;
  method: string;
  operation: JsonSchema;
  /** Shared schemas the operation refers to (inferred `Array of X` items). */
  schemas: Record<string, JsonSchema>;
  /** What was left out of the page and why (a parameter's example its listed values refuse). */
  warnings: XDocgenWarning[];
}

/** Name of the product's error-body schema in `components/schemas` (docs/spec-contract.md#error-responses). */
function errorSchemaName(product: ProductInfo): string {
  return product.errorBody === "sls" ? "SlsError" : "RpcError";
}

/**
 * The product's error-body schema: SLS `{errorCode, errorMessage}` (docs/alibaba/sls-errors.md#error-body), POP
 * `{RequestId, …}` (docs/alibaba/pop-errors.md#error-body).
 */
function errorSchema(product: ProductInfo): JsonSchema {
  if (product.errorBody === "sls") {
    return {
      description:
        "SLS error body (docs/alibaba/sls-errors.md#error-body); the request ID is in the x-log-requestid header.",
      type: "object",
      properties: { errorCode: { type: "string" }, errorMessage: { type: "string" } },
      required: ["errorCode", "errorMessage"],
    };
  }
  return {
    description: "Alibaba Cloud OpenAPI (POP) error body (docs/alibaba/pop-errors.md#error-body).",
    type: "object",
    properties: {
      RequestId: { type: "string" },
      HostId: { type: "string" },
      Code: { type: "string" },
      Message: { type: "string" },
      Recommend: { type: "string" },
    },
    required: ["RequestId", "Code", "Message"],
  };
}

function hostOf(product: ProductInfo): string {
  const url = String(product.servers[0]?.url ?? "");
  return url.replace(/^https?:\/\//, "");
}

function errorExample(product: ProductInfo, e: XErrorCode, requestId: string): unknown {
  if (product.errorBody === "sls") return { errorCode: e.code, errorMessage: e.message };
  return {
    RequestId: requestId,
    HostId: hostOf(product),
    Code: e.code,
    Message: e.message,
    Recommend: `https://error-center.aliyun.com/status/search?Keyword=${encodeURIComponent(e.code)}&source=PopGw`,
  };
}

function errorResponses(model: PageModel): Record<string, unknown> {
  const ref = { $ref: `#/components/schemas/${errorSchemaName(model.product)}` };
  const ex = model.example?.value as Record<string, unknown> | undefined;
  const requestId = typeof ex?.RequestId === "string" ? ex.RequestId : "00000000-0000-0000-0000-000000000000";
  const byStatus = new Map<number, XErrorCode[]>();
  for (const e of model.errorCodes) byStatus.set(e.status, [...(byStatus.get(e.status) ?? []), e]);
  const out: Record<string, unknown> = {};
  for (const status of [...byStatus.keys()].sort((a, b) => a - b)) {
    const codes = byStatus.get(status) ?? [];
    const examples: Record<string, unknown> = {};
    for (const e of codes) {
      let key = e.code;
      for (let i = 2; key in examples; i++) key = `${e.code}-${i}`;
      examples[key] = { summary: e.description ?? e.message, value: errorExample(model.product, e, requestId) };
    }
    out[String(status)] = {
      description: codes.map((e) => `${e.code}: ${e.description ?? e.message}`).join("; "),
      content: { "application/json": { schema: ref, examples } },
    };
  }
  out.default = {
    description: "An error the page does not list, in the product's error body.",
    content: { "application/json": { schema: ref } },
  };
  return out;
}

function isPlainObject(v: unknown): v is JsonSchema {
  return isJsonObject(v) && !("$ref" in v);
}

function overlayProperties(base: Record<string, JsonSchema>, over: Record<string, JsonSchema>): JsonSchema {
  const props: Record<string, JsonSchema> = {};
  for (const [k, v] of Object.entries(over)) {
    const b = base[k];
    props[k] = b === undefined ? v : overlaySchema(b, v);
  }
  for (const [k, v] of Object.entries(base)) if (props[k] === undefined) props[k] = v;
  return props;
}

/** Lays the table's schema over the one inferred from the example: the table wins where it speaks. */
function overlaySchema(base: JsonSchema, over: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(over)) {
    const b = base[k];
    const merge = (k === "items" || k === "properties") && isPlainObject(b) && isPlainObject(v);
    if (!merge) out[k] = v;
    else out[k] = k === "items" ? overlaySchema(b, v) : overlayProperties(b as never, v as never);
  }
  for (const [k, v] of Object.entries(base)) if (!(k in out)) out[k] = v;
  return out;
}

function refTarget(f: DocField): string | undefined {
  return f.type.kind === "array" && f.items === undefined ? f.type.itemsRef : undefined;
}

/**
 * The response schema when the table is too thin to say the shape: inferred from the example, and
 * laid under the table's schema; an `Array of X` root makes `X` a shared schema.
 */
function withExampleSchema(
  model: PageModel,
  tableSchema: JsonSchema | undefined,
  schemas: Record<string, JsonSchema>,
): JsonSchema {
  const guess = inferSchema(model.example?.value);
  const ref = model.response === undefined ? undefined : refTarget(model.response);
  if (ref === undefined || guess.items === undefined) {
    return tableSchema === undefined ? guess : overlaySchema(guess, tableSchema);
  }
  schemas[ref] = { ...(guess.items as JsonSchema), "x-source": { page: model.page, inferredFromExample: true } };
  return { ...(tableSchema ?? {}), type: "array", items: { $ref: `#/components/schemas/${ref}` } };
}

function successResponse(model: PageModel): {
  response: JsonSchema;
  schemas: Record<string, JsonSchema>;
  inferred: boolean;
} {
  const schemas: Record<string, JsonSchema> = {};
  const root = model.response;
  let schema = root === undefined ? undefined : fieldSchema(root, { request: false });
  if (schema !== undefined) delete schema.examples;
  const inferred = model.responseThin && model.example !== undefined;
  if (inferred) schema = withExampleSchema(model, schema, schemas);
  const description = root?.description !== undefined && root.description !== "" ? root.description : "OK";
  if (schema !== undefined) delete schema.description;
  const media: JsonSchema = {};
  if (schema !== undefined) media.schema = schema;
  if (model.example !== undefined) {
    media.examples = { success: { summary: "Sample success response from the page", value: model.example.value } };
  }
  const response: JsonSchema = { description };
  if (Object.keys(media).length > 0 && model.responseEmpty !== true) response.content = { "application/json": media };
  return { response, schemas, inferred };
}

function parameterObject(
  { field: f, in: where, rpcStyle }: RequestParameter,
  page: string,
  warnings: XDocgenWarning[],
): JsonSchema {
  const p: JsonSchema = { name: f.name, in: where };
  if (f.description !== "") p.description = f.description;
  p.required = where === "path" ? true : f.required === true;
  // A comma-separated list is OpenAPI's own `form` without explode; the other RPC styles have no OpenAPI name.
  if (rpcStyle === "simple") Object.assign(p, { style: "form", explode: false });
  p.schema = fieldSchema(f, { request: true, bare: true });
  const example = exampleOf(f);
  if (example !== undefined && withinEnum(p.schema, example)) p.example = example;
  else if (example !== undefined) warnings.push(refusedExample(page, f, example, p.schema));
  if (rpcStyle !== undefined) p["x-rpc-style"] = rpcStyle;
  return p;
}

/**
 * Whether an example agrees with the values its description lists. A page whose cells were copied out of
 * order (a description under the row before its own) gives one parameter another's `Valid values`; its own
 * example then contradicts them, and a spec whose example its schema refuses would fail its own contract case.
 */
function withinEnum(schema: unknown, example: unknown): boolean {
  const values = (schema as { enum?: unknown } | undefined)?.enum;
  return !Array.isArray(values) || values.some((v) => v === example);
}

/** The warning for an example left out: which parameter, the example, the values it was checked against. */
function refusedExample(page: string, f: DocField, example: unknown, schema: unknown): XDocgenWarning {
  const values = ((schema as { enum?: unknown[] }).enum ?? []).map((v) => JSON.stringify(v)).join(", ");
  return {
    page,
    line: f.line,
    message:
      `parameter '${f.name}': its example ${JSON.stringify(example)} is not one of the values its description lists ` +
      `(${values}), so the spec leaves the example out (fix: check that row's cells on the page: a description ` +
      "copied under the wrong row gives a parameter another's values; correct the page and regenerate)",
  };
}

function requestBodyOf(body: DocField): JsonSchema {
  const schema = fieldSchema(body, { request: true });
  delete schema.description;
  delete schema.examples;
  const media: JsonSchema = { schema };
  const example = composeExample(body);
  if (example !== undefined) media.example = example;
  const rb: JsonSchema = {};
  if (body.description !== "") rb.description = body.description;
  rb.required = body.required ?? true;
  rb.content = { "application/json": media };
  return rb;
}

/** The path key of an operation, with the extensions that address it (`x-rpc`, `x-fixed-query`). */
function addressOf(model: PageModel, op: JsonSchema): string {
  if (model.style === "RPC") {
    op["x-rpc"] = { action: model.operationId, version: model.product.version ?? "" };
    return `/?Action=${model.operationId}`;
  }
  const keys = Object.keys(model.fixedQuery).sort();
  if (keys.length === 0) return model.path;
  op["x-fixed-query"] = Object.fromEntries(keys.map((k) => [k, model.fixedQuery[k]]));
  return `${model.path}?${keys.map((k) => `${k}=${model.fixedQuery[k]}`).join("&")}`;
}

/** The page's rules as operation extensions: RAM action, QPS limit, time window, error codes. */
function addRules(model: PageModel, op: JsonSchema): void {
  if (model.ramAction !== undefined) op["x-ram-action"] = model.ramAction;
  if (model.qps !== undefined) {
    op["x-qps-limit"] = model.qps.limit;
    op["x-qps-limit-window"] = model.qps.window;
    if (model.qps.scope !== undefined) op["x-qps-limit-scope"] = model.qps.scope;
    op["x-qps-limit-overflow"] = model.qps.overflow;
  }
  if (model.timeWindow !== undefined) op["x-time-window"] = model.timeWindow;
  if (model.errorCodes.length > 0) op["x-error-codes"] = model.errorCodes;
}

/** Builds the OpenAPI operation (and its path key) of one page model. */
export function buildOperation(model: PageModel): BuiltOperation {
  const op: JsonSchema = { operationId: model.operationId };
  if (model.summary !== undefined) op.summary = model.summary;
  if (model.description !== undefined) op.description = model.description;
  const warnings: XDocgenWarning[] = [];
  if (model.parameters.length > 0)
    op.parameters = model.parameters.map((parameter) => parameterObject(parameter, model.page, warnings));
  if (model.body !== undefined) op.requestBody = requestBodyOf(model.body);
  const success = successResponse(model);
  op.responses = { "200": success.response, ...errorResponses(model) };
  op["x-api-style"] = model.style;
  const pathKey = addressOf(model, op);
  addRules(model, op);
  op["x-source"] = success.inferred ? { page: model.page, inferredFromExample: true } : { page: model.page };
  return { pathKey, method: model.method, operation: op, schemas: success.schemas, warnings };
}

/** The generated (pre-overlay) document of one product from its operations. */
export function assembleDocument(
  product: ProductInfo,
  pages: readonly string[],
  operations: readonly BuiltOperation[],
  warnings: readonly XDocgenWarning[],
): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas: Record<string, JsonSchema> = { [errorSchemaName(product)]: errorSchema(product) };
  for (const o of operations) {
    const item = paths[o.pathKey] ?? {};
    item[o.method] = o.operation;
    paths[o.pathKey] = item;
    Object.assign(schemas, o.schemas);
  }
  const doc: JsonSchema = {
    openapi: "3.1.0",
    info: {
      title: product.infoTitle,
      version: product.infoVersion,
      description: `Generated by specgate docgen from ${[...pages].sort().join(", ")}. Do not edit: regenerate with npm run gen:specs.`,
    },
    servers: product.servers,
    paths,
    components: { schemas },
    "x-product": xProductOf(product),
    "x-signature-schemes": product.signatureSchemes,
  };
  if (warnings.length > 0) doc["x-docgen-warnings"] = warnings;
  return doc;
}
