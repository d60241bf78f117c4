/**
 * Generated contract cases (positive and negative; src/contract-cases/generate-cases.ts) of every operation of
 * every spec in specs/, whatever its product: a new page adds its cases, a new product's spec adds its product.
 * On a real account, the cases of a write operation its product does not declare safe are skipped unless the
 * run was started with --allow-writes (src/contract-cases/operation-safety.ts). The tests of this file run in
 * parallel across the workers; each worker paces an operation at its share of the documented `x-qps-limit`.
 */
import { generateCases } from "../src/contract-cases/generate-cases.ts";
import { realAccountSkipReason } from "../src/contract-cases/operation-safety.ts";
import { loadSpecs } from "../src/openapi/load-specs.ts";
import { registerCaseTests, settings, test } from "./fixtures.ts";

test.describe.configure({ mode: "parallel" });

for (const { spec, definition } of loadSpecs(settings.specsDir).products.values()) {
  const cases = generateCases(spec, {
    seed: settings.seed,
    perOperation: settings.casesPerOperation,
    product: definition,
  });
  registerCaseTests(cases, (operationId) => {
    const op = spec.operations.get(operationId);
    if (!settings.realTarget || op === undefined) return undefined;
    return realAccountSkipReason(op, definition, settings.allowWrites);
  });
}
