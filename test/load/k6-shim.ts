/**
 * Runs a specgate k6 bundle (load/dist/<name>.js) the way k6 0.48 would, inside Node, for tests (real k6
 * cannot be installed here). The bundle runs in a fresh `vm` context — no `process`, `require`, `Buffer`,
 * `setTimeout`, `TextEncoder` or `performance`, as in k6 — with its imports of k6 modules turned into
 * lookups of faithful shims of the k6 0.48 APIs it uses:
 * - `k6/http` `request`, **synchronous** like k6: the real HTTP call happens on a worker thread while this
 *   thread blocks in `Atomics.wait` on a SharedArrayBuffer (so the target must live in another thread or
 *   process, as it does for k6);
 * - `k6/crypto` (hmac, sha256, md5, randomBytes; string or ArrayBuffer inputs, "hex" output), `k6/encoding`
 *   (b64encode), `k6/metrics` (Counter, Gauge, Rate, Trend; created in the init context only), `k6/execution`
 *   (scenario name/startTime/iterationInTest, vu ids), `k6` (blocking `sleep`, `check`, `group`, `fail`),
 *   `__ENV`, `console`.
 * The lifecycle follows k6: init → setup() (its return value JSON-copied) → each scenario's `exec` per its
 * executor (`constant-arrival-rate`: a faithful single-threaded open-model loop on the absolute schedule;
 * `per-vu-iterations`) → teardown(data) → handleSummary(data) with a legacy-shaped `data` object whose
 * thresholds are evaluated like k6's (exit code 99 when one fails).
 * With `jsonOut`, every sample is also written as k6's JSON output writes it (`k6 run --out json=FILE`: a
 * `Metric` line before a metric's first sample, then one `Point` line per sample). With `stopRequested`, the run
 * stops between iterations once it returns true, as k6 does on SIGINT: no new iteration starts, teardown() and
 * handleSummary still run, and the exit code is 105.
 */

