/**
 * Generated contract cases of every SLS operation in specs/sls.openapi.json (positive and negative; see
 * src/contract-cases/generate-cases.ts). A new operation in the spec gets its cases without a change here.
 */
import { generateCases } from "../src/contract-cases/generate-cases.ts";
import { loadSpecs } from "../src/openapi/load-specs.ts";
import { registerCaseTests, settings } from "./fixtures.ts";

const cases = generateCases(loadSpecs().sls, { seed: settings.seed, perOperation: settings.casesPerOperation });

registerCaseTests(cases);
