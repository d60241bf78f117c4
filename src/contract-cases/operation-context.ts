/**
 * What the case generators know about one operation: its spec, product entry, inputs (parameters, the body and
 * the body's top-level properties) and merged fixture. Built once per operation by `operationContext`.
 */
import type { CompiledOperation, CompiledSpec } from "../openapi/compiled-spec.ts";
import type { XRpcStyle } from "../openapi/extensions.ts";
import { isJsonObject as isObj } from "../openapi/is-json-object.ts";
import { resolveLocalRef } from "../openapi/resolve-local-ref.ts";
import type { ProductDefinition } from "../products/product-definition.ts";
import { type AuthVariant, type CaseRequest, type DrawnValue, isWirePairs, type WireValue } from "./case-model.ts";
import { fixtureForOperation, type OperationFixture } from "./operation-fixtures.ts";

type Obj = Readonly<Record<string, unknown>>;

/** One input of an operation: a parameter, the whole body, or a top-level body property. */
export interface InputSlot {
  key: string;
  location: "path" | "query" | "header" | "body" | "body-property";
  name: string;
  required: boolean;
  schema: unknown;
  /** `x-rpc-style` of an RPC list or object parameter: how its value is sent (valid-draws.ts `toWire`). */
  rpcStyle?: XRpcStyle;
}

/** A draw of every input: wire values (or RPC pairs) for parameters, JSON for the body. */
export interface ValidDraw {
  params: Record<string, DrawnValue | undefined>;
  body: unknown;
}

/** One operation as the generators see it. */
export interface OperationContext {
  spec: CompiledSpec;
  op: CompiledOperation;
  product: ProductDefinition;
  slots: InputSlot[];
  fixture: OperationFixture;
  /** The operation object in the document (for its examples). */
  opObject: Obj | undefined;
}

/** Finds the OpenAPI operation object of `operationId` in the document (for examples). */
export function findOperationObject(document: Obj, operationId: string): Obj | undefined {
  const paths = document.paths;
  if (!isObj(paths)) return undefined;
  for (const item of Object.values(paths)) {
    if (!isObj(item)) continue;
    for (const op of Object.values(item)) if (isObj(op) && op.operationId === operationId) return op;
  }
  return undefined;
}

function bodyPropertySlots(doc: Obj, schema: object): InputSlot[] {
  const resolved = resolveLocalRef(doc, schema);
  if (!isObj(resolved) || !isObj(resolved.properties)) return [];
  const required = Array.isArray(resolved.required) ? (resolved.required as string[]) : [];
  return Object.entries(resolved.properties).map(([name, s]) => ({
    key: `body.${name}`,
    location: "body-property",
    name,
    required: required.includes(name),
    schema: s,
  }));
}

/**
 * RPC addressing a page may list among its parameters (the v1 request tables do): the client sends the
 * operation's own Action and Version (in the query for v1, as `x-acs-*` headers for V3), so they are no input.
 */
const RPC_ADDRESSING = new Set(["Action", "Version"]);

/** The inputs of `op`: its parameters, then the body and the body's top-level properties. */
export function listSlots(op: CompiledOperation, doc: Obj): InputSlot[] {
  const isInput = (p: CompiledOperation["parameters"][number]) =>
    !(op.style === "RPC" && p.in === "query" && RPC_ADDRESSING.has(p.name));
  const slots: InputSlot[] = op.parameters.filter(isInput).map((p) => {
    const slot: InputSlot = {
      key: `${p.in}.${p.name}`,
      location: p.in,
      name: p.name,
      required: p.required,
      schema: p.schema,
    };
    if (p.rpcStyle !== undefined) slot.rpcStyle = p.rpcStyle;
    return slot;
  });
  if (op.requestBody === undefined) return slots;
  slots.push({
    key: "body",
    location: "body",
    name: "body",
    required: op.requestBody.required,
    schema: op.requestBody.schema,
  });
  return [...slots, ...bodyPropertySlots(doc, op.requestBody.schema)];
}

/** The generators' view of `op`. */
export function operationContext(
  spec: CompiledSpec,
  op: CompiledOperation,
  product: ProductDefinition,
): OperationContext {
  const slots = listSlots(op, spec.document);
  return {
    spec,
    op,
    product,
    slots,
    fixture: fixtureForOperation(
      product,
      op.id,
      slots.map((s) => s.key),
    ),
    opObject: findOperationObject(spec.document, op.id),
  };
}

/** The request of a draw: parameters split by location, the body when the operation has one. */
export function caseRequest(ctx: OperationContext, draw: ValidDraw, auth: AuthVariant = "valid"): CaseRequest {
  const path: Record<string, WireValue> = {};
  const query: Record<string, WireValue> = {};
  for (const [key, value] of Object.entries(draw.params)) {
    if (value === undefined) continue;
    const dot = key.indexOf(".");
    placeParam(key.slice(0, dot), key.slice(dot + 1), value, path, query);
  }
  const hasBody = ctx.op.requestBody !== undefined && draw.body !== undefined;
  return hasBody ? { path, query, body: draw.body, hasBody, auth } : { path, query, hasBody: false, auth };
}

/** Puts one drawn parameter where it goes on the wire; an RPC list or object (`$pairs`) as its flattened pairs. */
function placeParam(
  where: string,
  name: string,
  value: DrawnValue,
  path: Record<string, WireValue>,
  query: Record<string, WireValue>,
): void {
  if (isWirePairs(value)) {
    if (where === "query") for (const [pair, text] of value.$pairs) query[pair] = text;
  } else if (where === "path") path[name] = value;
  else if (where === "query") query[name] = value;
}
