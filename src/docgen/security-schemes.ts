import type { SignatureScheme } from "../openapi/extensions.ts";
import { isJsonObject as isObject } from "../openapi/is-json-object.ts";
import type { JsonObject } from "./merge-overlay.ts";

/**
 * Each signature scheme of `x-signature-schemes` as an OpenAPI Security Scheme Object (OpenAPI 3.1 §4.8.27), so
 * that OpenAPI tools (linters, documentation renderers, mock servers) know a request is signed and how.
 * The header schemes are `http` schemes named by the token their `Authorization` header starts with; RPC v1
 * signs the query, so it is an `apiKey` in the query parameter `Signature`. specgate's own readers keep using
 * `x-signature-schemes` (preference order, operation overrides); `security` is derived from it, never the
 * other way round.
 */
const SECURITY_SCHEMES: Readonly<Record<SignatureScheme, JsonObject>> = {
  "acs3-hmac-sha256": {
    type: "http",
    scheme: "ACS3-HMAC-SHA256",
    description:
      "Signature V3: `Authorization: ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=…,Signature=<hex>` over the x-acs-action, x-acs-version, x-acs-date, x-acs-signature-nonce and x-acs-content-sha256 headers (docs/alibaba/acs3-signature.md; https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature).",
  },
  "rpc-v1": {
    type: "apiKey",
    in: "query",
    name: "Signature",
    description:
      "RPC signature v1: HMAC-SHA1 of the sorted query (and form body), sent as the `Signature` parameter with AccessKeyId, SignatureMethod=HMAC-SHA1, SignatureVersion=1.0, SignatureNonce and Timestamp (docs/alibaba/rpc-signature-v1.md; https://help.aliyun.com/zh/sdk/product-overview/rpc-mechanism).",
  },
  "sls-v1-hmac-sha256": {
    type: "http",
    scheme: "LOG",
    description:
      "SLS signature v1 with HMAC-SHA256: `Authorization: LOG <AccessKeyId>:<Signature>` and `x-log-signaturemethod: hmac-sha256`, as the current TypeScript SDK sends it (docs/alibaba/sls-signature-v1.md; https://help.aliyun.com/en/sls/developer-reference/request-signatures).",
  },
  "sls-v1-hmac-sha1": {
    type: "http",
    scheme: "LOG",
    description:
      "SLS signature v1 with HMAC-SHA1: `Authorization: LOG <AccessKeyId>:<Signature>` and `x-log-signaturemethod: hmac-sha1` (docs/alibaba/sls-signature-v1.md; https://help.aliyun.com/en/sls/developer-reference/request-signatures).",
  },
  "sls-v4": {
    type: "http",
    scheme: "SLS4-HMAC-SHA256",
    description:
      "SLS signature v4: `Authorization: SLS4-HMAC-SHA256 Credential=<AccessKeyId>/<date>/<region>/sls/aliyun_v4_request,Signature=<hex>` with x-log-date and x-log-content-sha256 (docs/alibaba/sls-signature-v4.md; https://help.aliyun.com/en/sls/developer-reference/request-signature-v4).",
  },
};

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

function isKnownScheme(name: unknown): name is SignatureScheme {
  return typeof name === "string" && Object.hasOwn(SECURITY_SCHEMES, name);
}

/** The known schemes of a node's `x-signature-schemes`, in its order; `undefined` when it has none. */
function schemesOf(node: JsonObject): SignatureScheme[] | undefined {
  const list = node["x-signature-schemes"];
  return Array.isArray(list) ? list.filter(isKnownScheme) : undefined;
}

/** A security requirement per scheme: any one of them authorises the request (OpenAPI 3.1 §4.8.30). */
function requirementsOf(schemes: readonly SignatureScheme[]): JsonObject[] {
  return schemes.map((s) => ({ [s]: [] }));
}

/** Each operation with its own `x-signature-schemes` gets its own `security`; returns the schemes they name. */
function declareOperations(paths: JsonObject): { paths: JsonObject; used: SignatureScheme[] } {
  const used: SignatureScheme[] = [];
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(paths)) {
    if (!isObject(item)) {
      out[key] = item;
      continue;
    }
    const methods: JsonObject = { ...item };
    for (const m of METHODS) {
      const op = methods[m];
      const own = isObject(op) ? schemesOf(op) : undefined;
      if (!isObject(op) || own === undefined) continue;
      methods[m] = { ...op, security: requirementsOf(own) };
      used.push(...own);
    }
    out[key] = methods;
  }
  return { paths: out, used };
}

/** `doc` with `security` placed right after `servers` (where OpenAPI documents usually state it). */
function withRootSecurity(doc: JsonObject, security: JsonObject[]): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(doc)) {
    if (k === "security") continue;
    out[k] = v;
    if (k === "servers") out.security = security;
  }
  if (!("security" in out)) out.security = security;
  return out;
}

/**
 * Declares the document's signature schemes as OpenAPI security: `components.securitySchemes` holds every scheme
 * the document or an operation names in `x-signature-schemes`, the root `security` lists the document's schemes
 * as alternatives, and an operation with schemes of its own gets its own `security`. Run after the overlay is
 * merged, so an overlay changes the schemes through `x-signature-schemes` alone.
 */
export function declareSecurity(doc: JsonObject): JsonObject {
  const root = schemesOf(doc) ?? [];
  const ops = isObject(doc.paths) ? declareOperations(doc.paths) : undefined;
  const names = [...new Set([...root, ...(ops?.used ?? [])])];
  const securitySchemes = Object.fromEntries(names.map((n) => [n, SECURITY_SCHEMES[n]]));
  const components = isObject(doc.components) ? doc.components : {};
  const out = withRootSecurity(ops === undefined ? doc : { ...doc, paths: ops.paths }, requirementsOf(root));
  out.components = { ...components, securitySchemes };
  return out;
}