import { createHash, createHmac, randomBytes } from "node:crypto";
import { closeSync, openSync, readFileSync, writeSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";
import vm from "node:vm";
import { Worker } from "node:worker_threads";
import { transform } from "esbuild";
import { planConstantArrivals } from "../../src/engine/arrival-schedule.ts";
import { matchesTags, parseMetricSelector } from "../../src/engine/metric-selector.ts";
import { parseDuration } from "../../src/engine/parse-duration.ts";
import { compareThreshold, parseThresholdExpression } from "../../src/engine/threshold-expression.ts";

/** What the bundle may import (the 0.48 portable subset, src/load-runner/build-k6-bundles.ts `K6_MODULES`). */
const K6_MODULE_NAMES = ["k6", "k6/http", "k6/crypto", "k6/encoding", "k6/metrics", "k6/execution", "k6/data"];

/** A console line of the script. */
export interface ShimLog {
  level: "info" | "warn" | "error" | "debug";
  msg: string;
}

/** Options of {@link runK6Bundle}. */
export interface ShimOptions {
  /** Path of the bundle (load/dist/<name>.js). */
  script: string;
  /** `__ENV` (k6 passes `-e` values and, by default, the system environment). */
  env: Record<string, string>;
  /** Called for each console line as it happens. */
  onLog?: (log: ShimLog) => void;
  /** Writes k6's JSON output (`--out json=FILE`) here. */
  jsonOut?: string;
  /** Polled between iterations; true stops the run as k6's SIGINT does (exit 105). */
  stopRequested?: () => boolean;
}

/** What a run produced. */
export interface ShimResult {
  /** 0, 99 (thresholds failed), 105 (stopped), 107 (script error). */
  exitCode: number;
  /** The `data` handed to handleSummary. */
  summaryData: Record<string, unknown>;
  /** What handleSummary returned (file path or "stdout" → content). */
  outputs: Record<string, string>;
  logs: ShimLog[];
  error?: string;
}

// ---- synchronous HTTP: a worker thread does the I/O, this thread waits on Atomics ----------------------

const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const http = require("node:http");
const https = require("node:https");
const agents = { "http:": new http.Agent({ keepAlive: true, maxSockets: 64 }), "https:": new https.Agent({ keepAlive: true }) };
parentPort.on("message", ({ req, sab }) => {
  const ctrl = new Int32Array(sab, 0, 2);
  const out = new Uint8Array(sab, 8);
  const finish = (result) => {
    let bytes = Buffer.from(JSON.stringify(result));
    if (bytes.length > out.length) bytes = Buffer.from(JSON.stringify({ status: 0, error: "response too large for the shim", headers: {}, body: "" }));
    out.set(bytes);
    Atomics.store(ctrl, 1, bytes.length);
    Atomics.store(ctrl, 0, 1);
    Atomics.notify(ctrl, 0);
  };
  const start = process.hrtime.bigint();
  let url;
  try { url = new URL(req.url); } catch (e) { return finish({ status: 0, error: "invalid URL " + req.url, headers: {}, body: "" }); }
  const lib = url.protocol === "https:" ? https : http;
  const r = lib.request(url, { method: req.method, headers: req.headers, agent: agents[url.protocol], timeout: req.timeoutMs }, (res) => {
    const chunks = [];
    res.on("data", (c) => chunks.push(c));
    res.on("end", () => {
      const headers = {};
      for (const [k, v] of Object.entries(res.headers)) headers[k] = Array.isArray(v) ? v.join(", ") : String(v);
      finish({ status: res.statusCode, headers, body: Buffer.concat(chunks).toString("utf8"), durationMs: Number(process.hrtime.bigint() - start) / 1e6 });
    });
    res.on("error", (e) => finish({ status: 0, error: String(e.code || e.message), headers: {}, body: "" }));
  });
  r.on("timeout", () => r.destroy(new Error("request timeout")));
  r.on("error", (e) => finish({ status: 0, error: String(e.code || e.message), headers: {}, body: "" }));
  if (req.body !== undefined && req.body !== null) r.write(req.body);
  r.end();
});
`;

interface WireResult {
  status: number;
  headers: Record<string, string>;
  body: string;
  durationMs?: number;
  error?: string;
}

class SyncHttp {
  readonly #worker = new Worker(WORKER_SOURCE, { eval: true });
  readonly #sab = new SharedArrayBuffer(8 + 8 * 1024 * 1024);
  readonly #ctrl = new Int32Array(this.#sab, 0, 2);

  request(req: {
    method: string;
    url: string;
    headers: Record<string, string>;
    body?: string;
    timeoutMs: number;
  }): WireResult {
    Atomics.store(this.#ctrl, 0, 0);
    this.#worker.postMessage({ req, sab: this.#sab });
    const outcome = Atomics.wait(this.#ctrl, 0, 0, req.timeoutMs + 5000);
    if (outcome === "timed-out")
      return { status: 0, headers: {}, body: "", error: "shim: the HTTP worker did not answer" };
    const length = Atomics.load(this.#ctrl, 1);
    const text = Buffer.from(new Uint8Array(this.#sab, 8, length)).toString("utf8");
    return JSON.parse(text) as WireResult;
  }

  close(): Promise<number> {
    return this.#worker.terminate();
  }
}

/** k6's blocking sleep, without a busy loop. */
function blockingSleep(ms: number): void {
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

// ---- metrics ---------------------------------------------------------------------------------------------

type MetricType = "counter" | "gauge" | "rate" | "trend";
interface Sample {
  value: number;
  tags: Record<string, string>;
}
interface MetricStore {
  type: MetricType;
  contains: "default" | "time";
  samples: Sample[];
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  // k6's trend sink: linear interpolation between closest ranks.
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (rank - lo);
}

function summarize(
  m: MetricStore,
  samples: Sample[],
  durationMs: number,
  trendStats: string[],
): Record<string, number> {
  const values = samples.map((s) => s.value);
  switch (m.type) {
    case "counter": {
      const count = values.reduce((a, b) => a + b, 0);
      return { count, rate: durationMs > 0 ? count / (durationMs / 1000) : 0 };
    }
    case "gauge":
      return values.length === 0
        ? { value: 0, min: 0, max: 0 }
        : { value: values[values.length - 1] as number, min: Math.min(...values), max: Math.max(...values) };
    case "rate": {
      const passes = values.filter((v) => v !== 0).length;
      return { rate: values.length ? passes / values.length : 0, passes, fails: values.length - passes };
    }
    case "trend": {
      const sorted = [...values].sort((a, b) => a - b);
      const out: Record<string, number> = {};
      for (const stat of trendStats) {
        const value = trendStat(sorted, stat);
        if (value !== undefined) out[stat] = value;
      }
      return out;
    }
  }
}

/** One of k6's trend statistics (`avg`, `min`, `max`, `med`, `count`, `p(N)`) of sorted values. */
function trendStat(sorted: number[], stat: string): number | undefined {
  if (stat === "avg") return sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : 0;
  if (stat === "min") return sorted[0] ?? 0;
  if (stat === "max") return sorted[sorted.length - 1] ?? 0;
  if (stat === "med") return percentile(sorted, 50);
  if (stat === "count") return sorted.length;
  const pm = /^p\((\d+(?:\.\d+)?)\)$/.exec(stat);
  return pm ? percentile(sorted, Number(pm[1])) : undefined;
}

// ---- k6's JSON output (output/json/json.go of 0.48: a Metric line before a metric's first Point) -------------

class JsonOutput {
  readonly #fd: number;
  readonly #seen = new Set<string>();
  constructor(file: string) {
    this.#fd = openSync(file, "w");
  }
  write(name: string, m: MetricStore, sample: Sample, timeMs: number): void {
    let text = "";
    if (!this.#seen.has(name)) {
      this.#seen.add(name);
      const data = { name, type: m.type, contains: m.contains, thresholds: [], submetrics: null };
      text += `${JSON.stringify({ type: "Metric", data, metric: name })}\n`;
    }
    // k6 writes Go's RFC 3339 time with nanoseconds.
    const time = new Date(timeMs).toISOString().replace("Z", "000000Z");
    text += `${JSON.stringify({ metric: name, type: "Point", data: { time, value: sample.value, tags: sample.tags } })}\n`;
    writeSync(this.#fd, text);
  }
  close(): void {
    closeSync(this.#fd);
  }
}

// ---- the run ---------------------------------------------------------------------------------------------

interface ExecState {
  scenarioName: string;
  executor: string;
  startTime: number;
  iterationInTest: number;
  vu: number;
}

/** k6's built-in metrics: defined before the script runs, and the only ones VU code may add to. */
const BUILTIN_METRICS = [
  ["http_reqs", "counter", false],
  ["http_req_duration", "trend", true],
  ["http_req_failed", "rate", false],
  ["iterations", "counter", false],
  ["iteration_duration", "trend", true],
  ["dropped_iterations", "counter", false],
] as const;

/** k6's default system tags (metrics/system_tag.go); the script's options.systemTags replaces them after init. */
const DEFAULT_SYSTEM_TAGS = [
  ...["proto", "subproto", "status", "method", "url", "name", "group", "check", "error", "error_code"],
  ...["tls_version", "scenario", "service", "expected_response"],
];

/** The run's metrics; after init (`initDone`), only samples may be added, not metrics. */
class ShimMetrics {
  readonly metrics = new Map<string, MetricStore>();
  initDone = false;
  systemTags: readonly string[] = DEFAULT_SYSTEM_TAGS;

  constructor(
    readonly exec: ExecState,
    readonly jsonOut?: JsonOutput,
  ) {
    for (const [n, t, time] of BUILTIN_METRICS) this.define(n, t, time);
  }

  define(name: string, type: MetricType, isTime = false): MetricStore {
    let m = this.metrics.get(name);
    if (!m) {
      if (this.initDone && !BUILTIN_METRICS.some(([n]) => n === name))
        throw new Error(`k6: metrics must be created in the init context, not in VU code (${name})`);
      m = { type, contains: isTime ? "time" : "default", samples: [] };
      this.metrics.set(name, m);
    }
    return m;
  }

  add(name: string, value: number, tags: Record<string, string> = {}): void {
    const m = this.metrics.get(name);
    if (!m) throw new Error(`metric ${name} is not defined`);
    if (!Number.isFinite(value)) throw new Error(`metric ${name}: ${value} is not a number`);
    const scenario = this.exec.scenarioName;
    const sample = { value, tags: { ...tags, ...(scenario ? { scenario } : {}) } };
    m.samples.push(sample);
    this.jsonOut?.write(name, m, sample, Date.now());
  }
}

/** `k6/metrics`: Counter, Gauge, Rate and Trend on `store`. */
function metricClasses(store: ShimMetrics): Record<string, unknown> {
  class Metric {
    readonly name: string;
    constructor(name: string, type: MetricType, isTime: boolean) {
      if (!/^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(name)) throw new Error(`invalid metric name ${name}`);
      this.name = name;
      store.define(name, type, isTime);
    }
    add(value: number | boolean, tags?: Record<string, string>): void {
      store.add(this.name, typeof value === "boolean" ? (value ? 1 : 0) : value, tags);
    }
  }
  return {
    Counter: class extends Metric {
      constructor(name: string) {
        super(name, "counter", false);
      }
    },
    Gauge: class extends Metric {
      constructor(name: string) {
        super(name, "gauge", false);
      }
    },
    Rate: class extends Metric {
      constructor(name: string) {
        super(name, "rate", false);
      }
    },
    Trend: class extends Metric {
      constructor(name: string, isTime = false) {
        super(name, "trend", isTime);
      }
    },
  };
}

function toBuffer(x: unknown): Buffer {
  if (typeof x === "string") return Buffer.from(x, "utf8");
  if (x instanceof Uint8Array) return Buffer.from(x);
  if (Object.prototype.toString.call(x) === "[object ArrayBuffer]") return Buffer.from(x as ArrayBuffer);
  throw new TypeError("k6/crypto: input must be a string or an ArrayBuffer");
}

function digest(out: Buffer, enc: string): string {
  if (enc !== "hex" && enc !== "base64") throw new Error(`k6/crypto shim: unsupported output encoding ${enc}`);
  return out.toString(enc);
}

/** The `k6` module: blocking sleep, synchronous check and group, fail. */
const K6_CORE = {
  sleep: (s: number) => blockingSleep(s * 1000),
  check: (v: unknown, sets: Record<string, (x: unknown) => unknown>) =>
    Object.values(sets).every((f) => {
      const r = f(v);
      if (r instanceof Promise) throw new Error("k6 0.48: async functions are not allowed in check()");
      return Boolean(r);
    }),
  group: (_name: string, fn: () => unknown) => {
    const r = fn();
    if (r instanceof Promise) throw new Error("k6 0.48: async functions are not allowed in group()");
    return r;
  },
  fail: (msg: string) => {
    throw new Error(msg);
  },
};

const K6_CRYPTO = {
  hmac: (alg: string, key: unknown, data: unknown, enc: string) =>
    digest(createHmac(alg, toBuffer(key)).update(toBuffer(data)).digest(), enc),
  sha256: (data: unknown, enc: string) => digest(createHash("sha256").update(toBuffer(data)).digest(), enc),
  md5: (data: unknown, enc: string) => digest(createHash("md5").update(toBuffer(data)).digest(), enc),
  randomBytes: (n: number) => {
    const b = randomBytes(n);
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
  },
};

const K6_ENCODING = {
  b64encode: (input: unknown, variant = "std") => {
    if (variant !== "std") throw new Error(`k6/encoding shim: variant ${variant} not supported`);
    return toBuffer(input).toString("base64");
  },
};

interface K6Params {
  headers?: Record<string, string>;
  tags?: Record<string, string>;
  timeout?: number | string;
}

/** `k6/http` `request`: synchronous, recording k6's http_* metrics. */
function httpModule(http: SyncHttp, store: ShimMetrics): Record<string, unknown> {
  return {
    request(method: string, url: string, body: unknown, params: K6Params = {}) {
      if (typeof body !== "string" && body !== null && body !== undefined)
        throw new Error("k6/http shim: only string bodies are supported");
      const timeoutMs =
        typeof params.timeout === "number" ? params.timeout : parseDuration(params.timeout ?? "60s", "timeout");
      const r = http.request({
        method,
        url,
        headers: params.headers ?? {},
        ...(typeof body === "string" ? { body } : {}),
        timeoutMs,
      });
      const tags = httpTags(store.systemTags, method, url, r.status, params.tags);
      const failed = r.status < 200 || r.status > 399;
      store.add("http_reqs", 1, tags);
      store.add("http_req_duration", r.durationMs ?? 0, tags);
      store.add("http_req_failed", failed ? 1 : 0, tags);
      return k6Response(r);
    },
  };
}

/** k6's system tags on an HTTP sample (the name defaults to the URL), minus those options.systemTags leaves out. */
function httpTags(
  systemTags: readonly string[],
  method: string,
  url: string,
  status: number,
  given: Record<string, string> = {},
): Record<string, string> {
  const system: Record<string, string> = {
    proto: "HTTP/1.1",
    method,
    url,
    name: given.name ?? url,
    status: String(status),
    expected_response: String(status >= 200 && status < 400),
    group: "",
  };
  const tags: Record<string, string> = { ...given };
  for (const [k, v] of Object.entries(system)) if (systemTags.includes(k)) tags[k] = v;
  return tags;
}

/** A response as k6 hands it to the script. */
function k6Response(r: WireResult): Record<string, unknown> {
  // k6 canonicalises response header names (Go's textproto): Content-Type, X-Acs-Retry-After.
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers))
    headers[k.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase())] = v;
  return {
    status: r.status,
    body: r.status === 0 ? null : r.body,
    headers,
    error: r.error ?? "",
    error_code: r.status === 0 ? 1000 : r.status >= 400 ? 1400 : 0,
    timings: { duration: r.durationMs ?? 0 },
  };
}

/** `k6/execution`: the running iteration's scenario and VU, read from `exec`. */
function executionModule(exec: ExecState): Record<string, unknown> {
  return {
    scenario: {
      get name() {
        return exec.scenarioName;
      },
      get executor() {
        return exec.executor;
      },
      get startTime() {
        return exec.startTime;
      },
      get iterationInTest() {
        return exec.iterationInTest;
      },
      get iterationInInstance() {
        return exec.iterationInTest;
      },
    },
    vu: {
      get idInTest() {
        return exec.vu;
      },
      get idInInstance() {
        return exec.vu;
      },
    },
    test: {
      abort: (reason?: string) => {
        throw new Error(`test aborted: ${reason ?? ""}`);
      },
    },
  };
}

/** The script's `require`: the k6 modules of the 0.48 subset, shimmed. */
function k6Require(http: SyncHttp, store: ShimMetrics): (name: string) => unknown {
  const modules: Record<string, Record<string, unknown>> = {
    k6: K6_CORE,
    "k6/http": httpModule(http, store),
    "k6/crypto": K6_CRYPTO,
    "k6/encoding": K6_ENCODING,
    "k6/metrics": metricClasses(store),
    "k6/execution": executionModule(store.exec),
  };
  return (name) => {
    if (!K6_MODULE_NAMES.includes(name)) throw new Error(`k6 0.48 cannot import "${name}"`);
    const m = modules[name];
    if (!m) throw new Error(`the k6 shim does not implement "${name}"`);
    return { ...m, default: m, __esModule: true };
  };
}

type ScriptExports = Record<string, unknown>;

interface ScriptOptions {
  scenarios?: Record<string, Record<string, unknown>>;
  thresholds?: Record<string, string[]>;
  summaryTrendStats?: string[];
  systemTags?: string[];
}

/**
 * Loads the bundle into `context` and runs its init code. A bundle that does not load throws; an init that
 * throws is returned as `{ error }` (k6 exits 107 with it).
 */
async function initScript(
  path: string,
  context: vm.Context,
  require: (name: string) => unknown,
): Promise<{ exports: ScriptExports } | { error: string }> {
  const moduleObj: { exports: ScriptExports } = { exports: {} };
  const source = readFileSync(path, "utf8");
  const { code } = await transform(source, { format: "cjs", target: "es2017", loader: "js" });
  const wrapper = vm.runInContext(`(function (require, module, exports) {\n${code}\n})`, context, {
    filename: path,
  }) as (r: typeof require, m: typeof moduleObj, e: ScriptExports) => void;
  try {
    wrapper(require, moduleObj, moduleObj.exports);
  } catch (e) {
    return { error: (e as Error).message };
  }
  return { exports: moduleObj.exports };
}

// k6 JSON-copies the options and the setup data; the copies are what VUs see.
const plain = <T>(x: T): T => (x === undefined ? x : (JSON.parse(JSON.stringify(x)) as T));

/** Calls an exported function, which must not return a promise (k6 0.48 runs scripts synchronously). */
function scriptCaller(script: ScriptExports): (name: string, ...args: unknown[]) => unknown {
  return (name, ...args) => {
    const fn = script[name];
    if (typeof fn !== "function") throw new Error(`the script exports no function "${name}"`);
    const r = (fn as (...a: unknown[]) => unknown)(...args);
    if (r instanceof Promise || (r && typeof (r as { then?: unknown }).then === "function"))
      throw new Error(`${name}() returned a promise; specgate's k6 scripts stay synchronous for k6 0.48`);
    return r;
  };
}

