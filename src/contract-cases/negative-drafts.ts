/**
 * The negative mutations of a valid request, one per constraint the spec states: a missing required input, a
 * value of the wrong type, a number outside its documented range, a time window outside its `x-time-window`
 * rules, a wrong signature and an expired one, and an unknown resource where the product's fixture names one.
 * Each section below is one kind of constraint; `negativeDrafts` concatenates them.
 */
import { isJsonObject as isObj } from "../openapi/is-json-object.ts";
import { resolveLocalRef } from "../openapi/resolve-local-ref.ts";
import type { Binding, CaseRequest, NegativeCategory, WireValue } from "./case-model.ts";
import type { DocumentedError } from "./negative-expectations.ts";
import { caseRequest, type InputSlot, type OperationContext, type ValidDraw } from "./operation-context.ts";
import { integerRange } from "./schema-arbitrary.ts";
import { timeBinding } from "./time-window-draws.ts";

type Obj = Readonly<Record<string, unknown>>;

/** A negative case before its expectation is looked up. */
export interface NegativeDraft {
  category: NegativeCategory;
  title: string;
  request: CaseRequest;
  parameter?: string;
  candidates?: readonly string[];
  /** The errors expected when the operation documents none of the candidates. */
  common?: readonly DocumentedError[];
}

/** Mutations of one valid draw. */
class Mutations {
  constructor(
    readonly ctx: OperationContext,
    readonly base: ValidDraw,
  ) {}

  withParam(key: string, value: WireValue | undefined): CaseRequest {
    const params = { ...this.base.params };
    if (value === undefined) delete params[key];
    else params[key] = value;
    return caseRequest(this.ctx, { params, body: this.base.body });
  }

  withBody(body: unknown): CaseRequest {
    return caseRequest(this.ctx, { params: { ...this.base.params }, body });
  }

  withBodyProperty(name: string, value: unknown): CaseRequest {
    return this.withBody({ ...(this.base.body as Obj), [name]: value });
  }

  /** The base body without property `name`. */
  withoutBodyProperty(name: string): CaseRequest {
    const { [name]: _drop, ...rest } = this.base.body as Record<string, unknown>;
    return this.withBody(rest);
  }

  get hasObjectBody(): boolean {
    return isObj(this.base.body);
  }
}

// --- missing required inputs -------------------------------------------------------------------------

function missingRequired(m: Mutations, slot: InputSlot): NegativeDraft[] {
  if (!slot.required) return [];
  const title = `missing required ${slot.key}`;
  switch (slot.location) {
    case "body":
      return [{ category: "missing-required", title: "missing required body", request: m.withBody(undefined) }];
    case "body-property":
      return m.hasObjectBody
        ? [{ category: "missing-required", title, request: m.withoutBodyProperty(slot.name), parameter: slot.name }]
        : [];
    case "query":
    case "header":
      return [{ category: "missing-required", title, request: m.withParam(slot.key, undefined), parameter: slot.name }];
    default:
      return []; // a path without its segment is another route, not this operation
  }
}

// --- wrong types ---------------------------------------------------------------------------------------

/** A value of another type than `type`: as wire text (query) and as JSON (body). */
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

function wrongType(m: Mutations, slot: InputSlot, schema: unknown): NegativeDraft[] {
  const type = isObj(schema) ? schema.type : undefined;
  const wrong = wrongValue(type);
  if (wrong === undefined) return [];
  const documented = `(${String(type)} documented)`;
  if (slot.location === "query" && typeof wrong.wire === "string")
    return [
      {
        category: "wrong-type",
        title: `wrong type ${slot.key} = ${JSON.stringify(wrong.wire)} ${documented}`,
        request: m.withParam(slot.key, wrong.wire),
        parameter: slot.name,
      },
    ];
  if (slot.location === "body")
    return [
      {
        category: "wrong-type",
        title: `wrong type body = ${JSON.stringify(wrong.json)} ${documented}`,
        request: m.withBody(wrong.json),
      },
    ];
  if (slot.location === "body-property" && m.hasObjectBody)
    return [
      {
        category: "wrong-type",
        title: `wrong type ${slot.key} = ${JSON.stringify(wrong.json)} ${documented}`,
        request: m.withBodyProperty(slot.name, wrong.json),
        parameter: slot.name,
      },
    ];
  return [];
}

function wrongItemType(m: Mutations, slot: InputSlot, schema: unknown): NegativeDraft[] {
  if (slot.location !== "body" || !isObj(schema) || schema.type !== "array" || !isObj(schema.items)) return [];
  const itemWrong = wrongValue(schema.items.type);
  if (itemWrong === undefined) return [];
  return [
    {
      category: "wrong-type",
      title: `wrong item type body = [${JSON.stringify(itemWrong.json)}]`,
      request: m.withBody([itemWrong.json]),
    },
  ];
}

// --- numbers outside their documented range --------------------------------------------------------------

