/**
 * One request on its way through the pipeline (src/mock/pipeline/request-pipeline.ts): what routing found, then
 * what each stage adds (the caller's AccessKeyId, the resources the request addresses, the decoded body and the
 * validated parameters). One record per request, filled in place, so the stages allocate nothing else.
 */
import type { CompiledOperation } from "../../openapi/compiled-spec.ts";
import type { Query } from "../../signing/types.ts";
import type { ConsumerGroupCoordinator } from "../domain/consumer-group-coordinator.ts";
import type { WireRequest } from "../wire.ts";
import type { ServedProduct } from "./served-products.ts";

/** The resources a request addresses, found by the product's resource checks (resource-checks.ts). */
export interface ResourceScope {
  /** SLS: the project named by the first label of Host. */
  project?: string;
  /** SLS: the consumer-group coordinator of the logstore named by the `{logstore}` path parameter. */
  logstore?: ConsumerGroupCoordinator;
}

/** An RPC form body, decoded and parsed once, on first use. */
export interface FormReader {
  /** Its parameters, in order; `undefined` when the body is not UTF-8. */
  params(): Query | undefined;
}

/** A routed request and what the stages learned about it. */
export interface Call {
  readonly request: WireRequest;
  /** Upper case. */
  readonly method: string;
  readonly product: ServedProduct;
  readonly operation: CompiledOperation;
  /** The decoded query string: what the signature covers. */
  readonly query: Query;
  /**
   * The parameters the spec validates: RPC the query and a form body merged, ROA the query. An RPC form body that
   * routing did not need is merged after authentication (`form`), so a stranger's large body is never decoded.
   */
  params: Record<string, string | string[]>;
  /** RPC: the form body, parsed on first use (by routing, the verifier or completeFormParams); `undefined` without one. */
  readonly form: FormReader | undefined;
  /** RPC: the form body is not merged into `params` yet. */
  formPending: boolean;
  readonly pathParams: Record<string, string>;
  /** RPC: the Action the request names (query, form or `x-acs-action`). */
  readonly action: string | undefined;
  /** Set by the authentication stage. */
  accessKeyId: string;
  /** Set by the resource checks. */
  scope: ResourceScope;
  /** The decoded request body (ROA JSON), set by the validation stage. */
  body: unknown;
  /** The parameters coerced to their documented types, set by the validation stage. */
  valid: Record<string, unknown>;
}
