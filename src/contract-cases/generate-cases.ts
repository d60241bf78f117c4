/**
 * Contract cases for every operation of a CompiledSpec, generated from the spec (never hand-listed, so a
 * new page adds cases): positive cases from the spec's examples and from schema-generated valid inputs
 * (fast-check, seeded: the same seed gives the same cases; valid-draws.ts), and negative cases from the spec's
 * constraints (required, type, minimum/maximum, `x-time-window`) plus the documented auth and resource errors
 * (negative-drafts.ts). Which inputs are bound to run-time resources comes from the product's registry entry
 * (operation-fixtures.ts). Pure: no I/O, no clock (times are placeholders relative to when the case runs).
 */
import fc from "fast-check";
import type { CompiledOperation, CompiledSpec } from "../openapi/compiled-spec.ts";
import type { ProductDefinition } from "../products/product-definition.ts";
import { productForDocument } from "../products/registry.ts";
import type { CaseSpec } from "./case-model.ts";
import { type NegativeDraft, negativeDrafts } from "./negative-drafts.ts";
import { type ExpectOptions, expectNegative } from "./negative-expectations.ts";
import { caseRequest, type OperationContext, operationContext, type ValidDraw } from "./operation-context.ts";
import { exampleDraw, validArbitrary } from "./valid-draws.ts";

export { findOperationObject } from "./operation-context.ts";

/** Options of `generateCases`. */
export interface GenerateOptions {
  seed: number;
  /** Minimum number of cases per operation (positive + negative); default 20 (the floor). */
  perOperation?: number;
  /** The spec's product entry; default the registry's for the spec's `x-product`. */
  product?: ProductDefinition;
}

/** The default and minimum useful number of cases per operation. */
export const DEFAULT_CASES_PER_OPERATION = 20;

/** 32-bit FNV-1a of `text`, to derive a per-operation seed from the run's seed. */
export function deriveSeed(seed: number, text: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h | 0;
}

type CaseBody = Omit<CaseSpec, "id" | "operationId" | "product">;

function negativeCase(ctx: OperationContext, neg: NegativeDraft, n: number): CaseBody {
  const opts: ExpectOptions = {};
  if (neg.parameter !== undefined) opts.parameter = neg.parameter;
  if (neg.candidates !== undefined) opts.candidates = [...neg.candidates];
  if (neg.common !== undefined) opts.common = neg.common;
  return {
    kind: "negative",
    title: `${ctx.op.id} negative #${n}: ${neg.title}`,
    request: neg.request,
    expect: expectNegative(ctx.op, ctx.product.errorBody, neg.category, opts),
  };
}

/**
 * The cases of one operation: its negative cases plus enough positive ones (the example first) to reach
 * `perOperation`, and at least half of `perOperation` positive ones.
 */
function operationCases(ctx: OperationContext, seed: number, perOperation: number): CaseSpec[] {
  const { op } = ctx;
  const arb = validArbitrary(ctx);
  const [base] = fc.sample(arb, { seed: deriveSeed(seed, op.id), numRuns: 1 }) as [ValidDraw];
  const negatives = negativeDrafts(ctx, base);
  const example = exampleDraw(ctx, base);
  const positiveCount = Math.max(Math.ceil(perOperation / 2), perOperation - negatives.length);
  const generatedCount = positiveCount - (example === undefined ? 0 : 1);
  const draws = fc.sample(arb, { seed: deriveSeed(seed, `${op.id}/positive`), numRuns: generatedCount });
  const bodies: CaseBody[] = [];
  const title = (what: string) => `${op.id} positive #${bodies.length + 1}: ${what}`;
  if (example !== undefined)
    bodies.push({ kind: "positive", title: title("the spec's examples"), request: caseRequest(ctx, example) });
  for (const d of draws)
    bodies.push({ kind: "positive", title: title("schema-generated"), request: caseRequest(ctx, d) });
  for (const neg of negatives) bodies.push(negativeCase(ctx, neg, bodies.length + 1));
  return bodies.map((c, i) => ({ id: `${op.id}/${c.kind}/${i + 1}`, operationId: op.id, product: op.product, ...c }));
}

/** Generates the cases of every operation of `spec`, ordered by operationId. */
export function generateCases(spec: CompiledSpec, options: GenerateOptions): CaseSpec[] {
  const perOperation = Math.max(1, options.perOperation ?? DEFAULT_CASES_PER_OPERATION);
  const product = options.product ?? productForDocument(spec.document);
  const byId = (a: CompiledOperation, b: CompiledOperation) => a.id.localeCompare(b.id);
  return [...spec.operations.values()]
    .sort(byId)
    .flatMap((op) => operationCases(operationContext(spec, op, product), options.seed, perOperation));
}