function outOfRange(m: Mutations, slot: InputSlot, schema: unknown, windowKeys: readonly string[]): NegativeDraft[] {
  if (windowKeys.includes(slot.key) || !isObj(schema) || (schema.type !== "integer" && schema.type !== "number"))
    return [];
  const hasMin = typeof schema.minimum === "number" || typeof schema.exclusiveMinimum === "number";
  const hasMax = typeof schema.maximum === "number" || typeof schema.exclusiveMaximum === "number";
  const { min, max } = integerRange(schema);
  const bounds: [NegativeCategory, number, string][] = [];
  if (hasMin) bounds.push(["below-minimum", min - 1, `≥ ${min}`]);
  if (hasMax) bounds.push(["above-maximum", max + 1, `≤ ${max}`]);
  const out: NegativeDraft[] = [];
  for (const [category, value, documented] of bounds) {
    const title = `${category} ${slot.key} = ${value} (${documented} documented)`;
    if (slot.location === "query")
      out.push({ category, title, request: m.withParam(slot.key, String(value)), parameter: slot.name });
    else if (slot.location === "body-property" && m.hasObjectBody)
      out.push({ category, title, request: m.withBodyProperty(slot.name, value), parameter: slot.name });
  }
  return out;
}

// --- x-time-window -------------------------------------------------------------------------------------

function timeWindowBreaks(m: Mutations): NegativeDraft[] {
  const tw = m.ctx.op.timeWindow;
  if (tw === undefined) return [];
  const g = tw.granularitySeconds;
  const set = (s: number, e: number): CaseRequest =>
    caseRequest(m.ctx, {
      params: { ...m.base.params, [`query.${tw.start}`]: timeBinding(s, g), [`query.${tw.end}`]: timeBinding(e, g) },
      body: m.base.body,
    });
  const out: NegativeDraft[] = [];
  if (tw.maxSpanSeconds !== undefined) {
    // End in the future so that only the span rule is broken, not the age rule.
    const end = Math.floor(tw.maxSpanSeconds / 2);
    out.push({
      category: "time-window-span",
      title: `${tw.end} − ${tw.start} > ${tw.maxSpanSeconds} s (x-time-window maxSpanSeconds)`,
      request: set(end - tw.maxSpanSeconds - 3600, end),
    });
  }
  if (tw.maxAgeSeconds !== undefined) {
    const start = -tw.maxAgeSeconds - 3600;
    out.push({
      category: "time-window-age",
      title: `${tw.start} older than ${tw.maxAgeSeconds} s (x-time-window maxAgeSeconds)`,
      request: set(start, start + 1800),
    });
  }
  out.push({
    category: "time-window-order",
    title: `${tw.start} later than ${tw.end} (x-time-window)`,
    request: set(-1800, -3600),
  });
  return out;
}

// --- signatures ------------------------------------------------------------------------------------------

function signatureBreaks(m: Mutations): NegativeDraft[] {
  return [
    {
      category: "bad-signature",
      title: "signed with a wrong AccessKey secret",
      request: caseRequest(m.ctx, m.base, "wrong-secret"),
    },
    {
      category: "expired-timestamp",
      title: "request time 20 minutes old (> 15 min allowed)",
      request: caseRequest(m.ctx, m.base, "expired"),
    },
  ];
}

// --- unknown resources -----------------------------------------------------------------------------------

function unknownResources(m: Mutations): NegativeDraft[] {
  return m.ctx.fixture.unknown
    .filter((rule) => m.ctx.slots.some((s) => s.key === rule.key))
    .map((rule) => {
      const binding: Binding = { $bind: "resource", name: rule.resource };
      return {
        category: "unknown-resource",
        title: `unknown ${rule.key.slice(rule.key.indexOf(".") + 1)} (${rule.note})`,
        request: m.withParam(rule.key, binding),
        candidates: rule.codes,
        common: rule.codes.map((code) => ({ status: rule.status, code })),
      };
    });
}

/** The negative mutations of a valid draw, one per constraint. */
export function negativeDrafts(ctx: OperationContext, base: ValidDraw): NegativeDraft[] {
  const m = new Mutations(ctx, base);
  const tw = ctx.op.timeWindow;
  const windowKeys = tw === undefined ? [] : [`query.${tw.start}`, `query.${tw.end}`];
  const perSlot = ctx.slots.flatMap((slot) => {
    if (slot.location === "path") return []; // a path without its segment is another route, not this operation
    const schema = resolveLocalRef(ctx.spec.document, slot.schema);
    return [
      ...missingRequired(m, slot),
      ...wrongType(m, slot, schema),
      ...wrongItemType(m, slot, schema),
      ...outOfRange(m, slot, schema, windowKeys),
    ];
  });
  return [...perSlot, ...timeWindowBreaks(m), ...signatureBreaks(m), ...unknownResources(m)];
}