/** A planned start of a constant-arrival-rate iteration, on the absolute timeline. */
interface Start {
  at: number;
  scenario: string;
  executor: string;
  exec: string;
  iteration: number;
  scenarioStart: number;
  vu: number;
}

/** Planned starts of every arrival-rate scenario, merged on one timeline; per-vu-iterations ones run after. */
function planScenarios(
  scenarios: Record<string, Record<string, unknown>>,
  runStart: number,
): { starts: Start[]; sequential: Array<{ name: string; s: Record<string, unknown> }> } {
  const starts: Start[] = [];
  const sequential: Array<{ name: string; s: Record<string, unknown> }> = [];
  for (const [name, raw] of Object.entries(scenarios)) {
    const s = plain(raw);
    const offset = parseDuration((s.startTime as string | number | undefined) ?? 0, `${name}.startTime`);
    if (s.executor === "constant-arrival-rate") starts.push(...planArrivals(name, s, runStart + offset));
    else if (s.executor === "per-vu-iterations") sequential.push({ name, s });
    else throw new Error(`the k6 shim does not run executor "${String(s.executor)}"`);
  }
  starts.sort((a, b) => a.at - b.at);
  return { starts, sequential };
}

function planArrivals(name: string, s: Record<string, unknown>, scenarioStart: number): Start[] {
  const execName = (s.exec as string | undefined) ?? "default";
  const timeUnit = parseDuration((s.timeUnit as string | undefined) ?? "1s", `${name}.timeUnit`);
  const duration = parseDuration(s.duration as string, `${name}.duration`);
  if (typeof s.preAllocatedVUs !== "number" || s.preAllocatedVUs < 1)
    throw new Error(`${name}: preAllocatedVUs is required`);
  const vus = s.preAllocatedVUs;
  return Array.from(planConstantArrivals(s.rate as number, timeUnit, duration), (p) => ({
    at: scenarioStart + p.offsetMs,
    scenario: name,
    executor: "constant-arrival-rate",
    exec: execName,
    iteration: p.iteration,
    scenarioStart,
    vu: (p.iteration % vus) + 1,
  }));
}

