/**
 * The mock's one request pipeline, for every operation of every loaded spec:
 *
 *   query size → route → size limits → resources (before auth) → signature → form body → resources (after auth) →
 *   rate limit → validation → answer
 *
 * Work spent before the caller is known is bounded (docs/mock-limits.md#request-size): sizes are checked first,
 * the server's largest query before routing and the product's own after; an RPC form body is decoded before
 * authentication only when the query and headers do not name the operation.
 *
 * Each stage is a small module that answers the request or passes it on; what differs between products comes
 * from their registry entry and dialect (signing schemes, error body, Host rule, codes), never from a branch here.
 * The rate limit runs before validation, as the mock's Live handler always did: a malformed request over the
 * limit is throttled, and counts against the limit (which order the real gateway uses is not documented). The
 * answer comes from the operation's behaviour where one is registered (behaviours/index.ts), else from its spec
 * (spec-answer/). Every answer, refusals included, is given in the format the request asks for (POP's JSON or
 * XML): the dialect's `success` writes that format at once, its `inRequestedFormat` rewrites a refusal.
 */

import type { CompiledOperation } from "../../openapi/compiled-spec.ts";
import type { Behaviour } from "../behaviours/behaviour.ts";
import { BEHAVIOURS } from "../behaviours/index.ts";
import type { WireDialect } from "../dialects/wire-dialect.ts";
import type { MockState } from "../mock-state.ts";
import { SpecAnswers } from "../spec-answer/spec-answers.ts";
import type { WireRequest, WireResponse } from "../wire.ts";
import { authenticate } from "./authenticate.ts";
import type { Call } from "./call.ts";
import { checkLimits, queryTooLong } from "./check-limits.ts";
import { limitRate } from "./limit-rate.ts";
import { createRequestRouter } from "./route-request.ts";
import { completeFormParams } from "./route-rpc.ts";
import { serveProducts } from "./served-products.ts";
import { createValidateRequest } from "./validate-request.ts";

/** A stage: answers the request (refusing it), or `undefined` to pass it on. */
export type Stage = (call: Call, state: MockState) => WireResponse | undefined;

/** The pipeline of one mock. */
export interface RequestPipeline {
  handle(request: WireRequest): WireResponse;
  /** The dialect that answers for `path` before an operation is known (framework and HTTP parse errors). */
  dialectFor(path: string, host?: string): WireDialect;
}

/** Options of `createRequestPipeline`. */
export interface RequestPipelineOptions {
  /** Seed of generated answers (spec-answer/schema-instance.ts). */
  seed: number;
}

/** Builds the pipeline over `state`: products, routes, behaviours and stages resolved once. */
export function createRequestPipeline(state: MockState, options: RequestPipelineOptions): RequestPipeline {
  const products = serveProducts(state);
  const router = createRequestRouter(products);
  const behaviours = resolveBehaviours(products.map((p) => p.spec.operations));
  const specAnswers = new SpecAnswers(options.seed);
  const validate = createValidateRequest(state);
  const maxQueryBytes = Math.max(...products.map((p) => p.definition.limits.maxQueryBytes));
  const stages: readonly Stage[] = [
    checkLimits,
    (call, s) => call.product.resources.beforeAuth?.(call, s),
    authenticate,
    completeFormParams,
    (call, s) => call.product.resources.afterAuth?.(call, s),
    limitRate,
    validate,
  ];
  /** The successShape of an operation's answer in XML: its documented schema, looked up only when needed. */
  const documentedShape = (call: Call) => () => {
    const documented = specAnswers.answer(call.product.spec, call.operation);
    return { schema: documented.schema, document: documented.document };
  };
  /**
   * The answer of a routed call, in the format it asks for: the first stage that refuses it, else its behaviour's
   * or its spec's (a success written in that format at once, a refusal rewritten: dialects build refusals in one).
   */
  const answerCall = (call: Call): WireResponse => {
    const { operation, product, request } = call;
    const refused = runStages(call);
    const context = { request, params: call.params, operation, successShape: documentedShape(call) };
    if (refused !== undefined) return product.dialect.inRequestedFormat(refused, context);
    const behaviour = behaviours.get(operation);
    const answer =
      behaviour !== undefined ? behaviour.answer(call, state) : specAnswers.answer(product.spec, operation);
    if (!answer.ok) return product.dialect.inRequestedFormat(product.dialect.domainError(answer.error), context);
    return product.dialect.success(operation, answer, product.emptySuccess.has(operation.id), context);
  };
  const runStages = (call: Call): WireResponse | undefined => {
    for (const stage of stages) {
      const refused = stage(call, state);
      if (refused !== undefined) return refused;
    }
    return undefined;
  };
  return {
    handle(request) {
      if (request.rawQuery.length > maxQueryBytes) {
        const dialect = router.dialectFor(request.path, request.headers.host);
        return dialect.inRequestedFormat(queryTooLong(dialect, request, maxQueryBytes), { request });
      }
      const routed = router.route(request);
      if (!routed.ok)
        return router.dialectFor(request.path, request.headers.host).inRequestedFormat(routed.response, { request });
      return answerCall(routed.call);
    },
    dialectFor: (path, host) => router.dialectFor(path, host),
  };
}

/** Each loaded operation's registered behaviour (matched by product id and operationId). */
function resolveBehaviours(
  specs: readonly ReadonlyMap<string, CompiledOperation>[],
): ReadonlyMap<CompiledOperation, Behaviour> {
  const byOperation = new Map<CompiledOperation, Behaviour>();
  for (const operations of specs)
    for (const behaviour of BEHAVIOURS) {
      const operation = operations.get(behaviour.operation);
      if (operation !== undefined && operation.product === behaviour.product) byOperation.set(operation, behaviour);
    }
  return byOperation;
}
