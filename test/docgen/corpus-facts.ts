/**
 * docgen's OpenAPI output → the facts the corpus oracle states (test/docgen/corpus/README.md), so the
 * two can be compared: parameters with their location, response fields as JSON paths, error codes and
 * the QPS limit. Pure; reads only the document it is given.
 */
import { isJsonObject } from "../../src/openapi/is-json-object.ts";

type Json = Record<string, unknown>;

/** A request parameter as docgen emitted it. */
export interface EmittedParameter {
  name: string;
  /** `query`, `path`, `header`, `body` (a requestBody property, or the whole body), `host` (a server variable). */
  in: string;
  type: string | undefined;
  required: boolean;
  /** The text before the placeholder in the path template, for `in: path` (`shards` for `/shards/{shard}`). */
  pathSegment?: string;
  /** `x-rpc-style`: how an RPC list or object travels. */
  rpcStyle?: string;
}

/** The QPS limit as docgen emitted it: requests per `windowSeconds`. */
export interface EmittedQps {
  limit: number;
  windowSeconds: number;
}

/** Everything the scorer compares, for one operation. */
export interface EmittedFacts {
  method: string;
  path: string;
  parameters: EmittedParameter[];
  /** JSON path → type (`Logs[].Time` → `integer`); `[]` is a top-level array. */
  response: Map<string, string | undefined>;
  errorCodes: { status: number; code: string }[];
  qps: EmittedQps | undefined;
}

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

/** Follows a local `$ref` (`#/components/schemas/X`) once per step; other values are returned as they are. */
function deref(doc: Json, value: unknown, depth = 0): unknown {
  if (!isJsonObject(value) || typeof value.$ref !== "string" || depth > 16) return value;
  let target: unknown = doc;
  for (const key of value.$ref.replace(/^#\//, "").split("/")) target = isJsonObject(target) ? target[key] : undefined;
  return deref(doc, target, depth + 1);
}

function schemaType(schema: unknown): string | undefined {
  if (!isJsonObject(schema)) return undefined;
  const t = schema.type;
  if (typeof t === "string") return t;
  if (Array.isArray(t)) return t.find((x): x is string => typeof x === "string" && x !== "null");
  if (isJsonObject(schema.properties)) return "object";
  return undefined;
}

/** The operation with this operationId, with its method and path key. */
function findOperation(
  doc: Json,
  operationId: string,
): { method: string; path: string; op: Json; item: Json } | undefined {
  const paths = isJsonObject(doc.paths) ? doc.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isJsonObject(item)) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (isJsonObject(op) && op.operationId === operationId) return { method: method.toUpperCase(), path, op, item };
    }
  }
  return undefined;
}

/** `{project}` in the server URL is a parameter carried in the Host (SLS); `endpoint` is not a parameter. */
function hostParameters(doc: Json, op: Json): EmittedParameter[] {
  const servers = Array.isArray(op.servers) ? op.servers : Array.isArray(doc.servers) ? doc.servers : [];
  const first: unknown = servers[0];
  if (!isJsonObject(first) || typeof first.url !== "string") return [];
  const names = [...first.url.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? "");
  return names
    .filter((n) => n !== "endpoint" && n !== "")
    .map((name) => ({ name, in: "host", type: "string", required: true }));
}

function pathSegments(path: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of path.split("?")[0]?.matchAll(/([^/{}]*)\/\{([^}]+)\}/g) ?? []) out.set(m[2] ?? "", m[1] ?? "");
  return out;
}

function declaredParameters(doc: Json, list: unknown, path: string): EmittedParameter[] {
  const segments = pathSegments(path);
  const out: EmittedParameter[] = [];
  for (const raw of Array.isArray(list) ? list : []) {
    const p = deref(doc, raw);
    if (!isJsonObject(p) || typeof p.name !== "string" || typeof p.in !== "string") continue;
    const param: EmittedParameter = {
      name: p.name,
      in: p.in,
      type: schemaType(deref(doc, p.schema)),
      required: p.required === true,
    };
    const segment = segments.get(p.name);
    if (p.in === "path" && segment !== undefined) param.pathSegment = segment;
    if (typeof p["x-rpc-style"] === "string") param.rpcStyle = p["x-rpc-style"];
    out.push(param);
  }
  return out;
}

