/**
 * A success body in XML (an operation whose spec documents only XML, or an RPC answer asked for in XML): POP's
 * `<ActionNameResponse>…</ActionNameResponse>` (docs/alibaba/pop-errors.md#error-body). An array whose items' schema
 * has a name (a `$ref`, or `xml.name`) becomes an element holding one child per item, named after it
 * (`Things: [Thing]` → `<Things><Thing>…</Thing>…</Things>`); an array of unnamed items is its member's element
 * repeated, one per item, as the gateway writes the JSON answer's arrays: ECS DescribeRegions' page shows
 * `"Regions": {"Region": [{…}, {…}]}` in JSON and `<Regions><Region>…</Region><Region>…</Region></Regions>` in XML
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-regions-describeregions, kept as
 * test/docgen/corpus/pages/ecs-DescribeRegions.txt).
 * fast-xml-parser does the writing (escaping, nesting; an array value is its element repeated); it is loaded on
 * first use, so a mock without XML operations never loads it.
 */
import { createRequire } from "node:module";
import { isJsonObject as isObj } from "../../openapi/is-json-object.ts";
import { resolveLocalRef } from "../../openapi/resolve-local-ref.ts";

type XmlBuilder = { build(tree: unknown): string };
// Not named `require`: the mock's esbuild bundle would inline what a `require(…)` names.
const load = createRequire(import.meta.url);
let builder: XmlBuilder | undefined;

/** `<root>…</root>` for `value`, array items named from `schema` (resolved in `document`). */
export function renderXmlBody(root: string, value: unknown, shape: { schema?: unknown; document?: unknown }): string {
  builder ??= new (load("fast-xml-parser") as typeof import("fast-xml-parser")).XMLBuilder({ ignoreAttributes: true });
  const tree = toTree(value, shape.schema, shape.document);
  return `<?xml version="1.0" encoding="UTF-8"?>${builder.build({ [root]: tree })}`;
}

function toTree(value: unknown, schema: unknown, document: unknown): unknown {
  const s = resolveSchema(schema, document);
  if (Array.isArray(value)) return { [itemName(s.items) ?? "item"]: itemsOf(value, s, document) };
  if (!isObj(value)) return value;
  const properties = isObj(s.properties) ? s.properties : {};
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = toMember(v, properties[key], document);
  return out;
}

/** An object member: an array of unnamed items stays an array (its element repeated), anything else a tree. */
function toMember(value: unknown, schema: unknown, document: unknown): unknown {
  if (!Array.isArray(value)) return toTree(value, schema, document);
  const s = resolveSchema(schema, document);
  return itemName(s.items) === undefined ? itemsOf(value, s, document) : toTree(value, schema, document);
}

function itemsOf(value: readonly unknown[], schema: Readonly<Record<string, unknown>>, document: unknown): unknown[] {
  return value.map((v) => toTree(v, schema.items, document));
}

/** The element name of an array's items: the schema they refer to, else their `xml.name`; `undefined` when unnamed. */
function itemName(items: unknown): string | undefined {
  if (isObj(items) && typeof items.$ref === "string") return items.$ref.slice(items.$ref.lastIndexOf("/") + 1);
  const xml = isObj(items) ? items.xml : undefined;
  return isObj(xml) && typeof xml.name === "string" ? xml.name : undefined;
}

function resolveSchema(schema: unknown, document: unknown): Readonly<Record<string, unknown>> {
  try {
    const s = resolveLocalRef(document, schema);
    return isObj(s) ? s : {};
  } catch {
    return {};
  }
}
