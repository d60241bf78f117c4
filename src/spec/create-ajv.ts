// Named import: under NodeNext the default import of this CommonJS module is typed as the module object.
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

/** The Ajv instance type used by specgate (draft 2020-12 dialect, the one OpenAPI 3.1 schemas are written in). */
export type SpecAjv = Ajv2020;

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * Creates the one Ajv instance of a CompiledSpec: strict mode (typos and unknown keywords are errors, not
 * silently ignored), all errors (a report lists every violation, not the first), verbose errors (the failing
 * value and schema come with each error, so `expected`/`actual` need no second lookup).
 * Union types are allowed because OpenAPI 3.1 expresses nullability as `type: ["string", "null"]`.
 * The OpenAPI format registry names (int32, int64, float, double, byte, binary, password; OpenAPI 3.1.0 §4.2)
 * are added so strict mode knows them.
 */
export function createAjv(): SpecAjv {
  const ajv = new Ajv2020({ strict: true, allErrors: true, verbose: true, allowUnionTypes: true });
  // ajv-formats is CommonJS; its plugin function is `module.exports` and also `module.exports.default`.
  addFormatsModule.default(ajv);
  ajv.addFormat("int32", {
    type: "number",
    validate: (n: number) => Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX,
  });
  // int64 values beyond 2^53 lose precision in JSON.parse already; any integer is accepted.
  ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat("float", { type: "number", validate: () => true });
  ajv.addFormat("double", { type: "number", validate: () => true });
  ajv.addFormat("byte", /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
  ajv.addFormat("binary", true);
  ajv.addFormat("password", true);
  return ajv;
}
