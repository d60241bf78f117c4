/**
 * The scenario port (load/scenarios/scenario-port.ts) for the built-in engine: undici requests that
 * send the given `Host` (a mock reached by address, src/client/transport.ts), the engine's scheduler
 * for sleeps, its metrics view for samples (plus k6's built-in HTTP metrics via `recordHttp`).
 *
 * This is the request path of every `specgate load` iteration, so it is built for cost per request
 * (issue "Load": ≤ 0.25 CPU-s per 10k requests, bench/engine.bench.ts row "engine + scenario port"):
 * one port per scenario rather than per iteration, undici's `dispatch` straight onto an idle connection
 * (client-stack.ts) with a handler class (no stream, no promise per chunk, callbacks on the prototype),
 * metrics recorded by the handler (no second promise),
 * headers and body decoded only when the scenario reads them (a rate-limit answer that was admitted is
 * judged on its status alone), and one sweep timer for every request's deadline.
 */
import type { Client, Dispatcher } from "undici";
import type {
  HttpRequestSpec,
  HttpResult,
  MetricDefinition,
  SampleTags,
  ScenarioPort,
} from "../../load/scenarios/scenario-port.ts";
import type { Clock } from "../core/clock.ts";
import type { EngineLogger } from "../engine/iteration-context.ts";
import type { MetricsView } from "../engine/metric-registry.ts";
import { recordHttp } from "../engine/record-http.ts";
import { nodeCrypto } from "../signing/node-crypto.ts";
import { ClientStack } from "./client-stack.ts";
import { DeadlineSweep, type Expiring } from "./deadline-sweep.ts";

/**
 * What the port needs from its surroundings: a scenario's (the same for every iteration of it, see
 * IterationContext), or setup/teardown's.
 */
export interface NodePortOptions {
  clock: Clock;
  /** The engine's sleep for iterations; a plain timer for setup/teardown. */
  sleep(ms: number): Promise<void>;
  /** Metrics of the scenario; absent in setup/teardown (k6 records those too, but they gate nothing here). */
  metrics?: MetricsView;
  /** The scenario's custom metric definitions (to create each with its k6 type). */
  definitions: readonly MetricDefinition[];
  log: EngineLogger;
}

/**
 * Keep-alive connections per origin, shared by every scenario request across iterations, as k6 keeps them
 * (client-stack.ts: why not undici's Agent or Pool).
 */
const STACKS = new Map<string, ClientStack>();

function stackFor(origin: string): ClientStack {
  let stack = STACKS.get(origin);
  if (stack === undefined) {
    stack = new ClientStack(origin);
    STACKS.set(origin, stack);
  }
  return stack;
}

/** Default request timeout, k6's (`timeout` param of k6/http: 60 s there; 10 s here, the scenarios' own bound). */
const DEFAULT_TIMEOUT_MS = 10_000;

function noop(): void {}

/** Deadlines of requests in flight; 50 ms granularity: a timeout fires 0–50 ms after it is due. */
const DEADLINES = new DeadlineSweep(50);

/**
 * An answer as undici delivered it; `headers` and `body` are decoded on first read and kept. Header names
 * are lowercased, repeats joined by ", " (as fetch's Headers joins them).
 */
class NodeHttpResult implements HttpResult {
  #rawHeaders: Buffer[] | undefined;
  #headers: Record<string, string> | undefined;
  #chunks: Buffer[] | undefined;
  #body: string | undefined;

  constructor(
    readonly status: number,
    readonly durationMs: number,
    rawHeaders: Buffer[] | undefined,
    chunks: Buffer[] | undefined,
    readonly error?: string,
  ) {
    this.#rawHeaders = rawHeaders;
    this.#chunks = chunks;
  }