/**
 * When the run may start its next iteration: it waits for `at` (blocking, as k6's VUs do, unless a stop can be
 * requested: then on the event loop, so a signal handler gets to run) and says whether the run was stopped.
 */
class IterationGate {
  stopped = false;
  constructor(readonly stopRequested?: () => boolean) {}
  async waitFor(at: number): Promise<boolean> {
    if (this.stopRequested === undefined) blockingSleep(at - Date.now());
    else await delay(Math.max(0, at - Date.now()));
    this.stopped ||= this.stopRequested?.() === true;
    return !this.stopped;
  }
}

/** Runs the arrival-rate iterations at their planned starts. */
async function runArrivals(
  starts: readonly Start[],
  exec: ExecState,
  gate: IterationGate,
  runIteration: (execName: string) => void,
): Promise<void> {
  for (const st of starts) {
    if (!(await gate.waitFor(st.at))) return;
    Object.assign(exec, {
      scenarioName: st.scenario,
      executor: st.executor,
      startTime: st.scenarioStart,
      iterationInTest: st.iteration,
      vu: st.vu,
    });
    runIteration(st.exec);
  }
}

/** Runs the sequential scenarios: each VU its iterations, one after the other. */
async function runPerVuIterations(
  sequential: Array<{ name: string; s: Record<string, unknown> }>,
  exec: ExecState,
  gate: IterationGate,
  runIteration: (execName: string) => void,
): Promise<void> {
  for (const { name, s } of sequential) {
    const vus = (s.vus as number | undefined) ?? 1;
    const iterations = (s.iterations as number | undefined) ?? 1;
    const scenarioStart = Date.now();
    let n = 0;
    for (let vu = 1; vu <= vus; vu++)
      for (let i = 0; i < iterations; i++) {
        if (!(await gate.waitFor(Date.now()))) return;
        Object.assign(exec, {
          scenarioName: name,
          executor: "per-vu-iterations",
          startTime: scenarioStart,
          iterationInTest: n++,
          vu,
        });
        runIteration((s.exec as string | undefined) ?? "default");
      }
  }
}

