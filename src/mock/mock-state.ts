/**
 * Everything the running mock knows, built from a `MockConfig`: the products it serves (one per loaded spec),
 * one consumer-group coordinator per logstore, the callback records and AppId owners, a rate limiter per
 * operation with an `x-qps-limit` (read from the compiled spec, never hard-coded, over the window its
 * `x-qps-limit-window` names), the nonce store, the event log and the one eviction timer.
 * `reset()` rebuilds the domain from the config (the event log keeps counting, so readers' `since` stays valid).
 */
import type { Clock } from "../core/clock.ts";
import type { CompiledOperation } from "../openapi/compiled-spec.ts";
import type { LoadedSpecs } from "../openapi/load-specs.ts";
import type { SecretLookup } from "../signing/types.ts";
import { AppOwnership } from "./domain/app-ownership.ts";
import { CallbackRecordStore } from "./domain/callback-record-store.ts";
import { ConsumerGroupCoordinator } from "./domain/consumer-group-coordinator.ts";
import { combineDeadlineSources, DeadlineTimer } from "./domain/deadline-timer.ts";
import { EventLog } from "./domain/event-log.ts";
import { RateLimiter } from "./domain/rate-limiter.ts";
import type { Faults } from "./faults.ts";
import { callbackStoreOptionsOf, consumerGroupRulesOf, type MockConfig } from "./mock-config.ts";
import { NonceStore } from "./nonce-store.ts";
import { listProductSpecs, type ProductSpec } from "./served-product.ts";
import type { WireBehaviour } from "./wire-behaviour.ts";

/** Construction options of `MockState`. */
export interface MockStateOptions {
  config: MockConfig;
  specs: LoadedSpecs;
  clock: Clock;
  faults: Faults;
  wire: WireBehaviour;
}

/** The mock's state; routes call into it. */
export class MockState {
  readonly config: MockConfig;
  readonly specs: LoadedSpecs;
  /** Every loaded spec with its product entry, in serving order (served-product.ts). */
  readonly products: readonly ProductSpec[];
  readonly clock: Clock;
  readonly wire: WireBehaviour;
  readonly eventLog: EventLog;
  readonly nonces: NonceStore;
  /** Secrets by AccessKeyId (for the verifiers). */
  readonly lookupSecret: SecretLookup;
  /** project → logstore → coordinator. */
  projects = new Map<string, Map<string, ConsumerGroupCoordinator>>();
  callbacks = new CallbackRecordStore();
  ownership = new AppOwnership();
  /** The limiter of each operation with an `x-qps-limit`. */
  limiters = new Map<CompiledOperation, RateLimiter>();
  /** Wall-clock ms of the last reset: when the mock's resources (logstores, shards) were created. */
  resetAtWallMs = 0;
  /** Each rate-limited operation's own window, ms (`x-qps-limit-window`). */
  /** Operations with an `x-qps-limit`, each given a limiter on reset. */
  readonly #limited: CompiledOperation[] = [];
  #faults: Readonly<Faults>;
  #deadlines: DeadlineTimer | undefined;
  readonly #startedMonoMs: number;

  constructor(options: MockStateOptions) {
    this.config = options.config;
    this.specs = options.specs;
    this.products = listProductSpecs(options.specs);
    this.clock = options.clock;
    this.wire = options.wire;
    this.#faults = Object.freeze({ ...options.faults });
    this.#startedMonoMs = options.clock.monotonicMs();
    this.eventLog = new EventLog(options.config.eventLogCapacity);
    this.nonces = new NonceStore({
      clock: options.clock,
      windowMs: options.wire.nonceWindowMs,
      maxEntries: options.wire.maxNonces,
      maxBytes: options.wire.maxNonceBytes,
      maxNonceLength: options.wire.maxNonceLength,
    });
    const secrets = new Map(
      options.config.accounts.map((a) => [
        a.accessKeyId,
        a.securityToken === undefined
          ? { secret: a.accessKeySecret }
          : { secret: a.accessKeySecret, token: a.securityToken },
      ]),
    );
    this.lookupSecret = (id) => secrets.get(id);
    for (const { spec } of this.products)
      for (const operation of spec.operations.values())
        if (operation.qpsLimit !== undefined) this.#limited.push(operation);
    this.reset();
  }

