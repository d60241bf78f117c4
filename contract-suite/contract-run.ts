/**
 * The I/O side of one Playwright worker's contract run: a signed client per product of the target and per way
 * a case signs (valid, wrong secret, expired), the resources the cases use (case-resources.ts: created before,
 * deleted after — also on failure and interruption, through the worker fixture's teardown), pacing under each
 * operation's documented `x-qps-limit`, and the execution of one case. The cases themselves and every check are
 * pure code in src/contract-cases/. Nothing here names a product: the registry entries and the specs say it all.
 */
import { setTimeout as delay } from "node:timers/promises";
import type { Exchange } from "../src/client/exchange.ts";
import { clientForProduct, type OperationCaller } from "../src/client/product-client.ts";
import { RedactedCredentials } from "../src/client/redacted-credentials.ts";
import { productTarget, type Target } from "../src/client/target.ts";
import {
  type AuthVariant,
  type CaseSpec,
  listResources,
  resolveBindings,
  resolveWireRecord,
} from "../src/contract-cases/case-model.ts";
import { checkCase } from "../src/contract-cases/check-exchange.ts";
import type { CaseRecord } from "../src/contract-cases/contract-results.ts";
import { systemClock } from "../src/core/clock.ts";
import type { CompiledOperation } from "../src/openapi/compiled-spec.ts";
import type { LoadedSpecs } from "../src/openapi/load-specs.ts";
import { CaseResources } from "./case-resources.ts";

export { SetupError } from "./case-resources.ts";

/** Share of a documented QPS limit the whole run uses, so it never trips the limit it is not testing. */
const PACING_SHARE = 0.8;
/** How far back the "expired" clients' clock is: beyond the 15 minutes every product allows. */
const SKEW_MS = 20 * 60 * 1000;

/** Spaces calls at least `intervalMs` apart (the run's own pacing, not the server's limiter). */
class Pacer {
  #next = 0;
  constructor(readonly intervalMs: number) {}
  async wait(): Promise<void> {
    const now = performance.now();
    const at = Math.max(now, this.#next);
    this.#next = at + this.intervalMs;
    if (at > now) await delay(at - now);
  }
}

/** Options of a worker's run. */
export interface ContractRunOptions {
  /** How many workers share the target's limits (each paces at its share); default 1. */
  workers?: number;
}

/** One worker's clients, resources and case executor. */
export class ContractRun {
  readonly #clients = new Map<string, OperationCaller>();
  readonly #pacers = new Map<string, Pacer>();
  readonly #scopes = new Set<CaseResources>();
  readonly #counts = new Map<string, number>();
  readonly #workers: number;
  #counter = 0;

  constructor(
    readonly target: Target,
    readonly specs: LoadedSpecs,
    /** Prefix of every resource the run creates: `specgate-<random>-`. */
    readonly prefix: string,
    options: ContractRunOptions = {},
  ) {
    this.#workers = Math.max(1, options.workers ?? 1);
  }

  /** A new unique name under the run's prefix. */
  uniqueName(kind: string): string {
    this.#counter++;
    return `${this.prefix}${kind}-${this.#counter}`;
  }

  /** The client of a product that signs the way `auth` says (a wrong secret, a clock 20 minutes behind). */
  clientFor(productId: string, auth: AuthVariant = "valid"): OperationCaller {
    const key = `${productId}/${auth}`;
    let client = this.#clients.get(key);
    if (client === undefined) {
      client = this.#createClient(productId, auth);
      this.#clients.set(key, client);
    }
    return client;
  }

  #createClient(productId: string, auth: AuthVariant): OperationCaller {
    if (auth === "valid") return clientForProduct(this.target, productId);
    if (auth === "expired") {
      const past = { monotonicMs: () => performance.now(), wallMs: () => systemClock.wallMs() - SKEW_MS };
      return clientForProduct(this.target, productId, { retry: false, clock: past });
    }
    const creds = this.target.credentials;
    const wrong = new RedactedCredentials({
      accessKeyId: creds.accessKeyId,
      accessKeySecret: `${creds.accessKeySecret}-wrong`,
    });
    return clientForProduct(this.target, productId, { retry: false, credentials: wrong });
  }

  /** Waits for the operation's pacing slot when it has a documented QPS limit (`x-qps-limit`). */
  async pace(op: CompiledOperation): Promise<void> {
    if (op.qpsLimit === undefined || op.qpsLimit <= 0) return;
    const key = `${op.product}/${op.id}`;
    let pacer = this.#pacers.get(key);
    if (pacer === undefined) {
      pacer = new Pacer((1000 * this.#workers) / (op.qpsLimit * PACING_SHARE));
      this.#pacers.set(key, pacer);
    }
    await pacer.wait();
  }

  /** A new resource scope of a product (a flow's; `execute` opens one per case). `cleanup` deletes it too. */
  scope(productId: string): CaseResources {
    const scope = new CaseResources({
      product: this.specs.definition(productId),
      spec: this.specs.spec(productId),
      settings: productTarget(this.target, productId).settings,
      client: this.clientFor(productId),
      uniqueName: (kind) => this.uniqueName(kind),
      counts: this.#counts,
      pace: (op) => this.pace(op),
    });
    this.#scopes.add(scope);
    return scope;
  }

  /** Deletes what every open scope created; called after each case and in the worker fixture's teardown. */
  async cleanup(): Promise<void> {
    for (const scope of [...this.#scopes]) {
      await scope.cleanup();
      this.#scopes.delete(scope);
    }
  }

  /** How many deletions are still registered. */
  get pendingResources(): number {
    return [...this.#scopes].reduce((n, s) => n + s.pending, 0);
  }

  /** Sends a case's request (after its setup steps) and returns the raw exchange. */
  async send(c: CaseSpec, op: CompiledOperation, scope: CaseResources): Promise<Exchange> {
    const resources = await scope.resolve(listResources(c.request), Math.floor(systemClock.wallMs() / 1000));
    const input = {
      path: resolveWireRecord(c.request.path, resources),
      query: resolveWireRecord(c.request.query, resources),
      ...(c.request.hasBody ? { body: resolveBindings(c.request.body, resources) } : {}),
    };
    await this.pace(op);
    return this.clientFor(c.product, c.request.auth).call(op, input);
  }

  /** Runs one case: setup, request, checks, cleanup. Setup and network failures throw. */
  async execute(c: CaseSpec): Promise<CaseRecord> {
    const spec = this.specs.spec(c.product);
    const op = spec.operations.get(c.operationId);
    if (op === undefined) throw new Error(`operation ${c.operationId} is not in the ${c.product} spec`);
    const scope = this.scope(c.product);
    try {
      const exchange = await this.send(c, op, scope);
      return {
        caseId: c.id,
        title: c.title,
        operationId: c.operationId,
        product: c.product,
        kind: c.kind,
        violations: checkCase(op, spec.product.errorBody, c, exchange),
      };
    } finally {
      await this.cleanup();
    }
  }
}