/** The summary's metrics (those with samples or a threshold) and the thresholds judged on them, like k6. */
function summarizeRun(
  metrics: Map<string, MetricStore>,
  thresholdsByKey: Record<string, string[]>,
  durationMs: number,
  trendStats: string[],
): { metrics: Record<string, unknown>; allOk: boolean } {
  const out: Record<string, unknown> = {};
  let allOk = true;
  for (const [name, m] of metrics) {
    if (m.samples.length === 0 && !Object.keys(thresholdsByKey).some((k) => parseMetricSelector(k).metric === name))
      continue;
    out[name] = { type: m.type, contains: m.contains, values: summarize(m, m.samples, durationMs, trendStats) };
  }
  for (const [key, exprs] of Object.entries(thresholdsByKey)) {
    const judged = judgeThresholds(metrics, key, exprs, durationMs, trendStats);
    out[key] = judged.metric;
    if (!judged.ok) allOk = false;
  }
  return { metrics: out, allOk };
}

/** The sub-metric `key` (e.g. `metric{tag:value}`) with its thresholds judged. */
function judgeThresholds(
  metrics: Map<string, MetricStore>,
  key: string,
  exprs: string[],
  durationMs: number,
  trendStats: string[],
): { metric: Record<string, unknown>; ok: boolean } {
  const sel = parseMetricSelector(key);
  const m = metrics.get(sel.metric);
  if (!m) throw new Error(`threshold on undefined metric ${sel.metric}`);
  const samples = m.samples.filter((s) => matchesTags(sel.tags, s.tags));
  const values = summarize(m, samples, durationMs, trendStats);
  const thresholds: Record<string, { ok: boolean }> = {};
  let allOk = true;
  for (const expr of exprs) {
    const parsed = parseThresholdExpression(expr, key);
    const a = parsed.aggregation;
    const k = a.kind === "p" ? `p(${a.percentile})` : a.kind;
    const observed = values[k] ?? summarize(m, samples, durationMs, [k])[k] ?? 0;
    const ok = compareThreshold(parsed, observed);
    thresholds[expr] = { ok };
    if (!ok) allOk = false;
  }
  return { metric: { type: m.type, contains: m.contains, values, thresholds }, ok: allOk };
}

