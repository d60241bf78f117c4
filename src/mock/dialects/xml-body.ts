/**
 * A success body in XML, for operations whose spec documents only an XML answer: POP's
 * `<ActionNameResponse>…</ActionNameResponse>` (docs/alibaba/pop-errors.md#error-body). An array becomes an element
 * holding one child per item, named after the items' schema (`Regions: [Region]` →
 * `<Regions><Region>…</Region>…</Regions>`), as the gateway's XML samples show. fast-xml-parser does the writing
 * (escaping, nesting); it is loaded on first use, so a mock without XML operations never loads it.
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
  if (Array.isArray(value)) return { [itemName(s.items)]: value.map((v) => toTree(v, s.items, document)) };
  if (!isObj(value)) return value;
  const properties = isObj(s.properties) ? s.properties : {};
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = toTree(v, properties[key], document);
  return out;
}

/** The element name of an array's items: the schema they refer to, else their `xml.name`, else `item`. */
function itemName(items: unknown): string {
  if (isObj(items) && typeof items.$ref === "string") return items.$ref.slice(items.$ref.lastIndexOf("/") + 1);
  const xml = isObj(items) ? items.xml : undefined;
  return isObj(xml) && typeof xml.name === "string" ? xml.name : "item";
}

function resolveSchema(schema: unknown, document: unknown): Readonly<Record<string, unknown>> {
  try {
    const s = resolveLocalRef(document, schema);
    return isObj(s) ? s : {};
  } catch {
    return {};
  }
}
