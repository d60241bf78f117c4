/**
 * Contract cases for every operation of a CompiledSpec, generated from the spec (never hand-listed, so a
 * new page adds cases): positive cases from the spec's examples and from schema-generated valid inputs
 * (fast-check, seeded: the same seed gives the same cases), and negative cases from the spec's constraints
 * (required, type, minimum/maximum, `x-time-window`) plus the documented auth and resource errors.
 * Pure: no I/O, no clock (times are placeholders relative to when the case runs).
 */
import fc from "fast-check";
import type { CompiledOperation, CompiledSpec } from "../openapi/compiled-spec.ts";
import type { XTimeWindow } from "../openapi/extensions.ts";
import { isJsonObject as isObj } from "../openapi/is-json-object.ts";
import { resolveLocalRef } from "../openapi/resolve-local-ref.ts";
import type {
  AuthVariant,
  Binding,
  CaseRequest,
  CaseSpec,
  NegativeCategory,
  TimeBinding,
  WireValue,
} from "./case-model.ts";
import { isBinding } from "./case-model.ts";
import { expectNegative } from "./negative-expectations.ts";
import { fixtureForOperation, fixturesForProduct, type OperationFixture } from "./operation-fixtures.ts";
import { arbitraryForSchema, integerRange } from "./schema-arbitrary.ts";

/** Options of `generateCases`. */
export interface GenerateOptions {
  seed: number;
  /** Minimum number of cases per operation (positive + negative); default 20 (the issue's floor). */
  perOperation?: number;
}

/** The default and minimum useful number of cases per operation. */
export const DEFAULT_CASES_PER_OPERATION = 20;

type Obj = Readonly<Record<string, unknown>>;

/** One input of an operation: a parameter, the whole body, or a top-level body property. */
interface InputSlot {
  key: string;
  location: "path" | "query" | "header" | "body" | "body-property";
  name: string;
  required: boolean;
  schema: unknown;
}

/** A negative case before its expectation is looked up. */
interface NegativeDraft {
  category: NegativeCategory;
  title: string;
  request: CaseRequest;
  parameter?: string;
  candidates?: string[];
}

/** A draw of every input: wire values for parameters, JSON for the body. */
interface ValidDraw {
  params: Record<string, WireValue | undefined>;
  body: unknown;
}

