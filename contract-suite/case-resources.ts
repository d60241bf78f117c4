/**
 * The run-time resources of one case (or one flow), created on demand from the product entry's contract data
 * (src/products/product-contract.ts) by calling the product's own operations, and deleted afterwards — also
 * when the case fails, through `cleanup`, which the worker fixture's teardown calls too. Everything a run
 * creates is named under its `specgate-<random>-` prefix. Nothing here names a product.
 */

import type { Exchange } from "../src/client/exchange.ts";
import type { OperationCaller } from "../src/client/product-client.ts";
import type { CaseResourceNeeds, ResolvedResources } from "../src/contract-cases/case-model.ts";
import { describeAnswer } from "../src/contract-cases/check-exchange.ts";
import type { CompiledOperation, CompiledSpec } from "../src/openapi/compiled-spec.ts";
import { isJsonObject } from "../src/openapi/is-json-object.ts";
import type { OperationCall, ResourceDefinition } from "../src/products/product-contract.ts";
import type { ProductDefinition, ProductSettings } from "../src/products/product-definition.ts";

/** Thrown when a case's setup step fails: the case cannot say anything about the operation under test. */
export class SetupError extends Error {
  override name = "SetupError";
}

/** What a scope needs from the worker's run. */
export interface ResourceHost {
  product: ProductDefinition;
  spec: CompiledSpec;
  settings: ProductSettings;
  client: OperationCaller;
  /** A new unique name under the run's prefix. */
  uniqueName(kind: string): string;
  /** Index counts, read once per worker (`<product>/<name>` → count). */
  counts: Map<string, number>;
  /** Waits for the operation's pacing slot. */
  pace(op: CompiledOperation): Promise<void>;
}

/** The references (`{$resource}`) anywhere in a call's inputs. */
function referencedResources(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) for (const v of value) referencedResources(v, out);
  else if (isJsonObject(value)) {
    if (typeof value.$resource === "string") out.add(value.$resource);
    else for (const v of Object.values(value)) referencedResources(v, out);
  }
  return out;
}

/** The inputs with `{$resource}` and `{$self}` replaced. */
function substitute(value: unknown, values: ReadonlyMap<string, string>, self: string | undefined): unknown {
  if (Array.isArray(value)) return value.map((v) => substitute(v, values, self));
  if (!isJsonObject(value)) return value;
  if (value.$self === true) return self;
  if (typeof value.$resource === "string") return values.get(value.$resource);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, values, self)]));
}

function asWire(record: unknown): Record<string, string> {
  if (!isJsonObject(record)) return {};
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, String(v)]));
}

function isSuccess(ex: Exchange): boolean {
  return ex.status >= 200 && ex.status < 300;
}

/** The resources of one case. */
export class CaseResources {
  readonly #values = new Map<string, string>();
  readonly #deletions: (() => Promise<void>)[] = [];

  constructor(readonly host: ResourceHost) {}

  /** How many deletions are still registered. */
  get pending(): number {
    return this.#deletions.length;
  }

  #definition(name: string): ResourceDefinition {
    const declared = this.host.product.contract.resources[name];
    if (declared !== undefined) return declared;
    if (this.host.settings[name] !== undefined) return { kind: "setting", key: name, note: "a target setting" };
    throw new SetupError(
      `setup: product '${this.host.product.id}' has no resource '${name}' (a contract resource or a setting)`,
    );
  }

  /** Calls an operation of the product with the call's inputs (references resolved, `{$self}` = `self`). */
  async call(call: OperationCall, self?: string): Promise<Exchange> {
    const op = this.host.spec.operations.get(call.operation);
    if (op === undefined)
      throw new SetupError(
        `setup needs ${call.operation}, which the ${this.host.product.id} spec lacks: add its reference page and run npm run gen:specs`,
      );
    const values = new Map<string, string>();
    for (const name of referencedResources([call.path, call.query, call.body]))
      values.set(name, await this.value(name));
    const body = call.body === undefined ? undefined : substitute(call.body, values, self);
    await this.host.pace(op);
    return this.host.client.call(op, {
      path: asWire(substitute(call.path ?? {}, values, self)),
      query: asWire(substitute(call.query ?? {}, values, self)),
      ...(body === undefined ? {} : { body }),
    });
  }

  async #create(name: string, def: Extract<ResourceDefinition, { kind: "created" }>): Promise<string> {
    const value = this.host.uniqueName(name);
    const remove = def.delete;
    if (remove !== undefined) this.#deletions.push(() => this.#quietly(remove, value)); // before: a half-made one goes too
    const ex = await this.call(def.create, value);
    if (!isSuccess(ex))
      throw new SetupError(
        `setup: ${def.create.operation} ${value} answered ${describeAnswer(ex, this.host.product.errorBody)}, expected 2xx`,
      );
    return value;
  }

  async #quietly(call: OperationCall, self: string): Promise<void> {
    try {
      await this.call(call, self);
    } catch {
      // Best effort: it may be gone already; the worker's teardown runs `cleanup` again.
    }
  }

  async #make(name: string): Promise<string> {
    const def = this.#definition(name);
    switch (def.kind) {
      case "setting":
        return this.host.settings[def.key] ?? "";
      case "absent":
        return this.host.uniqueName("absent");
      case "created":
        return this.#create(name, def);
      case "fresh": {
        const value = this.host.uniqueName(name);
        this.#deletions.push(() => this.#quietly(def.delete, value));
        return value;
      }
      case "index":
        throw new SetupError(`setup: resource '${name}' is an index; bind it with an index`);
    }
  }

  /** The value of a named resource, created once per scope. */
  async value(name: string): Promise<string> {
    const known = this.#values.get(name);
    if (known !== undefined) return known;
    const made = await this.#make(name);
    this.#values.set(name, made);
    return made;
  }

  /** How many items an index resource has, probed once per worker in a scope of its own. */
  async count(name: string): Promise<number> {
    const key = `${this.host.product.id}/${name}`;
    const cached = this.host.counts.get(key);
    if (cached !== undefined) return cached;
    const def = this.#definition(name);
    if (def.kind !== "index") throw new SetupError(`setup: resource '${name}' is not an index resource`);
    const probe = new CaseResources(this.host);
    try {
      for (let i = 0; i < def.count.attempts; i++) {
        const ex = await probe.call(def.count.call);
        if (isSuccess(ex) && Array.isArray(ex.body) && ex.body.length > 0) {
          this.host.counts.set(key, ex.body.length);
          return ex.body.length;
        }
      }
    } finally {
      await probe.cleanup();
    }
    throw new SetupError(`setup: ${def.count.call.operation} listed no ${name}; cannot count them`);
  }

  /** Creates what a case needs and returns the values its placeholders resolve to. */
  async resolve(needs: CaseResourceNeeds, nowSeconds: number): Promise<ResolvedResources> {
    const values = new Map<string, string>();
    const counts = new Map<string, number>();
    for (const name of needs.values) values.set(name, await this.value(name));
    for (const name of needs.counts) counts.set(name, await this.count(name));
    return {
      nowSeconds,
      get: (name) => values.get(name) ?? "",
      count: (name) => counts.get(name) ?? 1,
    };
  }

  /** Deletes what the scope created, newest first (errors ignored). */
  async cleanup(): Promise<void> {
    while (this.#deletions.length > 0) await this.#deletions.pop()?.();
    this.#values.clear();
  }
}
