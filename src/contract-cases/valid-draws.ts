/**
 * Valid requests of an operation: every input drawn from its schema (fast-check, seeded), except those the
 * fixture binds to a run-time resource, draws from a narrower schema, or leaves out; time windows inside the
 * `x-time-window` rules; and the page's own examples as one more draw.
 */
import fc from "fast-check";
import { flattenRpcValue } from "../openapi/flatten-rpc-value.ts";
import { isJsonObject as isObj } from "../openapi/is-json-object.ts";
import { resolveLocalRef } from "../openapi/resolve-local-ref.ts";
import { type Binding, type DrawnValue, isBinding, isWirePairs } from "./case-model.ts";
import type { InputSlot, OperationContext, ValidDraw } from "./operation-context.ts";
import { arbitraryForSchema } from "./schema-arbitrary.ts";
import { timeWindowArbitrary, widestWindow } from "./time-window-draws.ts";

type Obj = Readonly<Record<string, unknown>>;

/** Indexes drawn for an index resource (a shard): taken modulo its count when the case runs. */
const MAX_INDEX = 63;

/**
 * Renders a generated value as wire text (query/path), keeping placeholders. An RPC list or object is sent as the
 * official SDKs send it (docs/alibaba/rpc-parameters.md): the pairs of a `repeatList` or `flat` parameter, one text
 * for `json` and `simple`; any other structured value as its JSON text.
 */
export function toWire(value: unknown, slot?: Pick<InputSlot, "name" | "rpcStyle">): DrawnValue {
  if (isBinding(value)) return value;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const style = slot?.rpcStyle;
  if (slot === undefined || style === undefined || style === "json") return JSON.stringify(value);
  const pairs = flattenRpcValue(slot.name, value, style);
  return style === "simple" ? (pairs[0]?.[1] ?? "") : { $pairs: pairs };
}

/** The arbitrary of a resource binding: a constant, or a drawn index for index resources. */
function bindingArbitrary(ctx: OperationContext, name: string): fc.Arbitrary<Binding> {
  if (ctx.product.contract.resources[name]?.kind === "index")
    return fc.nat(MAX_INDEX).map((index): Binding => ({ $bind: "resource", name, index }));
  return fc.constant<Binding>({ $bind: "resource", name });
}

/** The arbitrary of one input: its fixture rule's binding or schema, else its own schema. */
export function slotArbitrary(ctx: OperationContext, slot: InputSlot): fc.Arbitrary<unknown> {
  const rule = ctx.fixture.inputs[slot.key];
  if (rule?.bind !== undefined) return bindingArbitrary(ctx, rule.bind);
  return arbitraryForSchema(rule?.schema ?? slot.schema, ctx.spec.document);
}

/** True when the fixture has a rule for the input: valid requests then always carry it. */
function isPinned(ctx: OperationContext, slot: InputSlot): boolean {
  return ctx.fixture.inputs[slot.key] !== undefined;
}

function isBodySlot(slot: InputSlot): boolean {
  return slot.location === "body" || slot.location === "body-property";
}

function paramsArbitrary(ctx: OperationContext): fc.Arbitrary<Record<string, unknown>> {
  const params: Record<string, fc.Arbitrary<unknown>> = {};
  const required: string[] = [];
  for (const slot of ctx.slots) {
    if (isBodySlot(slot)) continue;
    if (ctx.fixture.inputs[slot.key]?.omit === true && !slot.required) continue;
    const wire = slotArbitrary(ctx, slot).map((v) => toWire(v, slot));
    // A required list drawn empty sends no pair at all: the server reads that as missing.
    params[slot.key] = slot.required ? wire.filter((v) => !isWirePairs(v) || v.$pairs.length > 0) : wire;
    if (slot.required || isPinned(ctx, slot)) required.push(slot.key);
  }
  const arb = fc.record(params, { requiredKeys: required });
  const tw = ctx.op.timeWindow;
  if (tw === undefined) return arb;
  return fc
    .tuple(arb, timeWindowArbitrary(tw))
    .map(([p, [s, e]]) => ({ ...p, [`query.${tw.start}`]: s, [`query.${tw.end}`]: e }));
}

