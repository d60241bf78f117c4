/**
 * The I/O side of one Playwright worker's contract run: signed clients for the target, the resources the
 * cases use (created before, deleted after — also on failure and interruption, through the worker
 * fixture's teardown), Live pacing under the spec's `x-qps-limit`, and the execution of one case.
 * The cases themselves and every check are pure code in src/contract-cases/.
 */
import { setTimeout as delay } from "node:timers/promises";
import type { Exchange } from "../src/client/exchange.ts";
import { LiveClient } from "../src/client/live-client.ts";
import { RedactedCredentials } from "../src/client/redacted-credentials.ts";
import { SlsClient } from "../src/client/sls-client.ts";
import { locateLive, locateSls, type Target } from "../src/client/target.ts";
import {
  type AuthVariant,
  type CaseSpec,
  listResources,
  type ResolvedResources,
  type ResourceName,
  resolveBindings,
  resolveWireRecord,
} from "../src/contract-cases/case-model.ts";
import { checkCase, describeAnswer } from "../src/contract-cases/check-exchange.ts";
import type { CaseRecord } from "../src/contract-cases/contract-results.ts";
import { systemClock } from "../src/core/clock.ts";
import type { CompiledOperation, CompiledSpec } from "../src/openapi/compiled-spec.ts";
import type { LoadedSpecs } from "../src/openapi/load-specs.ts";

/** Consumer-group `timeout` of the groups the suite creates for its cases (s); the docs' example is 300. */
const SETUP_GROUP_TIMEOUT_S = 60;
/** Share of a documented QPS limit the suite uses, so it never trips the limit it is not testing. */
const PACING_SHARE = 0.8;
const SKEW_MS = 20 * 60 * 1000;

/** Thrown when a case's setup step fails: the case cannot say anything about the operation under test. */
export class SetupError extends Error {
  override name = "SetupError";
}

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

/** One worker's clients, resources and case executor. */
export class ContractRun {
  readonly sls: SlsClient;
  readonly live: LiveClient;
  /** The clients of each way a case signs its request (case-model.ts `AuthVariant`). */
  readonly #slsBy: Readonly<Record<AuthVariant, SlsClient>>;
  readonly #liveBy: Readonly<Record<AuthVariant, LiveClient>>;
  readonly #created = new Set<string>();
  readonly #pacers = new Map<string, Pacer>();
  #counter = 0;
  #shardCount: number | undefined;

