/**
 * The entry of a product specgate has no module for: everything comes from the spec docgen wrote
 * (`x-product`, `x-signature-schemes`, `servers`), so a page of any RPC or ROA product is served and
 * reachable without code (issue 12). Its settings are `endpoint` plus each server variable, with the
 * spec's values as defaults, so they are never required for a real account either.
 */
import { EMPTY_CONTRACT } from "./product-contract.ts";
import { type ProductDefinition, type ProductSettings, setting, type TargetSetting } from "./product-definition.ts";
import type { SpecProductFacts } from "./spec-product-facts.ts";

/**
 * Default request bounds (docs/mock-limits.md#request-size): a body up to 10 MiB, as SLS documents (413
 * PostBodyTooLarge above 10485760 bytes, docs/alibaba/sls-errors.md); the POP gateway documents no figure. A query up
 * to 16 KiB: Node refuses a request line and headers above that together (431) before the mock sees them.
 */
export const DEFAULT_LIMITS = { maxQueryBytes: 16 * 1024, maxBodyBytes: 10 * 1024 * 1024 } as const;

/** Fills `{name}` in a host template from `settings` (an unknown name stays as written). */
export function fillHostTemplate(template: string, settings: ProductSettings): string {
  return template.replace(/\{([^}]+)\}/g, (whole, name: string) => settings[name] ?? whole);
}

function settingsOf(facts: SpecProductFacts): TargetSetting[] {
  const id = facts.product.id;
  const endpoint = facts.variables.find((v) => v.name === "endpoint");
  const out = [
    setting(
      id,
      "endpoint",
      endpoint?.default ?? facts.hostTemplate,
      false,
      endpoint?.description ?? `${facts.title} endpoint`,
    ),
  ];
  for (const v of facts.variables)
    if (v.name !== "endpoint")
      out.push(setting(id, v.name, v.default, false, v.description ?? `${facts.title} ${v.name}`));
  return out;
}

/** The entry of a product without a module, from its spec's facts. */
export function genericProduct(facts: SpecProductFacts): ProductDefinition {
  // With an `{endpoint}` variable the template says where the endpoint goes; without one the template is the
  // endpoint itself, which the `endpoint` setting then replaces.
  const template = facts.variables.some((v) => v.name === "endpoint") ? facts.hostTemplate : "{endpoint}";
  return {
    id: facts.product.id,
    title: facts.title,
    style: facts.product.style,
    apiVersion: facts.product.version ?? facts.infoVersion,
    signatureSchemes: facts.signatureSchemes,
    errorBody: facts.product.errorBody,
    settings: settingsOf(facts),
    host: (s) => fillHostTemplate(template, s),
    limits: DEFAULT_LIMITS,
    contract: EMPTY_CONTRACT,
  };
}