function bodyArbitrary(ctx: OperationContext): fc.Arbitrary<unknown> {
  const bodySlot = ctx.slots.find((s) => s.location === "body");
  if (bodySlot === undefined) return fc.constant(undefined);
  if (ctx.fixture.inputs.body !== undefined) return slotArbitrary(ctx, bodySlot);
  const props = ctx.slots.filter((s) => s.location === "body-property");
  if (props.length === 0) return arbitraryForSchema(bodySlot.schema, ctx.spec.document);
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  const required: string[] = [];
  for (const p of props) {
    model[p.name] = slotArbitrary(ctx, p);
    if (p.required || isPinned(ctx, p)) required.push(p.name);
  }
  const resolved = resolveLocalRef(ctx.spec.document, bodySlot.schema);
  const minProps = isObj(resolved) && typeof resolved.minProperties === "number" ? resolved.minProperties : 0;
  const arb = fc.record(model, { requiredKeys: required });
  return minProps > 0 ? arb.filter((o) => Object.keys(o).length >= minProps) : arb;
}

/** The arbitrary of whole valid requests. */
export function validArbitrary(ctx: OperationContext): fc.Arbitrary<ValidDraw> {
  return fc.tuple(paramsArbitrary(ctx), bodyArbitrary(ctx)).map(([p, body]) => ({
    params: p as Record<string, DrawnValue | undefined>,
    body,
  }));
}

/** A parameter's example: `example`, else its schema's first `examples` entry, else the schema's `example`. */
function parameterExample(p: Obj): unknown {
  const schema = isObj(p.schema) ? p.schema : {};
  return (
    p.example ?? (Array.isArray(schema.examples) ? (schema.examples as unknown[])[0] : undefined) ?? schema.example
  );
}

/** The page's parameter examples over `params`; true when the page had any. Bound and omitted inputs stay. */
function applyParameterExamples(
  ctx: OperationContext,
  op: Obj,
  params: Record<string, DrawnValue | undefined>,
): boolean {
  let found = false;
  for (const raw of Array.isArray(op.parameters) ? (op.parameters as unknown[]) : []) {
    const p = resolveLocalRef(ctx.spec.document, raw);
    if (!isObj(p) || typeof p.name !== "string" || typeof p.in !== "string") continue;
    const key = `${p.in}.${p.name}`;
    const example = parameterExample(p);
    const slot = ctx.slots.find((s) => s.key === key);
    if (example === undefined || slot === undefined) continue;
    found = true;
    const rule = ctx.fixture.inputs[key];
    if (rule?.omit === true || rule?.bind !== undefined) continue; // resources must exist: keep the binding
    params[key] = toWire(example, slot);
  }
  return found;
}

/** The request body's example (`example`, else the first of `examples`); undefined when the page has none. */
function bodyExample(ctx: OperationContext, op: Obj): unknown {
  const rb = op.requestBody === undefined ? undefined : resolveLocalRef(ctx.spec.document, op.requestBody);
  const content = isObj(rb) && isObj(rb.content) ? rb.content : {};
  const media = Object.entries(content).find(([type, m]) => /json/i.test(type) && isObj(m))?.[1] as Obj | undefined;
  if (media?.example !== undefined) return media.example;
  const first = isObj(media?.examples) ? Object.values(media.examples as Obj)[0] : undefined;
  return isObj(first) ? first.value : undefined;
}

/** The body example with the fallback draw's bound properties kept (a created group, not the page's name). */
function withBoundProperties(ctx: OperationContext, example: unknown, fallback: unknown): unknown {
  const body = structuredClone(example);
  if (!isObj(body) || !isObj(fallback)) return body;
  const out = body as Record<string, unknown>;
  for (const [k, v] of Object.entries(fallback)) if (ctx.fixture.inputs[`body.${k}`]?.bind !== undefined) out[k] = v;
  return out;
}

/** The page's examples as a valid draw, with resource bindings and time windows applied; undefined if none. */
export function exampleDraw(ctx: OperationContext, fallback: ValidDraw): ValidDraw | undefined {
  const op = ctx.opObject;
  if (op === undefined) return undefined;
  const params: Record<string, DrawnValue | undefined> = { ...fallback.params };
  let found = applyParameterExamples(ctx, op, params);
  const tw = ctx.op.timeWindow;
  if (tw !== undefined) {
    // The page's example times are years old; the example case queries the widest window the rules allow.
    const [start, end] = widestWindow(tw);
    params[`query.${tw.start}`] = start;
    params[`query.${tw.end}`] = end;
  }
  let body = fallback.body;
  const example = bodyExample(ctx, op);
  if (example !== undefined) {
    found = true;
    body = withBoundProperties(ctx, example, fallback.body);
  }
  return found ? { params, body } : undefined;
}
