/**
 * "Fixtures for operations": which inputs of an operation are bound to run-time resources and which are drawn
 * from a narrower schema than the spec states, and why. The rules are data in each product's registry entry
 * (`contract`, src/products/product-contract.ts): product-wide defaults plus per-operation additions. On top of
 * them, an input named like one of the product's target settings (`AppId` ↔ `live.appId`, `logstore` ↔
 * `sls.logstore`) is bound to the target's value, so an operation a new page adds reaches the configured
 * resource without an entry. Everything else is drawn from the spec's schemas (schema-arbitrary.ts).
 *
 * Input keys: `path.<name>`, `query.<name>`, `header.<name>`, `body` (the whole body) or `body.<property>`.
 */
import type { InputRule, UnknownResourceRule } from "../products/product-contract.ts";
import type { ProductDefinition } from "../products/product-definition.ts";

export type { InputRule, UnknownResourceRule } from "../products/product-contract.ts";

/** The merged rules of one operation. */
export interface OperationFixture {
  inputs: Readonly<Record<string, InputRule>>;
  unknown: readonly UnknownResourceRule[];
}

/** The setting an input is named after (case-insensitive), if any; `endpoint` is where to connect, not an input. */
function settingNamed(product: ProductDefinition, inputKey: string): string | undefined {
  const name = inputKey.slice(inputKey.indexOf(".") + 1).toLowerCase();
  return product.settings.find((s) => s.key !== "endpoint" && s.key.toLowerCase() === name)?.key;
}

/**
 * The fixture of `operationId`: for each of `inputKeys` not covered by a rule, a binding to the setting it is
 * named after; then the product defaults; then the operation's own rules (its `unknown` replaces the defaults').
 */
export function fixtureForOperation(
  product: ProductDefinition,
  operationId: string,
  inputKeys: readonly string[] = [],
): OperationFixture {
  const { defaults, operations } = product.contract;
  const own = operations[operationId] ?? {};
  const implicit: Record<string, InputRule> = {};
  for (const key of inputKeys) {
    const setting = settingNamed(product, key);
    if (setting !== undefined)
      implicit[key] = { bind: setting, note: `the target's ${product.id}.${setting} (named like the input)` };
  }
  return {
    inputs: { ...implicit, ...(defaults.inputs ?? {}), ...(own.inputs ?? {}) },
    unknown: own.unknown ?? defaults.unknown ?? [],
  };
}
