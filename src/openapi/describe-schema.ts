const STORAGE_FORMATS = new Set(["int64", "float", "double"]);

/**
 * One-line, human-readable rendering of a JSON Schema, for `Violation.expected`
 * (e.g. `{type: "integer", minimum: 1, maximum: 100}` → "integer ≥ 1 and ≤ 100").
 * Only the keywords a reader needs to fix a request are rendered; nested schemas are summarised by type.
 */
export function describeSchema(schema: unknown): string {
  if (schema === true || schema === undefined) return "any value";
  if (schema === false) return "no value";
  if (typeof schema !== "object" || schema === null) return "any value";
  const s = schema as Record<string, unknown>;
  const parts: string[] = [];
  if ("const" in s) return `${JSON.stringify(s.const)}`;
  if (Array.isArray(s.enum)) return `one of ${s.enum.map((v) => JSON.stringify(v)).join(", ")}`;

  const type = Array.isArray(s.type) ? s.type.join(" or ") : typeof s.type === "string" ? s.type : undefined;
  const head = type ?? (typeof s.$ref === "string" ? `schema ${s.$ref.replace(/^.*\//, "")}` : "value");
  const constraints: string[] = [];
  const num = (k: string) => (typeof s[k] === "number" ? (s[k] as number) : undefined);
  const min = num("minimum");
  const max = num("maximum");
  const xmin = num("exclusiveMinimum");
  const xmax = num("exclusiveMaximum");
  if (min !== undefined) constraints.push(`≥ ${min}`);
  if (xmin !== undefined) constraints.push(`> ${xmin}`);
  if (max !== undefined) constraints.push(`≤ ${max}`);
  if (xmax !== undefined) constraints.push(`< ${xmax}`);
  const mult = num("multipleOf");
  if (mult !== undefined) constraints.push(`a multiple of ${mult}`);
  const minLength = num("minLength");
  const maxLength = num("maxLength");
  if (minLength !== undefined && maxLength !== undefined) constraints.push(`length ${minLength}..${maxLength}`);
  else if (minLength !== undefined) constraints.push(`length ≥ ${minLength}`);
  else if (maxLength !== undefined) constraints.push(`length ≤ ${maxLength}`);
  if (typeof s.pattern === "string") constraints.push(`matching /${s.pattern}/`);
  // Storage-width formats add nothing for a reader when the type is already named ("integer", not "integer format int64").
  if (typeof s.format === "string" && !STORAGE_FORMATS.has(s.format)) constraints.push(`format ${s.format}`);
  const minItems = num("minItems");
  const maxItems = num("maxItems");
  if (minItems !== undefined) constraints.push(`≥ ${minItems} items`);
  if (maxItems !== undefined) constraints.push(`≤ ${maxItems} items`);
  if (s.uniqueItems === true) constraints.push("unique items");
  const minProps = num("minProperties");
  const maxProps = num("maxProperties");
  if (minProps !== undefined) constraints.push(`≥ ${minProps} properties`);
  if (maxProps !== undefined) constraints.push(`≤ ${maxProps} properties`);

  parts.push(head);
  if (head === "array" && s.items && typeof s.items === "object") {
    const itemType = (s.items as Record<string, unknown>).type;
    if (typeof itemType === "string") parts[0] = `array of ${itemType}`;
  }
  if (constraints.length > 0) parts.push(constraints.join(" and "));
  return parts.join(" ");
}