type LogFn = (level: ShimLog["level"], args: unknown[]) => void;

/** Runs `fn`; what it throws is logged as an error with `prefix`, as k6 logs a failed iteration or teardown. */
function callLogged(fn: () => unknown, prefix: string, log: LogFn): void {
  try {
    fn();
  } catch (e) {
    log("error", [`${prefix}${(e as Error).message}`]);
  }
}

/** One iteration of the exported function `execName`, with k6's iteration metrics. */
function iterationRunner(
  call: (name: string, ...args: unknown[]) => unknown,
  data: unknown,
  store: ShimMetrics,
  log: LogFn,
): (execName: string) => void {
  return (execName) => {
    const t = Date.now();
    callLogged(() => call(execName, plain(data)), "Uncaught (in iteration) ", log);
    store.add("iterations", 1);
    store.add("iteration_duration", Date.now() - t);
  };
}

/** The legacy-shaped `data` k6 hands to handleSummary, and whether every threshold held. */
function summaryDataOf(
  store: ShimMetrics,
  options: ScriptOptions,
  durationMs: number,
): { data: Record<string, unknown>; allOk: boolean } {
  const trendStats = options.summaryTrendStats ?? ["avg", "min", "med", "max", "p(90)", "p(95)"];
  const summary = summarizeRun(store.metrics, options.thresholds ?? {}, durationMs, trendStats);
  const data = {
    metrics: summary.metrics,
    root_group: { name: "", path: "", id: "d41d8cd98f00b204e9800998ecf8427e", groups: [], checks: [] },
    options: { summaryTrendStats: trendStats, summaryTimeUnit: "", noColor: false },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: durationMs },
  };
  return { data, allOk: summary.allOk };
}

