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
  return errors.map((e) => {
    const { pointer, expected, actual } = describeAjvError(e);
    const parameter = parameterOf(pointer, target);
    const check = parameter === undefined ? target.check : (target.parameterChecks?.get(parameter) ?? target.check);
    return createViolation(target.operationId, check, pointer, expected, actual, parameter);
  });
}

/** Where an error points, what the schema expects there and what was found. */
function describeAjvError(e: ErrorObject): { pointer: string; expected: string; actual: string } {
  switch (e.keyword) {
    case "required": {
      const name = String((e.params as { missingProperty?: unknown }).missingProperty);
      return {
        pointer: `${e.instancePath}/${escapePointerToken(name)}`,
        expected: `property '${name}'`,
        actual: "(missing)",
      };
    }
    case "additionalProperties":
    case "unevaluatedProperties": {
      const p = e.params as { additionalProperty?: unknown; unevaluatedProperty?: unknown };
      const name = String(p.additionalProperty ?? p.unevaluatedProperty);
      return {
        pointer: `${e.instancePath}/${escapePointerToken(name)}`,
        expected: `no property '${name}'`,
        actual: renderActual((e.data as Record<string, unknown> | undefined)?.[name]),
      };
    }
    case "dependentRequired": {
      const p = e.params as { property?: unknown; missingProperty?: unknown };
      const expected = `property '${String(p.missingProperty)}' when '${String(p.property)}' is present`;
      return { pointer: e.instancePath, expected, actual: renderActual(e.data) };
    }
    default: {
      const expected = DESCRIBE_PARENT.has(e.keyword)
        ? describeSchema(e.parentSchema)
        : `${e.keyword}: ${e.message ?? JSON.stringify(e.params)}`;
      return { pointer: e.instancePath, expected, actual: renderActual(e.data) };
    }
  }
}

/** The parameter a pointer's first token names, when the target validates a parameters record. */
function parameterOf(pointer: string, target: ViolationTarget): string | undefined {
  if (target.parameterChecks === undefined) return undefined;
  const end = pointer.indexOf("/", 1);
  const token = unescapePointerToken(pointer.slice(1, end === -1 ? undefined : end));
  return target.parameterChecks.has(token) ? token : undefined;
}
