import type { FieldType } from "./field-type.ts";
import { repairDoubleEscaped } from "./json-example.ts";

/**
 * Turns an example cell into a value of the field's type ("10" → 10, "false" → false, "[0]" → [0]);
 * undefined when the text is not such a value (then no example is emitted rather than a wrong one).
 */
export function coerceExample(text: string, type: FieldType): unknown {
  const t = text.trim();
  switch (type.kind) {
    case "string":
      return repairDoubleEscaped(t);
    case "integer": {
      if (!/^-?\d+$/.test(t)) return undefined;
      const n = Number(t);
      return Number.isSafeInteger(n) ? n : undefined;
    }
    case "number": {
      const n = Number(t);
      return t !== "" && Number.isFinite(n) ? n : undefined;
    }
    case "boolean":
      return /^true$/i.test(t) ? true : /^false$/i.test(t) ? false : undefined;
    case "object":
    case "array": {
      try {
        const v = JSON.parse(t) as unknown;
        const ok = type.kind === "array" ? Array.isArray(v) : v !== null && typeof v === "object" && !Array.isArray(v);
        return ok ? repairDoubleEscaped(v) : undefined;
      } catch {
        return undefined;
      }
    }
  }
}
