const STORAGE_FORMATS = new Set(["int64", "float", "double"]);

type Schema = Readonly<Record<string, unknown>>;

function num(s: Schema, k: string): number | undefined {
  return typeof s[k] === "number" ? (s[k] as number) : undefined;
}

/** `label` + the keyword's value, for each numeric keyword present. */
function numericConstraints(s: Schema, rules: readonly (readonly [string, (n: number) => string])[]): string[] {
  return rules.flatMap(([k, render]) => {
    const n = num(s, k);
    return n === undefined ? [] : [render(n)];
  });
}

function lengthConstraint(s: Schema): string[] {
  const minLength = num(s, "minLength");
  const maxLength = num(s, "maxLength");
  if (minLength !== undefined && maxLength !== undefined) return [`length ${minLength}..${maxLength}`];
  if (minLength !== undefined) return [`length ≥ ${minLength}`];
  return maxLength === undefined ? [] : [`length ≤ ${maxLength}`];
}

/** The constraints a reader needs to fix a value, in a fixed order. */
function constraintsOf(s: Schema): string[] {
  return [
    ...numericConstraints(s, [
      ["minimum", (n) => `≥ ${n}`],
      ["exclusiveMinimum", (n) => `> ${n}`],
      ["maximum", (n) => `≤ ${n}`],
      ["exclusiveMaximum", (n) => `< ${n}`],
      ["multipleOf", (n) => `a multiple of ${n}`],
    ]),
    ...lengthConstraint(s),
    ...(typeof s.pattern === "string" ? [`matching /${s.pattern}/`] : []),
    // Storage-width formats add nothing for a reader when the type is already named ("integer", not "integer format int64").
    ...(typeof s.format === "string" && !STORAGE_FORMATS.has(s.format) ? [`format ${s.format}`] : []),
    ...numericConstraints(s, [
      ["minItems", (n) => `≥ ${n} items`],
      ["maxItems", (n) => `≤ ${n} items`],
    ]),
    ...(s.uniqueItems === true ? ["unique items"] : []),
    ...numericConstraints(s, [
      ["minProperties", (n) => `≥ ${n} properties`],
      ["maxProperties", (n) => `≤ ${n} properties`],
    ]),
  ];
}

/** What the value is: its type (arrays with their item type), else the schema it refers to, else "value". */
function headOf(s: Schema): string {
  const type = Array.isArray(s.type) ? s.type.join(" or ") : typeof s.type === "string" ? s.type : undefined;
  const head = type ?? (typeof s.$ref === "string" ? `schema ${s.$ref.replace(/^.*\//, "")}` : "value");
  if (head !== "array" || !s.items || typeof s.items !== "object") return head;
  const itemType = (s.items as Record<string, unknown>).type;
  return typeof itemType === "string" ? `array of ${itemType}` : head;
}

/**
 * One-line, human-readable rendering of a JSON Schema, for `Violation.expected`
 * (e.g. `{type: "integer", minimum: 1, maximum: 100}` → "integer ≥ 1 and ≤ 100").
 * Only the keywords a reader needs to fix a request are rendered; nested schemas are summarised by type.
 */
export function describeSchema(schema: unknown): string {
  if (schema === true || schema === undefined) return "any value";
  if (schema === false) return "no value";
  if (typeof schema !== "object" || schema === null) return "any value";
  const s = schema as Schema;
  if ("const" in s) return `${JSON.stringify(s.const)}`;
  if (Array.isArray(s.enum)) return `one of ${s.enum.map((v) => JSON.stringify(v)).join(", ")}`;
  const constraints = constraintsOf(s);
  return constraints.length > 0 ? `${headOf(s)} ${constraints.join(" and ")}` : headOf(s);
}