  get headers(): Record<string, string> {
    if (this.#headers === undefined) {
      const headers: Record<string, string> = {};
      const raw = this.#rawHeaders ?? [];
      for (let i = 0; i + 1 < raw.length; i += 2) {
        const name = (raw[i] as Buffer).toString("latin1").toLowerCase();
        const value = (raw[i + 1] as Buffer).toString("latin1");
        const seen = headers[name];
        headers[name] = seen === undefined ? value : `${seen}, ${value}`;
      }
      this.#headers = headers;
      this.#rawHeaders = undefined;
    }
    return this.#headers;
  }

  get body(): string {
    if (this.#body === undefined) {
      const chunks = this.#chunks ?? [];
      this.#body =
        chunks.length === 1 ? (chunks[0] as Buffer).toString("utf8") : Buffer.concat(chunks).toString("utf8");
      this.#chunks = undefined;
    }
    return this.#body;
  }

  /** Plain data, so that logging or serialising a result shows what the getters hold. */
  toJSON(): HttpResult {
    return {
      status: this.status,
      headers: this.headers,
      body: this.body,
      durationMs: this.durationMs,
      ...(this.error === undefined ? {} : { error: this.error }),
    };
  }
}

/**
 * Collects one answer from undici's `dispatch` and resolves it, recording k6's HTTP metrics first. It uses
 * undici's classic callbacks, which `dispatch` takes as they are (the newer `onRequestStart` style is wrapped
 * in an adapter object per request).
 */
class AnswerHandler implements Dispatcher.DispatchHandler, Expiring {
  deadlineMs = 0;
  sweepIndex = -1;
  /** The connection the request went out on, given back when it is over. */
  stack: ClientStack | undefined;
  client: Client | undefined;
  #status = 0;
  #rawHeaders: Buffer[] | undefined;
  #chunks: Buffer[] | undefined;
  #abort: ((err: Error) => void) | undefined;
  #timedOut = false;
  #finished = false;