/** A JSON request body: its properties are `body` parameters; a non-object body is one parameter named `body`. */
function bodyParameters(doc: Json, op: Json): EmittedParameter[] {
  const body = deref(doc, op.requestBody);
  if (!isJsonObject(body) || !isJsonObject(body.content)) return [];
  const media = Object.values(body.content).find(isJsonObject);
  const schema = deref(doc, media?.schema);
  if (!isJsonObject(schema)) return [];
  if (schemaType(schema) !== "object" || !isJsonObject(schema.properties))
    return [{ name: "body", in: "body", type: schemaType(schema), required: body.required === true }];
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  return Object.entries(schema.properties).map(([name, s]) => ({
    name,
    in: "body",
    type: schemaType(deref(doc, s)),
    required: required.has(name),
  }));
}

function walkSchema(doc: Json, schema: unknown, prefix: string, out: Map<string, string | undefined>, depth: number) {
  const s = deref(doc, schema);
  if (!isJsonObject(s) || depth > 12) return;
  const type = schemaType(s);
  if (type === "array") {
    const items = deref(doc, s.items);
    if (prefix === "") out.set("[]", "array");
    if (schemaType(items) === "object" || schemaType(items) === "array")
      walkSchema(doc, items, `${prefix}[]`, out, depth + 1);
    return;
  }
  if (!isJsonObject(s.properties)) return;
  for (const [name, child] of Object.entries(s.properties)) {
    const path = prefix === "" ? name : `${prefix}.${name}`;
    const c = deref(doc, child);
    out.set(path, schemaType(c));
    if (schemaType(c) === "object" || schemaType(c) === "array") walkSchema(doc, c, path, out, depth + 1);
  }
}

/** The fields of the first 2xx JSON response body. */
function responseFields(doc: Json, op: Json): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  const responses = isJsonObject(op.responses) ? op.responses : {};
  const key = Object.keys(responses).find((k) => /^2\d\d$/.test(k));
  const response = deref(doc, key === undefined ? undefined : responses[key]);
  if (!isJsonObject(response) || !isJsonObject(response.content)) return out;
  const media = Object.values(response.content).find(isJsonObject);
  walkSchema(doc, media?.schema, "", out, 0);
  return out;
}

function errorCodes(op: Json): { status: number; code: string }[] {
  const list = op["x-error-codes"];
  if (!Array.isArray(list)) return [];
  return list.filter(isJsonObject).map((e) => ({ status: Number(e.status), code: String(e.code) }));
}

const WINDOW_SECONDS: Record<string, number> = { second: 1, minute: 60, hour: 3600 };

/**
 * `x-qps-limit` is requests per second (src/openapi/extensions.ts). A window may be stated beside it
 * (`x-qps-limit-window`: `"minute"` or a number of seconds), or the limit may be an object
 * `{ limit, window }`: both are read, so a per-minute limit can be scored once docgen keeps it.
 */
function qps(op: Json): EmittedQps | undefined {
  const raw = op["x-qps-limit"];
  const declared = isJsonObject(raw) ? raw.window : op["x-qps-limit-window"];
  const limit = isJsonObject(raw) ? raw.limit : raw;
  if (typeof limit !== "number") return undefined;
  const windowSeconds =
    typeof declared === "number" ? declared : typeof declared === "string" ? (WINDOW_SECONDS[declared] ?? 1) : 1;
  return { limit, windowSeconds };
}

/** The facts of operation `operationId` in a generated document, or undefined when it is not there. */
export function extractFacts(doc: Json, operationId: string): EmittedFacts | undefined {
  const found = findOperation(doc, operationId);
  if (found === undefined) return undefined;
  const { op, item, path } = found;
  const parameters = [
    ...hostParameters(doc, op),
    ...declaredParameters(doc, item.parameters, path),
    ...declaredParameters(doc, op.parameters, path),
    ...bodyParameters(doc, op),
  ];
  return {
    method: found.method,
    path,
    parameters,
    response: responseFields(doc, op),
    errorCodes: errorCodes(op),
    qps: qps(op),
  };
}