/** 32-bit FNV-1a of `text`, to derive a per-operation seed from the run's seed. */
export function deriveSeed(seed: number, text: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h | 0;
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

function jsonMedia(content: unknown): Obj | undefined {
  if (!isObj(content)) return undefined;
  for (const [type, media] of Object.entries(content)) if (/json/i.test(type) && isObj(media)) return media;
  return undefined;
}

function listSlots(op: CompiledOperation, doc: Obj): InputSlot[] {
  const slots: InputSlot[] = op.parameters.map((p) => ({
    key: `${p.in}.${p.name}`,
    location: p.in,
    name: p.name,
    required: p.required,
    schema: p.schema,
  }));
  if (op.requestBody !== undefined) {
    slots.push({
      key: "body",
      location: "body",
      name: "body",
      required: op.requestBody.required,
      schema: op.requestBody.schema,
    });
    const resolved = resolveLocalRef(doc, op.requestBody.schema);
    if (isObj(resolved) && isObj(resolved.properties)) {
      const required = Array.isArray(resolved.required) ? (resolved.required as string[]) : [];
      for (const [name, schema] of Object.entries(resolved.properties))
        slots.push({ key: `body.${name}`, location: "body-property", name, required: required.includes(name), schema });
    }
  }
  return slots;
}

/** Renders a generated value as wire text (query/path), keeping placeholders. */
function toWire(value: unknown): WireValue {
  if (isBinding(value)) return value;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

function timeBinding(offsetSeconds: number, align: number | undefined): TimeBinding {
  return align !== undefined && align > 1 ? { $bind: "time", offsetSeconds, align } : { $bind: "time", offsetSeconds };
}

/**
 * Valid [start, end] offsets (seconds from now) for an `x-time-window`: end within the allowed age,
 * span within the allowed span, start not older than the allowed age (one granule of margin each side).
 */
function timeWindowArbitrary(w: XTimeWindow): fc.Arbitrary<[TimeBinding, TimeBinding]> {
  const g = w.granularitySeconds ?? 1;
  const maxAge = w.maxAgeSeconds ?? 30 * 86_400;
  const maxSpan = w.maxSpanSeconds ?? maxAge;
  const margin = 2 * g + 60;
  return fc
    .integer({ min: 0, max: Math.max(0, maxAge - 2 * margin) })
    .chain((endBack) =>
      fc
        .integer({ min: 0, max: Math.max(0, Math.min(maxSpan - margin, maxAge - endBack - margin)) })
        .map((span): [TimeBinding, TimeBinding] => [timeBinding(-endBack - span, g), timeBinding(-endBack, g)]),
    );
}

/** The widest valid window: ending now, as long as both the span and the age rules allow (minus margins). */
function widestWindow(w: XTimeWindow): [TimeBinding, TimeBinding] {
  const g = w.granularitySeconds ?? 1;
  const maxAge = w.maxAgeSeconds ?? 30 * 86_400;
  const span = Math.min(w.maxSpanSeconds ?? maxAge, maxAge) - (2 * g + 60);
  return [timeBinding(-span, g), timeBinding(0, g)];
}

class OperationGenerator {
  readonly slots: InputSlot[];
  readonly fixture: OperationFixture;
  readonly opObject: Obj | undefined;
  constructor(
    readonly spec: CompiledSpec,
    readonly op: CompiledOperation,
  ) {
    this.slots = listSlots(op, spec.document);
    this.fixture = fixtureForOperation(fixturesForProduct(op.product), op.id);
    this.opObject = findOperationObject(spec.document, op.id);
  }

  private slotArbitrary(slot: InputSlot): fc.Arbitrary<unknown> {
    const rule = this.fixture.inputs[slot.key];
    if (rule?.bind !== undefined) return fc.constant({ $bind: "resource", name: rule.bind } satisfies Binding);
    if (rule?.draw !== undefined) return rule.draw;
    return arbitraryForSchema(slot.schema, this.spec.document);
  }

  private isPinned(slot: InputSlot): boolean {
    return this.fixture.inputs[slot.key] !== undefined;
  }

  /** The arbitrary of whole valid requests. */
  validArbitrary(): fc.Arbitrary<ValidDraw> {
    const params: Record<string, fc.Arbitrary<unknown>> = {};
    const required: string[] = [];
    for (const slot of this.slots) {
      if (slot.location === "body" || slot.location === "body-property") continue;
      if (this.fixture.inputs[slot.key]?.omit === true && !slot.required) continue;
      params[slot.key] = this.slotArbitrary(slot).map(toWire);
      if (slot.required || this.isPinned(slot)) required.push(slot.key);
    }
    const tw = this.op.timeWindow;
    const paramArb = fc.record(params, { requiredKeys: required });
    const withWindow =
      tw === undefined
        ? paramArb
        : fc.tuple(paramArb, timeWindowArbitrary(tw)).map(([p, [s, e]]) => ({
            ...p,
            [`query.${tw.start}`]: s,
            [`query.${tw.end}`]: e,
          }));
    return fc.tuple(withWindow, this.bodyArbitrary()).map(([p, body]) => ({
      params: p as Record<string, WireValue | undefined>,
      body,
    }));
  }

  private bodyArbitrary(): fc.Arbitrary<unknown> {
    const bodySlot = this.slots.find((s) => s.location === "body");
    if (bodySlot === undefined) return fc.constant(undefined);
    if (this.fixture.inputs.body !== undefined) return this.slotArbitrary(bodySlot);
    const props = this.slots.filter((s) => s.location === "body-property");
    if (props.length === 0) return arbitraryForSchema(bodySlot.schema, this.spec.document);
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    const required: string[] = [];
    for (const p of props) {
      model[p.name] = this.slotArbitrary(p);
      if (p.required || this.isPinned(p)) required.push(p.name);
    }
    const resolved = resolveLocalRef(this.spec.document, bodySlot.schema);
    const minProps = isObj(resolved) && typeof resolved.minProperties === "number" ? resolved.minProperties : 0;
    const arb = fc.record(model, { requiredKeys: required });
    return minProps > 0 ? arb.filter((o) => Object.keys(o).length >= minProps) : arb;
  }

  /** The page's examples as a valid draw, with resource bindings and time windows applied; undefined if none. */
  exampleDraw(fallback: ValidDraw): ValidDraw | undefined {
    const op = this.opObject;
    if (op === undefined) return undefined;
    let found = false;
    const params: Record<string, WireValue | undefined> = { ...fallback.params };
    const declared = Array.isArray(op.parameters) ? (op.parameters as unknown[]) : [];
    for (const raw of declared) {
      const p = resolveLocalRef(this.spec.document, raw);
      if (!isObj(p) || typeof p.name !== "string" || typeof p.in !== "string") continue;
      const key = `${p.in}.${p.name}`;
      const schema = isObj(p.schema) ? p.schema : {};
      const example =
        p.example ?? (Array.isArray(schema.examples) ? (schema.examples as unknown[])[0] : undefined) ?? schema.example;
      if (example === undefined || !this.slots.some((s) => s.key === key)) continue;
      found = true;
      if (this.fixture.inputs[key]?.omit === true) continue;
      if (this.fixture.inputs[key]?.bind !== undefined) continue; // resources must exist: keep the binding
      params[key] = toWire(example);
    }
    const tw = this.op.timeWindow;
    if (tw !== undefined) {
      // The page's example times are years old; the example case queries the widest window the rules allow.
      const [start, end] = widestWindow(tw);
      params[`query.${tw.start}`] = start;
      params[`query.${tw.end}`] = end;
    }
    let body = fallback.body;
    const rb = op.requestBody === undefined ? undefined : resolveLocalRef(this.spec.document, op.requestBody);
    const media = isObj(rb) ? jsonMedia(rb.content) : undefined;
    const bodyExample =
      media?.example ??
      (isObj(media?.examples) ? (Object.values(media.examples as Obj)[0] as Obj | undefined)?.value : undefined);
    if (bodyExample !== undefined) {
      found = true;
      body = structuredClone(bodyExample);
      if (isObj(body) && isObj(fallback.body)) {
        const out = body as Record<string, unknown>;
        for (const [k, v] of Object.entries(fallback.body))
          if (this.fixture.inputs[`body.${k}`]?.bind !== undefined) out[k] = v;
      }
    }
    return found ? { params, body } : undefined;
  }

  request(draw: ValidDraw, auth: AuthVariant = "valid"): CaseRequest {
    const path: Record<string, WireValue> = {};
    const query: Record<string, WireValue> = {};
    for (const [key, value] of Object.entries(draw.params)) {
      if (value === undefined) continue;
      const dot = key.indexOf(".");
      const where = key.slice(0, dot);
      const name = key.slice(dot + 1);
      if (where === "path") path[name] = value;
      else if (where === "query") query[name] = value;
    }
    const hasBody = this.op.requestBody !== undefined && draw.body !== undefined;
    return hasBody ? { path, query, body: draw.body, hasBody, auth } : { path, query, hasBody: false, auth };
  }

  /** The negative mutations of a valid draw, one per constraint. */
  negatives(base: ValidDraw): NegativeDraft[] {
    const out: NegativeDraft[] = [];
    const withParam = (key: string, value: WireValue | undefined): ValidDraw => {
      const params = { ...base.params };
      if (value === undefined) delete params[key];
      else params[key] = value;
      return { params, body: base.body };
    };
    const withBody = (body: unknown): ValidDraw => ({ params: { ...base.params }, body });
    const tw = this.op.timeWindow;
    const windowKeys = tw === undefined ? [] : [`query.${tw.start}`, `query.${tw.end}`];

    for (const slot of this.slots) {
      if (slot.location === "path") continue; // a path without its segment is another route, not this operation
      const schema = resolveLocalRef(this.spec.document, slot.schema);
      if (slot.required) {
        if (slot.location === "body")
          out.push({
            category: "missing-required",
            title: "missing required body",
            request: this.request({ ...base, body: undefined }),
          });
        else if (slot.location === "body-property" && isObj(base.body)) {
          const { [slot.name]: _drop, ...rest } = base.body as Record<string, unknown>;
          out.push({
            category: "missing-required",
            title: `missing required ${slot.key}`,
            request: this.request(withBody(rest)),
            parameter: slot.name,
          });
        } else if (slot.location === "query" || slot.location === "header")
          out.push({
            category: "missing-required",
            title: `missing required ${slot.key}`,
            request: this.request(withParam(slot.key, undefined)),
            parameter: slot.name,
          });
      }
      const type = isObj(schema) ? schema.type : undefined;
      const wrong = wrongValue(type);
      if (wrong !== undefined) {
        if (slot.location === "query" && typeof wrong.wire === "string")
          out.push({
            category: "wrong-type",
            title: `wrong type ${slot.key} = ${JSON.stringify(wrong.wire)} (${String(type)} documented)`,
            request: this.request(withParam(slot.key, wrong.wire)),
            parameter: slot.name,
          });
        else if (slot.location === "body")
          out.push({
            category: "wrong-type",
            title: `wrong type body = ${JSON.stringify(wrong.json)} (${String(type)} documented)`,
            request: this.request(withBody(wrong.json)),
          });
        else if (slot.location === "body-property" && isObj(base.body))
          out.push({
            category: "wrong-type",
            title: `wrong type ${slot.key} = ${JSON.stringify(wrong.json)} (${String(type)} documented)`,
            request: this.request(withBody({ ...(base.body as Obj), [slot.name]: wrong.json })),
            parameter: slot.name,
          });
      }
      if (slot.location === "body" && type === "array" && isObj(schema) && isObj(schema.items)) {
        const itemWrong = wrongValue(schema.items.type);
        if (itemWrong !== undefined)
          out.push({
            category: "wrong-type",
            title: `wrong item type body = [${JSON.stringify(itemWrong.json)}]`,
            request: this.request(withBody([itemWrong.json])),
          });
      }
      if (!windowKeys.includes(slot.key) && isObj(schema) && (type === "integer" || type === "number")) {
        const hasMin = typeof schema.minimum === "number" || typeof schema.exclusiveMinimum === "number";
        const hasMax = typeof schema.maximum === "number" || typeof schema.exclusiveMaximum === "number";
        if (hasMin || hasMax) {
          const { min, max } = integerRange(schema);
          for (const [category, value] of [
            ["below-minimum", min - 1],
            ["above-maximum", max + 1],
          ] as const) {
            if ((category === "below-minimum" && !hasMin) || (category === "above-maximum" && !hasMax)) continue;
            const title = `${category} ${slot.key} = ${value} (${category === "below-minimum" ? `≥ ${min}` : `≤ ${max}`} documented)`;
            if (slot.location === "query")
              out.push({
                category,
                title,
                request: this.request(withParam(slot.key, String(value))),
                parameter: slot.name,
              });
            else if (slot.location === "body-property" && isObj(base.body))
              out.push({
                category,
                title,
                request: this.request(withBody({ ...(base.body as Obj), [slot.name]: value })),
                parameter: slot.name,
              });
          }
        }
      }
    }

    if (tw !== undefined) {
      const g = tw.granularitySeconds;
      const set = (s: number, e: number): ValidDraw => ({
        params: { ...base.params, [`query.${tw.start}`]: timeBinding(s, g), [`query.${tw.end}`]: timeBinding(e, g) },
        body: base.body,
      });
      if (tw.maxSpanSeconds !== undefined) {
        // End in the future so that only the span rule is broken, not the age rule.
        const end = Math.floor(tw.maxSpanSeconds / 2);
        const start = end - tw.maxSpanSeconds - 3600;
        out.push({
          category: "time-window-span",
          title: `${tw.end} − ${tw.start} > ${tw.maxSpanSeconds} s (x-time-window maxSpanSeconds)`,
          request: this.request(set(start, end)),
        });
      }
      if (tw.maxAgeSeconds !== undefined) {
        const start = -tw.maxAgeSeconds - 3600;
        out.push({
          category: "time-window-age",
          title: `${tw.start} older than ${tw.maxAgeSeconds} s (x-time-window maxAgeSeconds)`,
          request: this.request(set(start, start + 1800)),
        });
      }
      out.push({
        category: "time-window-order",
        title: `${tw.start} later than ${tw.end} (x-time-window)`,
        request: this.request(set(-1800, -3600)),
      });
    }

    out.push({
      category: "bad-signature",
      title: "signed with a wrong AccessKey secret",
      request: this.request(base, "wrong-secret"),
    });
    out.push({
      category: "expired-timestamp",
      title:
        "request time 20 minutes old (> 15 min: docs/alibaba/sls-requests.md#request-time, docs/alibaba/pop-errors.md#gateway-codes)",
      request: this.request(base, "expired"),
    });

    for (const rule of this.fixture.unknown) {
      if (!this.slots.some((s) => s.key === rule.key)) continue;
      const binding: Binding = { $bind: "resource", name: rule.resource };
      out.push({
        category: "unknown-resource",
        title: `unknown ${rule.key.slice(rule.key.indexOf(".") + 1)} (${rule.note})`,
        request: this.request(withParam(rule.key, binding)),
        candidates: rule.codes,
      });
    }
    return out;
  }
}

function wrongValue(type: unknown): { wire?: string; json: unknown } | undefined {
  switch (type) {
    case "integer":
    case "number":
      return { wire: "not-a-number", json: "not-a-number" };
    case "boolean":
      return { wire: "not-a-boolean", json: "not-a-boolean" };
    case "array":
      return { json: { not: "an array" } };
    case "object":
      return { json: ["not", "an", "object"] };
    case "string":
      return { json: 12345 };
    default:
      return undefined;
  }
}

/**
 * Generates the cases of every operation of `spec`, ordered by operationId. Each operation gets its
 * negative cases plus enough positive ones (the example first) to reach `perOperation`, and at least half
 * of `perOperation` positive ones.
 */
export function generateCases(spec: CompiledSpec, options: GenerateOptions): CaseSpec[] {
  const perOperation = Math.max(1, options.perOperation ?? DEFAULT_CASES_PER_OPERATION);
  const errorBody = spec.product.errorBody;
  const cases: CaseSpec[] = [];
  for (const op of [...spec.operations.values()].sort((a, b) => a.id.localeCompare(b.id))) {
    const gen = new OperationGenerator(spec, op);
    const arb = gen.validArbitrary();
    const seed = deriveSeed(options.seed, op.id);
    const [base] = fc.sample(arb, { seed, numRuns: 1 }) as [ValidDraw];
    const negatives = gen.negatives(base);
    const example = gen.exampleDraw(base);
    const positiveCount = Math.max(Math.ceil(perOperation / 2), perOperation - negatives.length);
    const generatedCount = positiveCount - (example === undefined ? 0 : 1);
    const draws = fc.sample(arb, { seed: deriveSeed(options.seed, `${op.id}/positive`), numRuns: generatedCount });
    let n = 0;
    const push = (c: Omit<CaseSpec, "id" | "operationId" | "product">): void => {
      n++;
      cases.push({ id: `${op.id}/${c.kind}/${n}`, operationId: op.id, product: op.product, ...c });
    };
    if (example !== undefined)
      push({
        kind: "positive",
        title: `${op.id} positive #${n + 1}: the spec's examples`,
        request: gen.request(example),
      });
    for (const d of draws)
      push({ kind: "positive", title: `${op.id} positive #${n + 1}: schema-generated`, request: gen.request(d) });
    for (const neg of negatives) {
      const opts: { parameter?: string; candidates?: string[] } = {};
      if (neg.parameter !== undefined) opts.parameter = neg.parameter;
      if (neg.candidates !== undefined) opts.candidates = neg.candidates;
      push({
        kind: "negative",
        title: `${op.id} negative #${n + 1}: ${neg.title}`,
        request: neg.request,
        expect: expectNegative(op, errorBody, neg.category, opts),
      });
    }
  }
  return cases;
}