  constructor(
    readonly target: Target,
    readonly specs: LoadedSpecs,
    /** Prefix of every resource the run creates: `specgate-<random>-`. */
    readonly prefix: string,
  ) {
    const creds = target.credentials;
    const wrong = new RedactedCredentials({
      accessKeyId: creds.accessKeyId,
      accessKeySecret: `${creds.accessKeySecret}-wrong`,
    });
    const past = { monotonicMs: () => performance.now(), wallMs: () => systemClock.wallMs() - SKEW_MS };
    this.sls = SlsClient.forTarget(target);
    this.live = LiveClient.forTarget(target);
    const sls = locateSls(target);
    const live = locateLive(target);
    this.#slsBy = {
      valid: this.sls,
      "wrong-secret": new SlsClient({ baseUrl: sls.url, host: sls.host, credentials: wrong, retry: false }),
      expired: SlsClient.forTarget(target, { retry: false, clock: past }),
    };
    this.#liveBy = {
      valid: this.live,
      "wrong-secret": new LiveClient({ baseUrl: live.url, host: live.host, credentials: wrong, retry: false }),
      expired: LiveClient.forTarget(target, { retry: false, clock: past }),
    };
  }

  /** A new unique name under the run's prefix. */
  uniqueName(kind: string): string {
    this.#counter++;
    return `${this.prefix}${kind}-${this.#counter}`;
  }

  /** The spec of a product id. */
  specOf(product: string): CompiledSpec {
    if (product === "sls") return this.specs.sls;
    if (product === "live") return this.specs.live;
    throw new Error(`no spec for product '${product}'`);
  }

  /** Waits for the operation's pacing slot when it has a documented QPS limit (`x-qps-limit`). */
  async pace(op: CompiledOperation): Promise<void> {
    if (op.qpsLimit === undefined || op.qpsLimit <= 0) return;
    let pacer = this.#pacers.get(op.id);
    if (pacer === undefined) {
      pacer = new Pacer(1000 / (op.qpsLimit * PACING_SHARE));
      this.#pacers.set(op.id, pacer);
    }
    await pacer.wait();
  }

  /** Creates a consumer group for a case; it is deleted by `cleanup`. */
  async createGroup(timeoutSec = SETUP_GROUP_TIMEOUT_S): Promise<string> {
    const name = this.uniqueName("g");
    this.#created.add(name);
    const ex = await this.sls.createConsumerGroup(this.target.sls.logstore, {
      consumerGroup: name,
      timeout: timeoutSec,
      order: false,
    });
    if (ex.status !== 200)
      throw new SetupError(`setup: CreateConsumerGroup ${name} answered ${describeAnswer(ex, "sls")}, expected 200`);
    return name;
  }

  /**
   * Registers a consumer in `group` with a first heartbeat `[]`
   * (docs/alibaba/sls-consumer-groups.md#unknown-consumers); returns its answer's shards.
   */
  async registerConsumer(group: string, consumer: string): Promise<number[]> {
    const ex = await this.sls.consumerGroupHeartBeat(this.target.sls.logstore, group, consumer, []);
    if (ex.status !== 200 || !Array.isArray(ex.body))
      throw new SetupError(
        `setup: first heartbeat of ${consumer} answered ${describeAnswer(ex, "sls")}, expected 200 [..]`,
      );
    return ex.body as number[];
  }

  /**
   * The logstore's shard count: a lone consumer in a fresh group is given every shard
   * (docs/alibaba/sls-consumer-groups.md#balance-and-stickiness), so its heartbeat answer is the shard list. Probed
   * once per worker.
   */
  async shardCount(): Promise<number> {
    if (this.#shardCount !== undefined) return this.#shardCount;
    const group = await this.createGroup();
    try {
      let shards: number[] = [];
      for (let i = 0; i < 3 && shards.length === 0; i++) shards = await this.registerConsumer(group, "probe");
      if (shards.length === 0) throw new SetupError("setup: a lone consumer got no shard; cannot count shards");
      this.#shardCount = shards.length;
      return shards.length;
    } finally {
      await this.deleteGroup(group);
    }
  }

  /** Deletes a group the run created (errors ignored: it may already be gone). */
  async deleteGroup(name: string): Promise<void> {
    try {
      await this.sls.deleteConsumerGroup(this.target.sls.logstore, name);
    } catch {
      // Best effort; `cleanup` tries again at the end of the worker.
    }
    this.#created.delete(name);
  }

  /** Deletes every group still registered; called after each case and in the worker fixture's teardown. */
  async cleanup(): Promise<void> {
    for (const name of [...this.#created]) await this.deleteGroup(name);
  }

  /** How many groups are still registered for deletion. */
  get pendingResources(): number {
    return this.#created.size;
  }

  async #prepare(needs: Set<ResourceName>): Promise<ResolvedResources> {
    const names = new Map<string, string>();
    if (needs.has("group") || needs.has("consumer")) {
      const group = await this.createGroup();
      names.set("group", group);
      if (needs.has("consumer")) {
        const consumer = "consumer-1";
        await this.registerConsumer(group, consumer);
        names.set("consumer", consumer);
      }
    }
    if (needs.has("freshGroup")) {
      const fresh = this.uniqueName("g");
      this.#created.add(fresh);
      names.set("freshGroup", fresh);
    }
    const shardCount = needs.has("shard") ? await this.shardCount() : 1;
    return {
      nowSeconds: Math.floor(systemClock.wallMs() / 1000),
      shardCount,
      get: (name) => {
        const known = names.get(name);
        if (known !== undefined) return known;
        switch (name) {
          case "logstore":
            return this.target.sls.logstore;
          case "appId":
            return this.target.live.appId;
          case "unknownGroup":
            return this.uniqueName("absent");
          case "unknownLogstore":
            return `${this.prefix}absent-logstore`;
          case "unknownAppId":
            return `${this.prefix}absent-app`;
          default:
            throw new SetupError(`setup: no value for resource '${name}'`);
        }
      },
    };
  }

  /** Sends a case's request (after its setup steps) and returns the raw exchange. */
  async send(c: CaseSpec, op: CompiledOperation): Promise<Exchange> {
    const resources = await this.#prepare(listResources(c.request));
    const query = resolveWireRecord(c.request.query, resources);
    if (op.style === "RPC") {
      await this.pace(op);
      return this.#liveBy[c.request.auth].callRpc(op.rpc?.action ?? op.id, query, {
        method: op.method === "post" ? "POST" : "GET",
      });
    }
    const params = resolveWireRecord(c.request.path, resources);
    const path = op.pathTemplate.replace(/\{([^}]+)\}/g, (_m, name: string) =>
      encodeURIComponent(params[name] ?? `{${name}}`),
    );
    const body = c.request.hasBody ? JSON.stringify(resolveBindings(c.request.body, resources)) : undefined;
    await this.pace(op);
    return this.#slsBy[c.request.auth].send(op.method.toUpperCase(), path, { ...op.fixedQuery, ...query }, body);
  }

  /** Runs one case: setup, request, checks, cleanup. Setup and network failures throw. */
  async execute(c: CaseSpec): Promise<CaseRecord> {
    const spec = this.specOf(c.product);
    const op = spec.operations.get(c.operationId);
    if (op === undefined) throw new Error(`operation ${c.operationId} is not in the ${c.product} spec`);
    try {
      const exchange = await this.send(c, op);
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
