/**
 * Generated contract cases of every SLS operation in specs/sls.openapi.json (positive and negative; see
 * src/contract/generate-cases.ts). A new operation in the spec gets its cases without a change here.
 */
import { generateCases } from "../src/contract/generate-cases.ts";
import { loadSpecs } from "../src/spec/load-specs.ts";
import { registerCaseTests, settings } from "./fixtures.ts";

const cases = generateCases(loadSpecs().sls, { seed: settings.seed, perOperation: settings.casesPerOperation });

registerCaseTests(cases);
