import { createRequire } from "node:module";
import type { Ajv2020 } from "ajv/dist/2020.js";
import { OPENAPI_FORMATS } from "./openapi-formats.ts";

/** The Ajv instance type used by specgate (draft 2020-12 dialect, the one OpenAPI 3.1 schemas are written in). */
export type SpecAjv = Ajv2020;

/** Options of `createAjv`. */
export interface CreateAjvOptions {
  /**
   * Keep each compiled validator's code and refer to formats as `formats.<name>` (Ajv `code.source` and
   * `code.formats`), so `standaloneCode` can write the validators out as a module (precompiled-validators.ts).
   */
  source?: boolean;
}

// Ajv is required on first use rather than imported: a process whose validators were generated ahead of time
// (specgate mock, loading specs/<id>.validators.cjs) never loads Ajv's compiler, ~50 ms of start-up.
const require = createRequire(import.meta.url);

/**
 * Creates the one Ajv instance of a CompiledSpec: strict mode (typos and unknown keywords are errors, not
 * silently ignored), all errors (a report lists every violation, not the first), verbose errors (the failing
 * value and schema come with each error, so `expected`/`actual` need no second lookup).
 * Union types are allowed because OpenAPI 3.1 expresses nullability as `type: ["string", "null"]`.
 * The OpenAPI format registry names (openapi-formats.ts) are added so strict mode knows them.
 */
export function createAjv(options: CreateAjvOptions = {}): SpecAjv {
  const ajvModule = require("ajv/dist/2020.js") as typeof import("ajv/dist/2020.js");
  const ajv = new ajvModule.Ajv2020({
    strict: true,
    allErrors: true,
    verbose: true,
    allowUnionTypes: true,
    ...(options.source === true ? { code: { source: true, formats: ajvModule._`formats` } } : {}),
  });
  // ajv-formats is CommonJS; its plugin function is `module.exports` and also `module.exports.default`.
  (require("ajv-formats") as typeof import("ajv-formats")).default(ajv);
  for (const [name, format] of Object.entries(OPENAPI_FORMATS)) ajv.addFormat(name, format);
  return ajv;
}
