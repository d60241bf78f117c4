import type { ErrorObject } from "ajv/dist/2020.js";
import { describeSchema } from "./describe-schema.ts";
import {
  createViolation,
  escapePointerToken,
  renderActual,
  unescapePointerToken,
  type Violation,
} from "./violation.ts";

/** Keywords whose failure is best explained by the whole schema they sit in ("integer ≥ 1 and ≤ 100"). */
const DESCRIBE_PARENT = new Set([
  "type",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "enum",
  "const",
  "minItems",
  "maxItems",
  "uniqueItems",
  "minProperties",
  "maxProperties",
]);

/** How a violation names its target: the check, and for parameters how to find the parameter in the pointer. */
export interface ViolationTarget {
  operationId: string;
  check: string;
  /** Request parameters: maps the first pointer token (the parameter name) to its check ("request.query"…). */
  parameterChecks?: ReadonlyMap<string, string>;
}

/**
 * Converts Ajv errors (compiled with `verbose: true`) into Violations, one per error.
 * `expected` comes from the keyword and its schema: `type`/range keywords render the enclosing schema
 * ("integer ≥ 1 and ≤ 100"), `required` → "property 'X'", `additionalProperties` → "no property 'X'".
 */
export function convertAjvErrors(errors: readonly ErrorObject[], target: ViolationTarget): Violation[] {
  const out: Violation[] = [];
  for (const e of errors) {
    let pointer = e.instancePath;
    let expected: string;
    let actual: string;
    switch (e.keyword) {
      case "required": {
        const name = String((e.params as { missingProperty?: unknown }).missingProperty);
        pointer = `${pointer}/${escapePointerToken(name)}`;
        expected = `property '${name}'`;
        actual = "(missing)";
        break;
      }
      case "additionalProperties":
      case "unevaluatedProperties": {
        const name = String(
          (e.params as { additionalProperty?: unknown; unevaluatedProperty?: unknown }).additionalProperty ??
            (e.params as { unevaluatedProperty?: unknown }).unevaluatedProperty,
        );
        pointer = `${pointer}/${escapePointerToken(name)}`;
        expected = `no property '${name}'`;
        actual = renderActual((e.data as Record<string, unknown> | undefined)?.[name]);
        break;
      }
      case "dependentRequired": {
        const p = e.params as { property?: unknown; missingProperty?: unknown };
        expected = `property '${String(p.missingProperty)}' when '${String(p.property)}' is present`;
        actual = renderActual(e.data);
        break;
      }
      default:
        expected = DESCRIBE_PARENT.has(e.keyword)
          ? describeSchema(e.parentSchema)
          : `${e.keyword}: ${e.message ?? JSON.stringify(e.params)}`;
        actual = renderActual(e.data);
    }
    let check = target.check;
    let parameter: string | undefined;
    if (target.parameterChecks !== undefined) {
      const end = pointer.indexOf("/", 1);
      const token = unescapePointerToken(pointer.slice(1, end === -1 ? undefined : end));
      const paramCheck = target.parameterChecks.get(token);
      if (paramCheck !== undefined) {
        check = paramCheck;
        parameter = token;
      }
    }
    out.push(createViolation(target.operationId, check, pointer, expected, actual, parameter));
  }
  return out;
}