  /** The active faults (frozen: replaced, never mutated, so the hot path reads it without copying). */
  get faults(): Readonly<Faults> {
    return this.#faults;
  }

  /** Milliseconds since the state was created. */
  get uptimeMs(): number {
    return this.clock.monotonicMs() - this.#startedMonoMs;
  }

  /**
   * Replaces the active faults; a `qpsLimit` fault overrides every limiter's spec limit at once (per second,
   * as its name says: a per-minute limiter is replaced by a per-second one, and back).
   */
  setFaults(faults: Faults): void {
    this.#faults = Object.freeze({ ...faults });
    for (const [operation, limiter] of this.limiters) {
      const { limit, windowMs } = this.#limitOf(operation);
      if (windowMs === limiter.windowMs) limiter.setLimit(limit);
      else this.limiters.set(operation, this.#createLimiter(operation));
    }
  }

  /** The limiter of an operation, by product and operationId (tests, admin). */
  limiterOf(productId: string, operationId: string): RateLimiter | undefined {
    for (const [operation, limiter] of this.limiters)
      if (operation.product === productId && operation.id === operationId) return limiter;
    return undefined;
  }

  /** Call after anything that may change eviction deadlines (heartbeats, group changes). */
  rearmDeadlines(): void {
    this.#deadlines?.rearm();
  }

  /** Rebuilds the domain from the config: no groups, freshly seeded callback records, empty limiters and nonces. */
  reset(): void {
    this.#deadlines?.stop();
    this.resetAtWallMs = this.clock.wallMs();
    const rules = consumerGroupRulesOf(this.config);
    this.projects = new Map();
    const all: ConsumerGroupCoordinator[] = [];
    for (const project of this.config.sls.projects) {
      const logstores = new Map<string, ConsumerGroupCoordinator>();
      for (const logstore of project.logstores) {
        const coordinator = new ConsumerGroupCoordinator({
          clock: this.clock,
          shards: logstore.shards,
          logstore: `${project.name}/${logstore.name}`,
          events: this.eventLog,
          rules,
        });
        logstores.set(logstore.name, coordinator);
        all.push(coordinator);
      }
      this.projects.set(project.name, logstores);
    }
    this.#deadlines = new DeadlineTimer(combineDeadlineSources(all), this.clock);
    this.callbacks = new CallbackRecordStore(callbackStoreOptionsOf(this.config));
    this.ownership = new AppOwnership();
    const nowMs = this.clock.wallMs();
    for (const app of this.config.live.apps) {
      this.ownership.register(app.appId, app.owner);
      if (app.seedRecords > 0) this.callbacks.seed(app.appId, { count: app.seedRecords, nowMs, seed: app.seed });
    }
    this.limiters = new Map();
    for (const operation of this.#limited) this.limiters.set(operation, this.#createLimiter(operation));
    this.nonces.clear();
  }

  /** Stops the eviction timer (server shutdown). */
  stop(): void {
    this.#deadlines?.stop();
  }

  #createLimiter(operation: CompiledOperation): RateLimiter {
    const { limit, windowMs } = this.#limitOf(operation);
    return new RateLimiter({ clock: this.clock, limit, windowMs, operation: operation.id, events: this.eventLog });
  }

  /** The spec's limit over its window, or the `qps-limit` fault's per second. */
  #limitOf(operation: CompiledOperation): { limit: number; windowMs: number } {
    if (this.#faults.qpsLimit !== undefined) return { limit: this.#faults.qpsLimit, windowMs: 1000 };
    const limit = operation.qpsLimit;
    if (limit === undefined) throw new RangeError(`operation ${operation.id} has no x-qps-limit`);
    return { limit, windowMs: operation.qpsLimitWindowMs ?? 1000 };
  }
}
