/**
 * The products the mock serves: one per loaded spec, each paired with its registry entry (src/products/registry.ts:
 * SLS and Live have modules of their own, any other product gets a generic entry built from its spec) and the
 * wire dialect its error body names. Built once at start-up; the request pipeline reads only these, so no stage
 * names a product.
 */
import type { CompiledSpec } from "../openapi/compiled-spec.ts";
import type { SignatureScheme } from "../openapi/extensions.ts";
import { isJsonObject as isObj } from "../openapi/is-json-object.ts";
import type { LoadedSpecs } from "../openapi/load-specs.ts";
import type { SpecProductFacts } from "../products/generic-product.ts";
import type { ProductDefinition } from "../products/product-definition.ts";
import { PRODUCT_MODULES, productFor } from "../products/registry.ts";

/** A loaded spec and the product entry it is served as. */
export interface ProductSpec {
  readonly definition: ProductDefinition;
  readonly spec: CompiledSpec;
}

/**
 * Every loaded spec with its product entry: products with a module first, in the registry's order (so the
 * first ROA product, SLS, answers requests no product claims, and the first RPC product, Live, answers
 * RPC requests before an Action is known, as before), then the others by id.
 */
export function listProductSpecs(specs: LoadedSpecs): ProductSpec[] {
  const all = (Object.values(specs) as CompiledSpec[]).map((spec) => ({
    definition: productFor(readProductFacts(spec)),
    spec,
  }));
  const order = [...PRODUCT_MODULES.keys()];
  const rank = (id: string) => {
    const at = order.indexOf(id);
    return at < 0 ? order.length : at;
  };
  return all.sort(
    (a, b) => rank(a.definition.id) - rank(b.definition.id) || a.definition.id.localeCompare(b.definition.id),
  );
}

/** What a spec document says about its product (x-product, info, x-signature-schemes, servers). */
export function readProductFacts(spec: CompiledSpec): SpecProductFacts {
  const doc = spec.document;
  const info = isObj(doc.info) ? doc.info : {};
  const schemes = Array.isArray(doc["x-signature-schemes"]) ? (doc["x-signature-schemes"] as SignatureScheme[]) : [];
  return {
    product: spec.product,
    title: typeof info.title === "string" ? info.title : spec.product.id,
    infoVersion: typeof info.version === "string" ? info.version : "",
    signatureSchemes: schemes,
    endpoint: readEndpoint(doc.servers) ?? `${spec.product.id}.aliyuncs.com`,
  };
}

/** The host of `servers[0].url`, with `{variable}`s replaced by their defaults (SLS: `{project}.{endpoint}`). */
function readEndpoint(servers: unknown): string | undefined {
  const first: unknown = Array.isArray(servers) ? servers[0] : undefined;
  if (!isObj(first) || typeof first.url !== "string") return undefined;
  const variables = isObj(first.variables) ? first.variables : {};
  // SLS puts the project in front of the endpoint; the endpoint variable alone is the product's host.
  const endpoint = variables.endpoint;
  if (isObj(endpoint) && typeof endpoint.default === "string") return endpoint.default;
  const url = first.url.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const v = variables[name];
    return isObj(v) && typeof v.default === "string" ? v.default : name;
  });
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

/** The settings a mock or URL target uses for `definition` (each setting's mock default), e.g. for its Host. */
export function mockSettingsOf(definition: ProductDefinition): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const s of definition.settings) settings[s.key] = s.mockDefault;
  return settings;
}