  constructor(
    readonly start: number,
    readonly clock: Clock,
    readonly metrics: MetricsView | undefined,
    readonly tags: SampleTags | undefined,
    readonly resolve: (result: HttpResult) => void,
    readonly timeoutMs: number,
  ) {
    DEADLINES.add(this, timeoutMs);
  }
  expire(): void {
    this.#timedOut = true;
    const err = new Error(`no answer within ${this.timeoutMs} ms`);
    // Written (undici handed out `abort`): abort fails the request (onError) and closes its connection.
    if (this.#abort !== undefined) this.#abort(err);
    // Still queued, its connection not made yet (undici hands out `abort` only when it writes the request):
    // the client is dropped, which fails the request at once (onError) and throws the connection away when
    // it comes. Given back, the client would hand its next request a place behind this one: that request
    // would wait for and share this connection's fate (a failed handshake failed both).
    else this.client?.destroy(err, noop);
    if (!this.#finished) this.onError(err); // not reached with undici 7; a guard against a hanging promise
  }
  onConnect(abort: (err: Error) => void): void {
    if (this.#finished) abort(new Error("timed out while queued"));
    else this.#abort = abort;
  }
  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    this.#status = statusCode;
    this.#rawHeaders = rawHeaders;
    return true;
  }
  onData(chunk: Buffer): boolean {
    if (this.#chunks === undefined) this.#chunks = [chunk];
    else this.#chunks.push(chunk);
    return true;
  }
  onComplete(): void {
    this.#finish(new NodeHttpResult(this.#status, this.#elapsed(), this.#rawHeaders, this.#chunks));
  }
  onError(err: Error & { code?: string }): void {
    const code = err.code;
    const error = this.#timedOut
      ? "UND_ERR_TIMEOUT"
      : code === undefined
        ? err.message
        : // A request undici refuses to send: the code alone does not say what is wrong with it. (The messages
          // name no header value or URL: a Live request's signature is in its query,
          // docs/alibaba/rpc-signature-v1.md#algorithm.)
          code === "UND_ERR_INVALID_ARG" || code === "ERR_INVALID_URL"
          ? `${code}: ${err.message}`
          : code;
    this.#finish(new NodeHttpResult(0, this.#elapsed(), undefined, undefined, error));
  }
  #elapsed(): number {
    return this.clock.monotonicMs() - this.start;
  }
  #finish(result: HttpResult): void {
    if (this.#finished) return; // a timeout answered already; this is undici reporting the abort
    this.#finished = true;
    DEADLINES.delete(this);
    if (this.client !== undefined) this.stack?.release(this.client);
    if (this.metrics !== undefined)
      recordHttp(
        this.metrics,
        this.tags === undefined
          ? { status: result.status, durationMs: result.durationMs }
          : { status: result.status, durationMs: result.durationMs, tags: this.tags },
      );
    this.resolve(result);
  }
}

/** The port over undici; one per scenario (its metrics view is the scenario's). */
class NodeScenarioPort implements ScenarioPort {
  readonly clock: Clock;
  readonly metrics: ScenarioPort["metrics"];
  readonly log: ScenarioPort["log"];
  readonly crypto = nodeCrypto;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #view: MetricsView | undefined;

  constructor(o: NodePortOptions) {
    this.clock = o.clock;
    this.#sleep = o.sleep;
    this.#view = o.metrics;
    const view = o.metrics;
    const kinds = new Map(o.definitions.map((d) => [d.name, d]));
    this.metrics = {
      add(name, value, tags) {
        if (view === undefined) return;
        const d = kinds.get(name);
        if (d === undefined) throw new Error(`metric ${name} is not among the scenario's definitions`);
        const m =
          d.kind === "counter"
            ? view.counter(name)
            : d.kind === "gauge"
              ? view.gauge(name)
              : d.kind === "rate"
                ? view.rate(name)
                : view.trend(name, d.isTime === true);
        m.add(value, tags);
      },
    };
    this.log = { info: (m) => o.log.info(m), warn: (m) => o.log.warn(m) };
  }

  /** Sends one request; network failures and the timeout come back as status 0 with `error`, never as a throw. */
  request(spec: HttpRequestSpec): Promise<HttpResult> {
    const start = this.clock.monotonicMs();
    const timeoutMs = spec.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const url = spec.url;
    // The origin ends where the path or, with no path, the query begins ("http://h:1?x=1" is "/?x=1" on "http://h:1").
    const hostAt = url.indexOf("//") + 2;
    let cut = url.indexOf("/", hostAt);
    const query = url.indexOf("?", hostAt);
    if (query >= 0 && (cut < 0 || query < cut)) cut = query;
    return new Promise((resolve) => {
      const handler = new AnswerHandler(start, this.clock, this.#view, spec.tags, resolve, timeoutMs);
      try {
        const origin = cut < 0 ? url : url.slice(0, cut);
        handler.stack = stackFor(origin);
        handler.client = handler.stack.acquire();
        handler.client.dispatch(
          {
            origin,
            path: cut < 0 ? "/" : cut === query ? `/${url.slice(cut)}` : url.slice(cut),
            method: spec.method as Dispatcher.HttpMethod,
            headers: spec.headers,
            body: spec.body ?? null,
            // The deadline sweep bounds the whole request; undici's phase timeouts only back it up.
            headersTimeout: timeoutMs + 1000,
            bodyTimeout: timeoutMs + 1000,
          },
          handler,
        );
      } catch (e) {
        handler.onError(e as Error);
      }
    });
  }
  nowMs(): number {
    return this.clock.monotonicMs();
  }
  wallMs(): number {
    return this.clock.wallMs();
  }
  sleep(ms: number): Promise<void> {
    return ms > 0 ? this.#sleep(ms) : Promise.resolve();
  }
}

/** Builds the port: once per scenario (or per setup/teardown), not per iteration. */
export function createNodePort(o: NodePortOptions): ScenarioPort {
  return new NodeScenarioPort(o);
}
