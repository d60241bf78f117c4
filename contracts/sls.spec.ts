/**
 * Generated contract cases of every SLS operation in specs/sls.openapi.json (positive and negative; see
 * src/contract/generate-cases.ts). A new operation in the spec gets its cases without a change here.
 */
import { generateCases } from "../src/contract/generate-cases.ts";
import { loadSpecs } from "../src/spec/load-specs.ts";
import { casesAnnotation, groupCases, identityOf, settings, test } from "./fixtures.ts";

const cases = generateCases(loadSpecs().sls, { seed: settings.seed, perOperation: settings.casesPerOperation });

for (const group of groupCases(cases)) {
  const first = group[0] as (typeof group)[number];
  test(`${first.operationId}: ${group.length} ${first.kind} cases`, {
    annotation: casesAnnotation(group.map(identityOf)),
  }, async ({ runCases }) => {
    await runCases(group);
  });
}
