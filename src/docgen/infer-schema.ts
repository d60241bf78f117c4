/** A JSON Schema object as docgen writes it. */
export type JsonSchema = Record<string, unknown>;

/**
 * Infers a schema from a JSON example, for response tables too thin to say the shape
 * ("Array of ConsumerGroup"). Integers → integer, other numbers → number; arrays take the union of
 * their elements' properties; properties are not marked required (the pages do not say).
 */
export function inferSchema(value: unknown): JsonSchema {
  if (typeof value === "string") return { type: "string" };
  if (typeof value === "boolean") return { type: "boolean" };
  if (typeof value === "number") return { type: Number.isInteger(value) ? "integer" : "number" };
  if (Array.isArray(value)) {
    const items = value
      .map(inferSchema)
      .reduce<JsonSchema | undefined>((acc, s) => (acc === undefined ? s : unite(acc, s)), undefined);
    return items === undefined ? { type: "array" } : { type: "array", items };
  }
  if (value !== null && typeof value === "object") {
    const properties: Record<string, JsonSchema> = {};
    for (const [k, v] of Object.entries(value)) properties[k] = inferSchema(v);
    return Object.keys(properties).length === 0 ? { type: "object" } : { type: "object", properties };
  }
  return {};
}

function unite(a: JsonSchema, b: JsonSchema): JsonSchema {
  if (a.type === "object" && b.type === "object") {
    const pa = (a.properties ?? {}) as Record<string, JsonSchema>;
    const pb = (b.properties ?? {}) as Record<string, JsonSchema>;
    const properties: Record<string, JsonSchema> = { ...pa };
    for (const [k, v] of Object.entries(pb)) properties[k] = pa[k] === undefined ? v : unite(pa[k], v);
    return { type: "object", properties };
  }
  if (a.type === b.type) return a;
  if ((a.type === "integer" && b.type === "number") || (a.type === "number" && b.type === "integer"))
    return { type: "number" };
  return {};
}
