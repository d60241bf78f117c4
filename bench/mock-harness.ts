// What the mock benchmarks share (bench/mock.bench.ts, bench/mock-baseline.bench.ts): spawning `specgate mock`,
// signed request pools of the modelled operations, and closed-model load runs with autocannon that count only
// answers of the expected status.
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { request } from "undici";
import { signAcs3 } from "../src/signing/acs3.ts";
import { nodeCrypto } from "../src/signing/node-crypto.ts";
import { formatQuery } from "../src/signing/query-string.ts";
import { signSlsV1 } from "../src/signing/sls-v1.ts";

/** The subset of autocannon's API used here (the package ships no types). Latencies are of 2xx answers only. */
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  "2xx": number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
  errors: number;
  timeouts: number;
  /** Seconds the run took. */
  duration: number;
}
const autocannon = createRequire(import.meta.url)("autocannon") as (
  options: Record<string, unknown>,
) => Promise<AutocannonResult>;

export const SECONDS = 5;
export const CONNECTIONS = 50;
export const CREDS = { accessKeyId: "specgate-test-id", accessKeySecret: "specgate-test-secret" };
const SLS_HOST = "ali-test-project.sls.localtest";
export const LOGSTORE = "ali-test-logstore";
export const GROUP = "bench";
/** Every child process a benchmark started, stopped at its end (`stop`). */
export const children: ChildProcess[] = [];

export function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(
      () => reject(new Error(`no ${pattern} within ${timeoutMs} ms: ${out.slice(-500)}`)),
      timeoutMs,
    );
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = pattern.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
  });
}

export async function waitFor200(url: string, timeoutMs: number, anyStatus = false): Promise<void> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    try {
      // A listener that accepts but never answers must not hold the probe past the deadline.
      const res = await request(url, { headersTimeout: 2000, bodyTimeout: 2000 });
      await res.body.dump();
      if (res.statusCode === 200 || anyStatus) return;
    } catch {
      // not listening yet
    }
    if (performance.now() > until) throw new Error(`${url} not ready within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * Spawns `specgate mock --port 0` of `checkout` (default: this one) in `cwd` (default: the checkout), whose specs/ it
 * serves; resolves with its URL and the ms from spawn to the first 200 on health.
 */
export async function spawnMock(
  options: { cwd?: string; checkout?: string } = {},
): Promise<{ url: string; readyMs: number; child: ChildProcess }> {
  const started = performance.now();
  const checkout = options.checkout ?? process.cwd();
  const args = [join(checkout, "bin/specgate.js"), "mock", "--port", "0", "--fault", "qps-limit=1000000"];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], cwd: options.cwd ?? checkout });
  children.push(child);
  // The URL line comes once listening; poll health from then on (its port is not known earlier).
  const m = await waitForLine(child, /SPECGATE_MOCK_URL=(\S+)/, 30_000);
  const url = m[1] as string;
  await waitFor200(`${url}/_specgate/health`, 10_000);
  return { url, readyMs: performance.now() - started, child };
}

export type Pooled = { method: string; path: string; headers: Record<string, string>; body?: string };

/** ListEventSubEvent's query: the last day, minute-aligned (the same records for every tool). */
export function liveQuery(): Record<string, string> {
  const end = Math.floor(Date.now() / 60_000) * 60;
  return { AppId: "9qb1test", StartTime: String(end - 86_400), EndTime: String(end), PageSize: "10", PageNo: "1" };
}

export function liveRequest(): Pooled {
  const query = liveQuery();
  // Accept as the official V3 SDKs send it: without it the mock answers XML, the gateway's default
  // (docs/alibaba/rpc-parameters.md#response-format), and Prism and the SDKs' clients get JSON.
  const headers: Record<string, string> = { host: "live.aliyuncs.com", accept: "application/json" };
  const added = signAcs3(nodeCrypto, { method: "GET", path: "/", query, headers }, CREDS, {
    action: "ListEventSubEvent",
    version: "2016-11-01",
    date: new Date(),
    nonce: nodeCrypto.randomHex(16),
  });
  return { method: "GET", path: `/?${formatQuery(query)}`, headers: { ...headers, ...added } };
}

export function heartbeatRequest(consumer: string): Pooled {
  const path = `/logstores/${LOGSTORE}/consumergroups/${GROUP}`;
  const query = { type: "heartbeat", consumer };
  const body = "[]";
  const headers: Record<string, string> = {
    host: SLS_HOST,
    "content-type": "application/json",
    "x-log-apiversion": "0.6.0",
  };
  const added = signSlsV1(nodeCrypto, { method: "POST", path, query, headers, body }, CREDS, {
    algorithm: "hmac-sha256",
    date: new Date(),
  });
  return { method: "POST", path: `${path}?${formatQuery(query)}`, headers: { ...headers, ...added }, body };
}

/** Creates the heartbeat requests' consumer group (timeout 300 s: every pooled consumer stays live). */
export async function createGroup(url: string): Promise<void> {
  const path = `/logstores/${LOGSTORE}/consumergroups`;
  const body = JSON.stringify({ consumerGroup: GROUP, timeout: 300, order: false });
  const headers: Record<string, string> = { host: SLS_HOST, "content-type": "application/json" };
  const added = signSlsV1(nodeCrypto, { method: "POST", path, query: {}, headers, body }, CREDS, {
    algorithm: "hmac-sha256",
    date: new Date(),
  });
  const res = await request(`${url}${path}`, { method: "POST", headers: { ...headers, ...added }, body });
  await res.body.dump();
}

/** One load run, counted honestly: `rps` and the latencies are of 2xx answers; everything else is listed. */
export interface Load {
  /** 2xx answers per second. */
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  /** Answers of another status: status → count. */
  others: Record<string, number>;
  /** No answer (connection errors, timeouts). */
  errors: number;
  total: number;
  /** How long the measured part took, s. */
  seconds: number;
}

/** Status → count of the answers that were not 2xx. */
function otherStatuses(stats: Record<string, { count: number }>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [status, { count }] of Object.entries(stats)) if (!status.startsWith("2")) out[status] = count;
  return out;
}

/**
 * A closed-model autocannon run over `pool`. `replayable: false` (requests carrying a nonce) sends each pooled
 * request once: the run ends when the pool is spent (autocannon's `amount`) instead of after `seconds`.
 */
export async function load(
  url: string,
  pool: Pooled[],
  options: { replayable: boolean; seconds?: number } = { replayable: true },
): Promise<Load> {
  let i = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    ...(options.replayable ? { duration: options.seconds ?? SECONDS } : { amount: pool.length }),
    requests: [
      {
        setupRequest: (req: Record<string, unknown>) => {
          const next = pool[i++ % pool.length] as Pooled;
          return {
            ...req,
            method: next.method,
            path: next.path,
            headers: next.headers,
            ...(next.body !== undefined ? { body: next.body } : {}),
          };
        },
      },
    ],
  });
  if (!options.replayable && i > pool.length)
    throw new Error(`a nonce-bearing pool was replayed (${i} of ${pool.length})`);
  return {
    rps: result["2xx"] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result["2xx"],
    others: otherStatuses(result.statusCodeStats),
    errors: result.errors + result.timeouts,
    total: result.requests.total,
    seconds: result.duration,
  };
}

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    // A child killed by a signal has `exitCode` null but `signalCode` set: it already exited, and waiting for
    // another 'exit' would leave the top-level await unsettled (node exits 13: why `npm run bench` failed).
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}
