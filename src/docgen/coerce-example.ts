import { isJsonObject } from "../openapi/is-json-object.ts";
import type { FieldType } from "./field-type.ts";
import { repairDoubleEscaped } from "./json-example.ts";

function integerOf(t: string): number | undefined {
  if (!/^-?\d+$/.test(t)) return undefined;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : undefined;
}

function numberOf(t: string): number | undefined {
  const n = Number(t);
  return t !== "" && Number.isFinite(n) ? n : undefined;
}

function booleanOf(t: string): boolean | undefined {
  if (/^true$/i.test(t)) return true;
  return /^false$/i.test(t) ? false : undefined;
}

function jsonOf(t: string, kind: "object" | "array"): unknown {
  let v: unknown;
  try {
    v = JSON.parse(t);
  } catch {
    return undefined;
  }
  const ok = kind === "array" ? Array.isArray(v) : isJsonObject(v);
  return ok ? repairDoubleEscaped(v) : undefined;
}

/**
 * Turns an example cell into a value of the field's type ("10" → 10, "false" → false, "[0]" → [0]);
 * undefined when the text is not such a value (then no example is emitted rather than a wrong one).
 */
export function coerceExample(text: string, type: FieldType): unknown {
  const t = text.trim();
  switch (type.kind) {
    case "string":
      return repairDoubleEscaped(t);
    case "integer":
      return integerOf(t);
    case "number":
      return numberOf(t);
    case "boolean":
      return booleanOf(t);
    default:
      return jsonOf(t, type.kind);
  }
}
