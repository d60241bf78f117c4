import type { FieldType } from "./field-type.ts";

/** JSON Schema keywords a parameter description states in prose. */
export interface ProseConstraints {
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  enum?: (string | number)[];
  default?: string | number | boolean;
}

const NUM = "-?\\d+(?:\\.\\d+)?";

function toNumber(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const n = Number(s.replace(/,/g, ""));
  return Number.isFinite(n) ? n : undefined;
}

function clean(token: string): string {
  return token
    .trim()
    .replace(/^[`'"“‘]+|[`'"”’.;]+$/g, "")
    .trim();
}

/** Values listed after "Valid values:", inline (`a/b`, `a, b, and c`, `a | b`) or as bullets (`- a: …`). */
function listedValues(text: string): string[] | undefined {
  const at = /valid values\s*:?/i.exec(text);
  if (at === null) return undefined;
  const after = text.slice(at.index + at[0].length);
  const lines = after.split("\n").map((l) => l.trim());
  const first = lines[0] ?? "";
  if (first !== "") {
    const sentence = first.replace(/\.\s.*$/, "").replace(/\.$/, "");
    const tokens = sentence
      .split(/\s*(?:,|\/|\||\bor\b|\band\b)\s*/)
      .map(clean)
      .filter((t) => t !== "");
    return tokens.length >= 2 && tokens.every((t) => /^[\w.:*-]+$/.test(t)) ? tokens : undefined;
  }
  const bullets: string[] = [];
  for (const l of lines.slice(1)) {
    if (l === "") {
      if (bullets.length > 0) break;
      continue;
    }
    const m = /^(?:[-•*]\s*)?([\w.*-]+)\s*(?::|：|\(|-\s)/.exec(l) ?? /^[-•*]\s*([\w.*-]+)$/.exec(l);
    if (m === null) break;
    bullets.push(clean(m[1] ?? ""));
  }
  return bullets.length >= 1 ? bullets : undefined;
}

/**
 * Reads the constraints a description states in prose (the pages have no schema keywords):
 * "Valid values: 1 to 100" → minimum/maximum; "Valid values: a, b, and c" or a bullet list → enum
 * (nothing for booleans: true/false is the type); "Minimum value: 1", "Maximum value: 100",
 * "between 1 and 100", "1 to 64 characters", "up to 64 characters", "Default value: 10".
 * Units ("Unit: seconds") stay in the description only.
 */
export function parseProseConstraints(description: string, type: FieldType): ProseConstraints {
  const out: ProseConstraints = {};
  const text = description.replace(/\s+/g, (ws) => (ws.includes("\n") ? "\n" : " "));
  const numeric = type.kind === "integer" || type.kind === "number";
  if (numeric) {
    const range =
      new RegExp(`valid (?:values|range)\\s*:?\\s*(${NUM})\\s*(?:to|-|~|–)\\s*(${NUM})`, "i").exec(text) ??
      new RegExp(
        `(?:valid values|valid range|value range|range)\\s*:?\\s*\\[\\s*(${NUM})\\s*,\\s*(${NUM})\\s*\\]`,
        "i",
      ).exec(text) ??
      new RegExp(`(?:value range|range)\\s*:?\\s*(${NUM})\\s*(?:to|-|~|–)\\s*(${NUM})`, "i").exec(text) ??
      new RegExp(`between (${NUM}) and (${NUM})`, "i").exec(text);
    if (range !== null) {
      out.minimum = toNumber(range[1]);
      out.maximum = toNumber(range[2]);
    }
    const min =
      new RegExp(`minimum value\\s*(?::|is)?\\s*(${NUM})`, "i").exec(text) ??
      new RegExp(`(?:at least|no less than|greater than or equal to)\\s*(${NUM})`, "i").exec(text);
    if (min !== null && out.minimum === undefined) out.minimum = toNumber(min[1]);
    const max =
      new RegExp(`maximum value\\s*(?::|is)?\\s*(${NUM})`, "i").exec(text) ??
      new RegExp(
        `(?:at most|no more than|less than or equal to|cannot exceed|up to)\\s*(${NUM})(?!\\s*(?:characters|times))`,
        "i",
      ).exec(text);
    if (max !== null && out.maximum === undefined) out.maximum = toNumber(max[1]);
  }
  if (type.kind === "string") {
    const len =
      new RegExp(`(${NUM})\\s*to\\s*(${NUM})\\s*characters`, "i").exec(text) ??
      new RegExp(`between (${NUM}) and (${NUM}) characters`, "i").exec(text);
    if (len !== null) {
      out.minLength = toNumber(len[1]);
      out.maxLength = toNumber(len[2]);
    } else {
      const maxLen = new RegExp(`(?:up to|at most|no more than|cannot exceed)\\s*(${NUM})\\s*characters`, "i").exec(
        text,
      );
      if (maxLen !== null) out.maxLength = toNumber(maxLen[1]);
    }
  }
  const values = out.minimum === undefined && out.maximum === undefined ? listedValues(text) : undefined;
  if (values !== undefined) {
    if (type.kind === "string") out.enum = values;
    else if (type.kind === "integer" && values.every((v) => /^-?\d+$/.test(v))) out.enum = values.map(Number);
    else if (type.kind === "number" && values.every((v) => toNumber(v) !== undefined)) out.enum = values.map(Number);
  }
  const def = /default(?: value)?\s*(?::|is)\s*([^\s.,;]+)/i.exec(text);
  if (def !== null) {
    const v = clean(def[1] ?? "");
    if (numeric && toNumber(v) !== undefined) out.default = toNumber(v) as number;
    else if (type.kind === "boolean" && (v === "true" || v === "false")) out.default = v === "true";
    else if (type.kind === "string" && v !== "") out.default = v;
  }
  for (const k of Object.keys(out) as (keyof ProseConstraints)[]) if (out[k] === undefined) delete out[k];
  return out;
}
