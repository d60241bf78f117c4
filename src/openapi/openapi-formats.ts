/**
 * The OpenAPI format registry names (int32, int64, float, double, byte, binary, password; OpenAPI 3.1.0 §4.2)
 * as Ajv format definitions. One table serves both ways validators are made: `createAjv` adds them to the
 * Ajv instance, and the pre-generated validators (specs/<id>.validators.cjs, see precompiled-validators.ts)
 * receive them with ajv-formats' formats, since generated code cannot carry functions.
 */
import type { Format } from "ajv/dist/2020.js";

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** Format name → Ajv format definition. */
export const OPENAPI_FORMATS: Readonly<Record<string, Format>> = Object.freeze<Record<string, Format>>({
  int32: { type: "number", validate: (n: number) => Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX },
  // int64 values beyond 2^53 lose precision in JSON.parse already; any integer is accepted.
  int64: { type: "number", validate: (n: number) => Number.isInteger(n) },
  float: { type: "number", validate: () => true },
  double: { type: "number", validate: () => true },
  byte: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
  binary: true,
  password: true,
});
