/**
 * The scenario port (load/scenarios/scenario-port.ts) over k6 0.48's own modules: synchronous
 * `k6/http`, `k6`'s blocking `sleep`, `k6/metrics`. Custom metrics must be created in k6's init
 * context, so `declareMetrics` runs at module load and the port only looks them up.
 */
import { sleep } from "k6";
import http from "k6/http";
import { Counter, Gauge, Rate, Trend } from "k6/metrics";
import type { CryptoPort } from "../../src/signing/crypto-port.ts";
import type { HttpResult, MetricDefinition, ScenarioLog, ScenarioPort } from "../scenarios/scenario-port.ts";

/**
 * The system tags the scripts let k6 put on samples (`options.systemTags`): k6's defaults (metrics/system_tag.go,
 * the same list in 0.48 and 2.x) without `url` and `error`. Signed RPC requests carry their signature, AccessKeyId
 * and any STS token in the query, and k6 writes the `url` tag (and Go's error text, which quotes the URL) into every
 * sample of its metric stream (`--out json`), a file users may keep; requests are named by
 * {@link requestName} instead.
 */
export const K6_SYSTEM_TAGS: readonly string[] = [
  "proto",
  "subproto",
  "status",
  "method",
  "name",
  "group",
  "check",
  "error_code",
  "tls_version",
  "scenario",
  "service",
  "expected_response",
];

/** The `name` tag of a request: its URL without the query (which holds signatures), as k6 groups URLs by name. */
export function requestName(url: string): string {
  const q = url.indexOf("?");
  return q < 0 ? url : url.slice(0, q);
}

/** A created k6 metric. */
export interface K6Metric {
  add(value: number, tags?: { [name: string]: string }): void;
}

/** Creates the scenario's custom metrics; call in the init context (top level of the script). */
export function declareMetrics(defs: readonly MetricDefinition[]): Record<string, K6Metric> {
  const out: Record<string, K6Metric> = {};
  for (const d of defs) {
    out[d.name] =
      d.kind === "counter"
        ? new Counter(d.name)
        : d.kind === "gauge"
          ? new Gauge(d.name)
          : d.kind === "rate"
            ? new Rate(d.name)
            : new Trend(d.name, d.isTime === true);
  }
  return out;
}

const log: ScenarioLog = {
  info: (m) => console.log(m),
  warn: (m) => console.warn(m),
};

function lowercase(headers: { [name: string]: string } | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(headers ?? {})) out[k.toLowerCase()] = (headers as Record<string, string>)[k] as string;
  return out;
}

/** The port for k6 VU code, setup() and teardown(). */
export function createK6Port(metrics: Record<string, K6Metric>, crypto: CryptoPort): ScenarioPort {
  return {
    request(spec): HttpResult {
      const start = Date.now();
      const res = http.request(spec.method, spec.url, spec.body ?? null, {
        headers: spec.headers,
        tags: { name: requestName(spec.url), ...spec.tags },
        timeout: spec.timeoutMs ?? 10_000,
        responseType: "text",
      });
      const body = typeof res.body === "string" ? res.body : "";
      return {
        status: res.status,
        headers: lowercase(res.headers),
        body,
        durationMs: Date.now() - start,
        ...(res.status === 0 ? { error: res.error || "no response" } : {}),
      };
    },
    nowMs: () => Date.now(),
    wallMs: () => Date.now(),
    sleep: (ms) => {
      if (ms > 0) sleep(ms / 1000);
    },
    metrics: {
      add(name, value, tags) {
        const m = metrics[name];
        if (m === undefined) throw new Error(`metric ${name} was not declared in the init context`);
        m.add(value, tags ? { ...tags } : undefined);
      },
    },
    log,
    crypto,
  };
}
