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

/** Values listed inline on the "Valid values:" line (`a/b`, `a, b, and c`, `a | b`). */
function inlineValues(first: string): string[] | undefined {
  const sentence = first.replace(/\.\s.*$/, "").replace(/\.$/, "");
  const tokens = sentence
    .split(/\s*(?:,|\/|\||\bor\b|\band\b)\s*/)
    .map(clean)
    .filter((t) => t !== "");
  return tokens.length >= 2 && tokens.every((t) => /^[\w.:*-]+$/.test(t)) ? tokens : undefined;
}

/** Values listed as bullets under "Valid values:" (`- a: …`), up to the first blank line after them. */
function bulletValues(lines: readonly string[]): string[] | undefined {
  const bullets: string[] = [];
  for (const l of lines) {
    if (l === "" && bullets.length > 0) break;
    if (l === "") continue;
    const m = /^(?:[-•*]\s*)?([\w.*-]+)\s*(?::|：|\(|-\s)/.exec(l) ?? /^[-•*]\s*([\w.*-]+)$/.exec(l);
    if (m === null) break;
    bullets.push(clean(m[1] ?? ""));
  }
  return bullets.length >= 1 ? bullets : undefined;
}

/** Values listed after "Valid values:", inline or as bullets. */
function listedValues(text: string): string[] | undefined {
  const at = /valid values\s*:?/i.exec(text);
  if (at === null) return undefined;
  const lines = text
    .slice(at.index + at[0].length)
    .split("\n")
    .map((l) => l.trim());
  const first = lines[0] ?? "";
  return first !== "" ? inlineValues(first) : bulletValues(lines.slice(1));
}

function firstMatch(text: string, patterns: readonly RegExp[]): RegExpExecArray | null {
  for (const p of patterns) {
    const m = p.exec(text);
    if (m !== null) return m;
  }
  return null;
}

function compile(patterns: readonly string[]): RegExp[] {
  return patterns.map((p) => new RegExp(p, "i"));
}

const RANGE = compile([
  `valid (?:values|range)\\s*:?\\s*(${NUM})\\s*(?:to|-|~|–)\\s*(${NUM})`,
  `(?:valid values|valid range|value range|range)\\s*:?\\s*\\[\\s*(${NUM})\\s*,\\s*(${NUM})\\s*\\]`,
  `(?:value range|range)\\s*:?\\s*(${NUM})\\s*(?:to|-|~|–)\\s*(${NUM})`,
  `between (${NUM}) and (${NUM})`,
]);
const MINIMUM = compile([
  `minimum value\\s*(?::|is)?\\s*(${NUM})`,
  `(?:at least|no less than|greater than or equal to)\\s*(${NUM})`,
]);
const MAXIMUM = compile([
  `maximum value\\s*(?::|is)?\\s*(${NUM})`,
  `(?:at most|no more than|less than or equal to|cannot exceed|up to)\\s*(${NUM})(?!\\s*(?:characters|times))`,
]);
const LENGTH = compile([`(${NUM})\\s*to\\s*(${NUM})\\s*characters`, `between (${NUM}) and (${NUM}) characters`]);
const MAX_LENGTH = compile([`(?:up to|at most|no more than|cannot exceed)\\s*(${NUM})\\s*characters`]);

/** "Valid values: 1 to 100", "between 1 and 100", "Minimum value: 1", "Maximum value: 100". */
function numericBounds(text: string, out: ProseConstraints): void {
  const range = firstMatch(text, RANGE);
  if (range !== null) {
    out.minimum = toNumber(range[1]);
    out.maximum = toNumber(range[2]);
  }
  const min = firstMatch(text, MINIMUM);
  if (min !== null && out.minimum === undefined) out.minimum = toNumber(min[1]);
  const max = firstMatch(text, MAXIMUM);
  if (max !== null && out.maximum === undefined) out.maximum = toNumber(max[1]);
}

/** "1 to 64 characters", "up to 64 characters". */
function stringLength(text: string, out: ProseConstraints): void {
  const len = firstMatch(text, LENGTH);
  if (len !== null) {
    out.minLength = toNumber(len[1]);
    out.maxLength = toNumber(len[2]);
    return;
  }
  const maxLen = firstMatch(text, MAX_LENGTH);
  if (maxLen !== null) out.maxLength = toNumber(maxLen[1]);
}

/** The listed values as an enum of the field's type (nothing for booleans: true/false is the type). */
function enumOf(values: readonly string[], type: FieldType): (string | number)[] | undefined {
  if (type.kind === "string") return [...values];
  const numbers = values.map((v) => toNumber(v));
  if (type.kind === "integer" && values.every((v) => /^-?\d+$/.test(v))) return values.map(Number);
  if (type.kind === "number" && numbers.every((n) => n !== undefined)) return values.map(Number);
  return undefined;
}

function defaultOf(text: string, type: FieldType): string | number | boolean | undefined {
  const def = /default(?: value)?\s*(?::|is)\s*([^\s.,;]+)/i.exec(text);
  if (def === null) return undefined;
  const v = clean(def[1] ?? "");
  const numeric = type.kind === "integer" || type.kind === "number";
  if (numeric) return toNumber(v);
  if (type.kind === "boolean") return v === "true" ? true : v === "false" ? false : undefined;
  return type.kind === "string" && v !== "" ? v : undefined;
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
  if (type.kind === "integer" || type.kind === "number") numericBounds(text, out);
  if (type.kind === "string") stringLength(text, out);
  const values = out.minimum === undefined && out.maximum === undefined ? listedValues(text) : undefined;
  const enumValues = values === undefined ? undefined : enumOf(values, type);
  if (enumValues !== undefined) out.enum = enumValues;
  const def = defaultOf(text, type);
  if (def !== undefined) out.default = def;
  for (const k of Object.keys(out) as (keyof ProseConstraints)[]) if (out[k] === undefined) delete out[k];
  return out;
}
