/**
 * What a spec document says about its product (`x-product`, `info`, `x-signature-schemes`, `servers[0]`),
 * read without compiling it: the registry builds a product entry from these for any product without a module.
 * Node-free (the k6 bundles carry the registry).
 */
import type { SignatureScheme, XProduct } from "../openapi/extensions.ts";
import { isJsonObject as isObj } from "../openapi/is-json-object.ts";
import { readXProduct, readXSignatureSchemes } from "../openapi/read-extensions.ts";
import { REGENERATE_HINT, SpecError } from "../openapi/spec-error.ts";

/** One server variable (OpenAPI 3.1 §4.8.6): a part of the Host the client fills in. */
export interface ServerVariable {
  name: string;
  default: string;
  description?: string;
}

/** What a spec document says about its product. */
export interface SpecProductFacts {
  product: XProduct;
  title: string;
  /** `info.version`; RPC products use it as `Version` when x-product has none. */
  infoVersion: string;
  signatureSchemes: readonly SignatureScheme[];
  /** Host template of `servers[0].url` without scheme and path, e.g. `vpc.aliyuncs.com`, `{project}.{endpoint}`. */
  hostTemplate: string;
  /** `servers[0].variables`, in document order. */
  variables: readonly ServerVariable[];
}

type Obj = Readonly<Record<string, unknown>>;

function readServer(doc: Obj, id: string): { hostTemplate: string; variables: ServerVariable[] } {
  const server = Array.isArray(doc.servers) ? (doc.servers as unknown[])[0] : undefined;
  const url = isObj(server) && typeof server.url === "string" ? server.url : undefined;
  const host = url === undefined ? undefined : /^[a-z][a-z0-9+.-]*:\/\/([^/?#]+)/i.exec(url)?.[1];
  if (host === undefined)
    throw new SpecError(
      `the '${id}' spec has no servers[0].url with a host (e.g. https://${id}.aliyuncs.com). ${REGENERATE_HINT}`,
    );
  const declared = isObj(server) && isObj(server.variables) ? server.variables : {};
  const variables = Object.entries(declared).map(([name, v]): ServerVariable => {
    if (!isObj(v) || typeof v.default !== "string")
      throw new SpecError(`the '${id}' spec's server variable '${name}' has no string default. ${REGENERATE_HINT}`);
    return typeof v.description === "string"
      ? { name, default: v.default, description: v.description }
      : { name, default: v.default };
  });
  return { hostTemplate: host, variables };
}

/** Reads the product facts of an OpenAPI document written by docgen. Throws SpecError naming what is missing. */
export function readSpecProductFacts(doc: Obj): SpecProductFacts {
  const product = readXProduct(doc);
  const info = isObj(doc.info) ? doc.info : {};
  return {
    product,
    title: typeof info.title === "string" ? info.title : product.id,
    infoVersion: typeof info.version === "string" ? info.version : "",
    signatureSchemes: readXSignatureSchemes(doc, "the document") ?? [],
    ...readServer(doc, product.id),
  };
}
