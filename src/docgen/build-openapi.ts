import type { XDocgenWarning, XErrorCode } from "../openapi/extensions.ts";
import { composeExample, exampleOf, fieldSchema } from "./build-schema.ts";
import { inferSchema, type JsonSchema } from "./infer-schema.ts";
import type { DocField } from "./parameter-model.ts";
import type { PageModel } from "./parse-page.ts";
import { type ProductInfo, xProductOf } from "./products.ts";

/** One operation ready to be placed in a document. */
export interface BuiltOperation {
  pathKey: string;
  method: string;
  operation: JsonSchema;
  /** Shared schemas the operation refers to (inferred `Array of X` items). */
  schemas: Record<string, JsonSchema>;
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

/** Lays the table's schema over the one inferred from the example: the table wins where it speaks. */
function overlaySchema(base: JsonSchema, over: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(over)) {
    const b = base[k];
    const bothObjects =
      b !== null && typeof b === "object" && v !== null && typeof v === "object" && !("$ref" in (v as object));
    if (k === "items" && bothObjects) out[k] = overlaySchema(b as JsonSchema, v as JsonSchema);
    else if (k === "properties" && bothObjects) {
      const props: Record<string, JsonSchema> = {};
      const bp = b as Record<string, JsonSchema>;
      for (const [pk, pv] of Object.entries(v as Record<string, JsonSchema>)) {
        const bv = bp[pk];
        props[pk] = bv === undefined ? pv : overlaySchema(bv, pv);
      }
      for (const [pk, pv] of Object.entries(bp)) if (props[pk] === undefined) props[pk] = pv;
      out[k] = props;
    } else out[k] = v;
  }
  for (const [k, v] of Object.entries(base)) if (!(k in out)) out[k] = v;
  return out;
}

function refTarget(f: DocField): string | undefined {
  return f.type.kind === "array" && f.items === undefined ? f.type.itemsRef : undefined;
}

function successResponse(model: PageModel): {
  response: JsonSchema;
  schemas: Record<string, JsonSchema>;
  inferred: boolean;
} {
  const schemas: Record<string, JsonSchema> = {};
  const root = model.response;
  let schema: JsonSchema | undefined;
  let inferred = false;
  if (root !== undefined) {
    schema = fieldSchema(root, { request: false });
    delete schema.examples;
  }
  if (model.responseThin && model.example !== undefined) {
    const guess = inferSchema(model.example.value);
    inferred = true;
    const ref = root === undefined ? undefined : refTarget(root);
    if (ref !== undefined && guess.items !== undefined) {
      schemas[ref] = { ...(guess.items as JsonSchema), "x-source": { page: model.page, inferredFromExample: true } };
      schema = { ...(schema ?? {}), type: "array", items: { $ref: `#/components/schemas/${ref}` } };
    } else {
      schema = schema === undefined ? guess : overlaySchema(guess, schema);
    }
  }
  const description = root?.description !== undefined && root.description !== "" ? root.description : "OK";
  if (schema !== undefined) delete schema.description;
  const media: JsonSchema = {};
  if (schema !== undefined) media.schema = schema;
  if (model.example !== undefined) {
    media.examples = { success: { summary: "Sample success response from the page", value: model.example.value } };
  }
  const response: JsonSchema = { description };
  if (Object.keys(media).length > 0) response.content = { "application/json": media };
  return { response, schemas, inferred };
}

function parameterObject(f: DocField, where: string): JsonSchema {
  const p: JsonSchema = { name: f.name, in: where };
  if (f.description !== "") p.description = f.description;
  p.required = where === "path" ? true : f.required === true;
  p.schema = fieldSchema(f, { request: true, bare: true });
  const example = exampleOf(f);
  if (example !== undefined) p.example = example;
  return p;
}

/** Builds the OpenAPI operation (and its path key) of one page model. */
export function buildOperation(model: PageModel): BuiltOperation {
  const op: JsonSchema = { operationId: model.operationId };
  if (model.summary !== undefined) op.summary = model.summary;
  if (model.description !== undefined) op.description = model.description;
  if (model.parameters.length > 0) op.parameters = model.parameters.map((p) => parameterObject(p.field, p.in));
  if (model.body !== undefined) {
    const schema = fieldSchema(model.body, { request: true });
    delete schema.description;
    delete schema.examples;
    const media: JsonSchema = { schema };
    const example = composeExample(model.body);
    if (example !== undefined) media.example = example;
    const rb: JsonSchema = {};
    if (model.body.description !== "") rb.description = model.body.description;
    rb.required = model.body.required ?? true;
    rb.content = { "application/json": media };
    op.requestBody = rb;
  }
  const success = successResponse(model);
  op.responses = { "200": success.response, ...errorResponses(model) };
  op["x-api-style"] = model.style;
  let pathKey = model.path;
  if (model.style === "RPC") {
    pathKey = `/?Action=${model.operationId}`;
    op["x-rpc"] = { action: model.operationId, version: model.product.version ?? "" };
  } else if (Object.keys(model.fixedQuery).length > 0) {
    const keys = Object.keys(model.fixedQuery).sort();
    pathKey = `${model.path}?${keys.map((k) => `${k}=${model.fixedQuery[k]}`).join("&")}`;
    op["x-fixed-query"] = Object.fromEntries(keys.map((k) => [k, model.fixedQuery[k]]));
  }
  if (model.ramAction !== undefined) op["x-ram-action"] = model.ramAction;
  if (model.qps !== undefined) {
    op["x-qps-limit"] = model.qps.limit;
    if (model.qps.scope !== undefined) op["x-qps-limit-scope"] = model.qps.scope;
    op["x-qps-limit-overflow"] = model.qps.overflow;
  }
  if (model.timeWindow !== undefined) op["x-time-window"] = model.timeWindow;
  if (model.errorCodes.length > 0) op["x-error-codes"] = model.errorCodes;
  op["x-source"] = success.inferred ? { page: model.page, inferredFromExample: true } : { page: model.page };
  return { pathKey, method: model.method, operation: op, schemas: success.schemas };
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
