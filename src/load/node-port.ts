/**
 * The scenario port (load/scenarios/scenario-port.ts) for the built-in engine: undici requests that
 * send the given `Host` (a mock reached by address, src/client/transport.ts), the engine's scheduler
 * for sleeps, its metrics view for samples (plus k6's built-in HTTP metrics via `recordHttp`).
 */
import { request } from "undici";
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

/**
 * Only the timeout aborts a request: an aborted run lets in-flight requests finish (≤ timeout), and
 * composing the run's signal into every request would pile listeners onto it (hundreds in flight at 4×).
 */
async function send(spec: HttpRequestSpec, clock: Clock): Promise<HttpResult> {
  const start = clock.monotonicMs();
  const timeout = spec.timeoutMs ?? 10_000;
  try {
    const res = await request(spec.url, {
      method: spec.method as "GET",
      headers: spec.headers,
      ...(spec.body === undefined ? {} : { body: spec.body }),
      headersTimeout: timeout,
      bodyTimeout: timeout,
      signal: AbortSignal.timeout(timeout),
    });
    const body = await res.body.text();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers))
      if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
    return { status: res.statusCode, headers, body, durationMs: clock.monotonicMs() - start };
  } catch (e) {
    const err = e as Error & { code?: string };
    return {
      status: 0,
      headers: {},
      body: "",
      durationMs: clock.monotonicMs() - start,
      error: err.code ?? err.message,
    };
  }
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
