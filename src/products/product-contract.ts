/**
 * What the contract run needs to know about a product beyond its spec: which inputs are bound to run-time
 * resources (a group that must exist, the target's AppId), how those resources are created and deleted (by
 * calling operations of the product's own spec), which inputs are drawn from a narrower schema than the page
 * states, and which write operations are safe on a real account. Data only (no fast-check, no clients), so the
 * product entry stays node-free; src/contract-cases/ and contract-suite/ interpret it.
 *
 * Input keys: `path.<name>`, `query.<name>`, `header.<name>`, `body` (the whole body) or `body.<property>`.
 * A key an operation does not have is ignored, so product-wide defaults are safe.
 */

/** A reference inside an `OperationCall`'s inputs: the value of another resource of the same product. */
export interface ResourceRef {
  $resource: string;
}

/** A reference inside an `OperationCall`'s inputs: the name of the resource being created or deleted. */
export interface SelfRef {
  $self: true;
}

/** A call of one operation of the product's spec; inputs may hold `ResourceRef`/`SelfRef` anywhere. */
export interface OperationCall {
  operation: string;
  path?: Readonly<Record<string, unknown>>;
  query?: Readonly<Record<string, unknown>>;
  body?: unknown;
}

/** A run-time resource a case input can be bound to. */
export type ResourceDefinition =
  /** The target's own value of a product setting (`sls.logstore`, `live.appId`). */
  | { kind: "setting"; key: string; note: string }
  /** A name under the run's prefix that exists nowhere (for "unknown resource" negatives). */
  | { kind: "absent"; note: string }
  /** A resource created for the case before it runs (a 2xx `create` answer is required), deleted after it. */
  | { kind: "created"; create: OperationCall; delete?: OperationCall; note: string }
  /** A new name under the run's prefix that the case itself creates; `delete` runs after the case. */
  | { kind: "fresh"; delete: OperationCall; note: string }
  /**
   * An index among the resource's items (a shard ID): a case draws 0..63 and the run takes it modulo the
   * count, read once per worker as the length of the array `count.call` answers (retried while empty).
   */
  | { kind: "index"; count: { call: OperationCall; attempts: number }; note: string };

/** How one input is produced in valid requests. */
export interface InputRule {
  /** Pin the input to a run-time resource (a key of `ProductContract.resources`, or a setting key). */
  bind?: string;
  /** Draw the input from this JSON Schema instead of the spec's (values stay valid for the spec). */
  schema?: Readonly<Record<string, unknown>>;
  /** Leave the (optional) input out of valid requests. */
  omit?: boolean;
  /** Why, for reviewers. */
  note: string;
}

/**
 * A negative case "unknown resource": put `resource` into input `key`; the answer must carry one of `codes`, with
 * the codes' documented `status` where the operation's page does not list them.
 */
export interface UnknownResourceRule {
  key: string;
  resource: string;
  codes: readonly string[];
  status: number;
  note: string;
}

/** The rules of one operation (or the product-wide defaults). */
export interface OperationContract {
  inputs?: Readonly<Record<string, InputRule>>;
  unknown?: readonly UnknownResourceRule[];
}

/** A product's contract data. */
export interface ProductContract {
  resources: Readonly<Record<string, ResourceDefinition>>;
  defaults: OperationContract;
  /** Per operationId; its inputs are merged over the defaults, its `unknown` replaces theirs. */
  operations: Readonly<Record<string, OperationContract>>;
  /**
   * Write operations a real-account run sends without `--allow-writes`, each with the reason it is safe
   * (e.g. it only touches resources the run created under its prefix and deletes afterwards).
   */
  safeWrites: Readonly<Record<string, string>>;
}

/** The contract of a product without a module: no resources but its settings, no narrowed inputs. */
export const EMPTY_CONTRACT: ProductContract = { resources: {}, defaults: {}, operations: {}, safeWrites: {} };
