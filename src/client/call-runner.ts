/**
 * What both clients share: the injected clock, crypto, transport and retry policy, and the loop that
 * builds a freshly signed request per attempt, sends it and retries on throttling.
 */
import { setTimeout as delay } from "node:timers/promises";
import { type Clock, systemClock } from "../core/clock.ts";
import type { CryptoPort } from "../signing/crypto-port.ts";
import { nodeCrypto } from "../signing/node-crypto.ts";
import { type Exchange, sendExchange } from "./exchange.ts";
import { DEFAULT_RETRY_POLICY, type RetryPolicy, sendWithRetry } from "./retry.ts";
import { chooseTransport, type HttpRequest, type Transport, type TransportChoice } from "./transport.ts";

/** Options common to both clients. */
export interface ClientRuntimeOptions {
  /** Signing dates come from `wallMs`, timings from `monotonicMs`. Default: the system clock. */
  clock?: Clock;
  crypto?: CryptoPort;
  /** Default `auto` (see transport.ts). */
  transport?: TransportChoice;
  /** Default retry of every call; `false` = never (load measurements). Default `DEFAULT_RETRY_POLICY`. */
  retry?: RetryPolicy | false;
  /** The wait between retries; default a timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Per-request timeout, ms; default 30 000. */
  timeoutMs?: number;
}

/** Per-call options. */
export interface CallOptions {
  /** Overrides the client's retry policy for this call; `false` = one request only. */
  retry?: RetryPolicy | false;
}

/** The resolved runtime of a client. */
export class CallRunner {
  readonly clock: Clock;
  readonly crypto: CryptoPort;
  readonly #transport: Transport;
  readonly #retry: RetryPolicy | false;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #timeoutMs: number | undefined;

  constructor(options: ClientRuntimeOptions) {
    this.clock = options.clock ?? systemClock;
    this.crypto = options.crypto ?? nodeCrypto;
    this.#transport = chooseTransport(options.transport);
    this.#retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.#sleep = options.sleep ?? ((ms) => delay(ms));
    this.#timeoutMs = options.timeoutMs;
  }

  /**
   * Sends `build()` (called again for every attempt, so each is signed afresh), retrying on throttling.
   * The client's `timeoutMs` is applied here, once for both clients (the timeout is not signed).
   */
  async run(build: () => HttpRequest, options: CallOptions = {}): Promise<Exchange> {
    const policy = options.retry === undefined ? this.#retry : options.retry;
    const timeoutMs = this.#timeoutMs;
    const prepare = timeoutMs === undefined ? build : () => ({ ...build(), timeoutMs });
    const once = () => sendExchange(prepare(), this.#transport, this.clock);
    if (policy === false) return once();
    return sendWithRetry(once, policy, { clock: this.clock, sleep: this.#sleep });
  }
}