/** Runs a bundle like `k6 run` would (see the module comment). */
export async function runK6Bundle(o: ShimOptions): Promise<ShimResult> {
  const logs: ShimLog[] = [];
  const log: LogFn = (level, args) => {
    const entry = { level, msg: args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" ") };
    logs.push(entry);
    o.onLog?.(entry);
  };
  const exec: ExecState = { scenarioName: "", executor: "", startTime: 0, iterationInTest: 0, vu: 0 };
  const jsonOut = o.jsonOut === undefined ? undefined : new JsonOutput(o.jsonOut);
  const store = new ShimMetrics(exec, jsonOut);
  const http = new SyncHttp();
  const consoleShim = {
    log: (...a: unknown[]) => log("info", a),
    info: (...a: unknown[]) => log("info", a),
    warn: (...a: unknown[]) => log("warn", a),
    error: (...a: unknown[]) => log("error", a),
    debug: (...a: unknown[]) => log("debug", a),
  };
  const context = vm.createContext({ console: consoleShim, __ENV: { ...o.env }, __VU: 0, __ITER: 0 });
  const outputs: Record<string, string> = {};
  let summaryData: Record<string, unknown> = {};
  try {
    const init = await initScript(o.script, context, k6Require(http, store));
    if ("error" in init) return { exitCode: 107, summaryData: {}, outputs, logs, error: `init: ${init.error}` };
    store.initDone = true;
    const script = init.exports;
    const options = (script.options ?? {}) as ScriptOptions;
    store.systemTags = options.systemTags ?? store.systemTags;
    const runStart = Date.now();
    const call = scriptCaller(script);
    const data = typeof script.setup === "function" ? plain(call("setup")) : undefined;
    const runIteration = iterationRunner(call, data, store, log);
    const { starts, sequential } = planScenarios(options.scenarios ?? {}, runStart);
    const gate = new IterationGate(o.stopRequested);
    await runArrivals(starts, exec, gate, runIteration);
    await runPerVuIterations(sequential, exec, gate, runIteration);
    Object.assign(exec, { scenarioName: "", executor: "", iterationInTest: 0, vu: 0 });
    if (typeof script.teardown === "function") callLogged(() => call("teardown", plain(data)), "teardown: ", log);
    const summary = summaryDataOf(store, options, Date.now() - runStart);
    summaryData = summary.data;
    if (typeof script.handleSummary === "function") {
      const r = call("handleSummary", plain(summaryData)) as Record<string, string>;
      for (const [k, v] of Object.entries(r)) outputs[k] = v;
    }
    return { exitCode: gate.stopped ? 105 : summary.allOk ? 0 : 99, summaryData, outputs, logs };
  } catch (e) {
    return { exitCode: 107, summaryData, outputs, logs, error: (e as Error).message };
  } finally {
    await http.close();
    jsonOut?.close();
  }
}
