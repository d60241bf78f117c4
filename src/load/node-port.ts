/**
 * The scenario port (load/scenarios/scenario-port.ts) for the built-in engine: undici requests that
 * send the given `Host` (a mock reached by address, src/client/transport.ts), the engine's scheduler
 * for sleeps, its metrics view for samples (plus k6's built-in HTTP metrics via `recordHttp`).
 */
import { Agent, type Dispatcher } from "undici";
import type {
  HttpRequestSpec,
  HttpResult,
  MetricDefinition,
  ScenarioPort,
} from "../../load/scenarios/scenario-port.ts";
import type { Clock } from "../core/clock.ts";
import type { EngineLogger } from "../engine/iteration-context.ts";
import type { MetricsView } from "../engine/metric-registry.ts";
import { recordHttp } from "../engine/record-http.ts";
import { nodeCrypto } from "../signing/node-crypto.ts";

/** What the port needs from its surroundings (an iteration context, or setup/teardown). */
export interface NodePortOptions {
  clock: Clock;
  /** The engine's sleep for iterations; a plain timer for setup/teardown. */
  sleep(ms: number): Promise<void>;
  /** Metrics of the iteration; absent in setup/teardown (k6 records those too, but they gate nothing here). */
  metrics?: MetricsView;
  /** The scenario's custom metric definitions (to create each with its k6 type). */
  definitions: readonly MetricDefinition[];
  log: EngineLogger;
}

/** One agent for every scenario request: keep-alive connections shared across iterations, as k6 keeps them. */
const AGENT = new Agent();

/**
 * Collects one answer from undici's `dispatch`: status, headers (lowercased, repeats joined by ", ") and the
 * body as text. A class, so its callbacks live on the prototype rather than being closures per request; it
 * uses undici's classic callbacks, which `dispatch` takes as they are. The timeout is one plain timer that
 * aborts the request (no AbortSignal, event listener and timer object per request: the scenarios' HTTP path
 * cost 1.2–1.9 CPU-s per 10k requests with `request()` and `AbortSignal.timeout`, ~0.45 this way).
 */
class AnswerHandler implements Dispatcher.DispatchHandler {
  #status = 0;
  readonly #headers: Record<string, string> = {};
  readonly #chunks: Buffer[] = [];
  #abort: ((err: Error) => void) | undefined;
  #timedOut = false;
  readonly #timer: ReturnType<typeof setTimeout>;

  constructor(
    readonly start: number,
    readonly clock: Clock,
    readonly done: (result: HttpResult) => void,
    timeoutMs: number,
  ) {
    this.#timer = setTimeout(() => {
      this.#timedOut = true;
      this.#abort?.(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
  }
  onConnect(abort: (err: Error) => void): void {
    this.#abort = abort;
  }
  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    this.#status = statusCode;
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
      const name = (rawHeaders[i] as Buffer).toString("latin1").toLowerCase();
      const value = (rawHeaders[i + 1] as Buffer).toString("latin1");
      const seen = this.#headers[name];
      this.#headers[name] = seen === undefined ? value : `${seen}, ${value}`;
    }
    return true;
  }
  onData(chunk: Buffer): boolean {
    this.#chunks.push(chunk);
    return true;
  }
  onComplete(): void {
    clearTimeout(this.#timer);
    this.done({
      status: this.#status,
      headers: this.#headers,
      body: Buffer.concat(this.#chunks).toString("utf8"),
      durationMs: this.clock.monotonicMs() - this.start,
    });
  }
  onError(err: Error & { code?: string }): void {
    clearTimeout(this.#timer);
    this.done({
      status: 0,
      headers: {},
      body: "",
      durationMs: this.clock.monotonicMs() - this.start,
      error: this.#timedOut ? "UND_ERR_TIMEOUT" : (err.code ?? err.message),
    });
  }
}

/** Splits an absolute URL into undici's origin and path (the path keeps its query string). */
function splitOrigin(url: string): { origin: string; path: string } {
  const slash = url.indexOf("/", url.indexOf("//") + 2);
  return slash < 0 ? { origin: url, path: "/" } : { origin: url.slice(0, slash), path: url.slice(slash) };
}

/** Sends one request; network failures and the timeout come back as status 0 with `error`, never as a throw. */
function send(spec: HttpRequestSpec, clock: Clock): Promise<HttpResult> {
  const start = clock.monotonicMs();
  const timeout = spec.timeoutMs ?? 10_000;
  return new Promise((resolve) => {
    const handler = new AnswerHandler(start, clock, resolve, timeout);
    try {
      AGENT.dispatch(
        {
          ...splitOrigin(spec.url),
          method: spec.method as Dispatcher.HttpMethod,
          headers: spec.headers,
          ...(spec.body === undefined ? {} : { body: spec.body }),
          // The handler's timer bounds the whole request; undici's phase timeouts only back it up.
          headersTimeout: timeout + 1000,
          bodyTimeout: timeout + 1000,
        },
        handler,
      );
    } catch (e) {
      handler.onError(e as Error);
    }
  });
}

// Ports are built per iteration (each iteration has its own metrics view), but a scenario's definitions
// are one constant array: index them once, not on every request.
const KINDS = new WeakMap<readonly MetricDefinition[], Map<string, MetricDefinition>>();

function indexDefinitions(definitions: readonly MetricDefinition[]): Map<string, MetricDefinition> {
  let kinds = KINDS.get(definitions);
  if (kinds === undefined) {
    kinds = new Map(definitions.map((d) => [d.name, d]));
    KINDS.set(definitions, kinds);
  }
  return kinds;
}

/** Builds the port. */
export function createNodePort(o: NodePortOptions): ScenarioPort {
  const kinds = indexDefinitions(o.definitions);
  return {
    async request(spec) {
      const r = await send(spec, o.clock);
      if (o.metrics)
        recordHttp(o.metrics, {
          status: r.status,
          durationMs: r.durationMs,
          ...(spec.tags ? { tags: spec.tags } : {}),
        });
      return r;
    },
    nowMs: () => o.clock.monotonicMs(),
    wallMs: () => o.clock.wallMs(),
    sleep: (ms) => (ms > 0 ? o.sleep(ms) : Promise.resolve()),
    metrics: {
      add(name, value, tags) {
        if (!o.metrics) return;
        const d = kinds.get(name);
        if (d === undefined) throw new Error(`metric ${name} is not among the scenario's definitions`);
        const m =
          d.kind === "counter"
            ? o.metrics.counter(name)
            : d.kind === "gauge"
              ? o.metrics.gauge(name)
              : d.kind === "rate"
                ? o.metrics.rate(name)
                : o.metrics.trend(name, d.isTime === true);
        m.add(value, tags);
      },
    },
    log: { info: (m) => o.log.info(m), warn: (m) => o.log.warn(m) },
    crypto: nodeCrypto,
  };
}
