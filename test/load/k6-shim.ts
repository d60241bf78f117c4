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

/** What the bundle may import (the 0.48 portable subset, scripts/build-k6.ts `K6_MODULES`). */
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
        if (stat === "avg") out.avg = sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : 0;
        else if (stat === "min") out.min = sorted[0] ?? 0;
        else if (stat === "max") out.max = sorted[sorted.length - 1] ?? 0;
        else if (stat === "med") out.med = percentile(sorted, 50);
        else if (stat === "count") out.count = sorted.length;
        else {
          const pm = /^p\((\d+(?:\.\d+)?)\)$/.exec(stat);
          if (pm) out[stat] = percentile(sorted, Number(pm[1]));
        }
      }
      return out;
    }
  }
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

/** Runs a bundle like `k6 run` would (see the module comment). */
export async function runK6Bundle(o: ShimOptions): Promise<ShimResult> {
  const logs: ShimLog[] = [];
  const log = (level: ShimLog["level"], args: unknown[]): void => {
    const entry = { level, msg: args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" ") };
    logs.push(entry);
    o.onLog?.(entry);
  };
  const metrics = new Map<string, MetricStore>();
  let initDone = false;
  const define = (name: string, type: MetricType, isTime = false): MetricStore => {
    let m = metrics.get(name);
    if (!m) {
      if (
        initDone &&
        ![
          "http_reqs",
          "http_req_duration",
          "http_req_failed",
          "iterations",
          "iteration_duration",
          "dropped_iterations",
        ].includes(name)
      )
        throw new Error(`k6: metrics must be created in the init context, not in VU code (${name})`);
      m = { type, contains: isTime ? "time" : "default", samples: [] };
      metrics.set(name, m);
    }
    return m;
  };
  for (const [n, t, time] of [
    ["http_reqs", "counter", false],
    ["http_req_duration", "trend", true],
    ["http_req_failed", "rate", false],
    ["iterations", "counter", false],
    ["iteration_duration", "trend", true],
    ["dropped_iterations", "counter", false],
  ] as const)
    define(n, t, time);
  const exec: ExecState = { scenarioName: "", executor: "", startTime: 0, iterationInTest: 0, vu: 0 };
  const jsonOut = o.jsonOut === undefined ? undefined : new JsonOutput(o.jsonOut);
  // k6's default system tags (metrics/system_tag.go); the script's options.systemTags replaces them after init.
  let systemTags = ["proto", "subproto", "status", "method", "url", "name", "group", "check", "error", "error_code"];
  systemTags.push("tls_version", "scenario", "service", "expected_response");
  const add = (name: string, value: number, tags: Record<string, string> = {}): void => {
    const m = metrics.get(name);
    if (!m) throw new Error(`metric ${name} is not defined`);
    if (!Number.isFinite(value)) throw new Error(`metric ${name}: ${value} is not a number`);
    const sample = { value, tags: { ...tags, ...(exec.scenarioName ? { scenario: exec.scenarioName } : {}) } };
    m.samples.push(sample);
    jsonOut?.write(name, m, sample, Date.now());
  };
  class Metric {
    readonly name: string;
    constructor(name: string, type: MetricType, isTime: boolean) {
      if (!/^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(name)) throw new Error(`invalid metric name ${name}`);
      this.name = name;
      define(name, type, isTime);
    }
    add(value: number | boolean, tags?: Record<string, string>): void {
      add(this.name, typeof value === "boolean" ? (value ? 1 : 0) : value, tags);
    }
  }
  const http = new SyncHttp();
  const toBuffer = (x: unknown): Buffer => {
    if (typeof x === "string") return Buffer.from(x, "utf8");
    if (x instanceof Uint8Array) return Buffer.from(x);
    if (Object.prototype.toString.call(x) === "[object ArrayBuffer]") return Buffer.from(x as ArrayBuffer);
    throw new TypeError("k6/crypto: input must be a string or an ArrayBuffer");
  };
  const digest = (out: Buffer, enc: string): string => {
    if (enc !== "hex" && enc !== "base64") throw new Error(`k6/crypto shim: unsupported output encoding ${enc}`);
    return out.toString(enc);
  };
  const modules: Record<string, Record<string, unknown>> = {
    k6: {
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
    },
    "k6/http": {
      request(
        method: string,
        url: string,
        body: unknown,
        params: { headers?: Record<string, string>; tags?: Record<string, string>; timeout?: number | string } = {},
      ) {
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
        // k6's system tags on HTTP samples (the name defaults to the URL), minus those options.systemTags leaves out.
        const system: Record<string, string> = {
          proto: "HTTP/1.1",
          method,
          url,
          name: params.tags?.name ?? url,
          status: String(r.status),
          expected_response: String(r.status >= 200 && r.status < 400),
          group: "",
        };
        const tags: Record<string, string> = { ...(params.tags ?? {}) };
        for (const [k, v] of Object.entries(system)) if (systemTags.includes(k)) tags[k] = v;
        const failed = r.status < 200 || r.status > 399;
        add("http_reqs", 1, tags);
        add("http_req_duration", r.durationMs ?? 0, tags);
        add("http_req_failed", failed ? 1 : 0, tags);
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
      },
    },
    "k6/crypto": {
      hmac: (alg: string, key: unknown, data: unknown, enc: string) =>
        digest(createHmac(alg, toBuffer(key)).update(toBuffer(data)).digest(), enc),
      sha256: (data: unknown, enc: string) => digest(createHash("sha256").update(toBuffer(data)).digest(), enc),
      md5: (data: unknown, enc: string) => digest(createHash("md5").update(toBuffer(data)).digest(), enc),
      randomBytes: (n: number) => {
        const b = randomBytes(n);
        return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
      },
    },
    "k6/encoding": {
      b64encode: (input: unknown, variant = "std") => {
        if (variant !== "std") throw new Error(`k6/encoding shim: variant ${variant} not supported`);
        return toBuffer(input).toString("base64");
      },
    },
    "k6/metrics": {
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
    },
    "k6/execution": {
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
    },
  };
  const requireShim = (name: string): unknown => {
    if (!K6_MODULE_NAMES.includes(name)) throw new Error(`k6 0.48 cannot import "${name}"`);
    const m = modules[name];
    if (!m) throw new Error(`the k6 shim does not implement "${name}"`);
    return { ...m, default: m, __esModule: true };
  };
  const consoleShim = {
    log: (...a: unknown[]) => log("info", a),
    info: (...a: unknown[]) => log("info", a),
    warn: (...a: unknown[]) => log("warn", a),
    error: (...a: unknown[]) => log("error", a),
    debug: (...a: unknown[]) => log("debug", a),
  };
  const context = vm.createContext({ console: consoleShim, __ENV: { ...o.env }, __VU: 0, __ITER: 0 });
  const moduleObj: { exports: Record<string, unknown> } = { exports: {} };
  const outputs: Record<string, string> = {};
  let summaryData: Record<string, unknown> = {};
  try {
    const source = readFileSync(o.script, "utf8");
    const { code } = await transform(source, { format: "cjs", target: "es2017", loader: "js" });
    const wrapper = vm.runInContext(`(function (require, module, exports) {\n${code}\n})`, context, {
      filename: o.script,
    }) as (r: typeof requireShim, m: typeof moduleObj, e: Record<string, unknown>) => void;
    try {
      wrapper(requireShim, moduleObj, moduleObj.exports);
    } catch (e) {
      await http.close();
      jsonOut?.close();
      return { exitCode: 107, summaryData: {}, outputs, logs, error: `init: ${(e as Error).message}` };
    }
    initDone = true;
    const script = moduleObj.exports;
    const options = (script.options ?? {}) as {
      scenarios?: Record<string, Record<string, unknown>>;
      thresholds?: Record<string, string[]>;
      summaryTrendStats?: string[];
      systemTags?: string[];
    };
    systemTags = options.systemTags ?? systemTags;
    // k6 JSON-copies the options and the setup data; the copies are what VUs see.
    const plain = <T>(x: T): T => (x === undefined ? x : (JSON.parse(JSON.stringify(x)) as T));
    const runStart = Date.now();
    const call = (name: string, ...args: unknown[]): unknown => {
      const fn = script[name];
      if (typeof fn !== "function") throw new Error(`the script exports no function "${name}"`);
      const r = (fn as (...a: unknown[]) => unknown)(...args);
      if (r instanceof Promise || (r && typeof (r as { then?: unknown }).then === "function"))
        throw new Error(`${name}() returned a promise; specgate's k6 scripts stay synchronous for k6 0.48`);
      return r;
    };
    const data = typeof script.setup === "function" ? plain(call("setup")) : undefined;
    const runIteration = (execName: string): void => {
      const t = Date.now();
      try {
        call(execName, plain(data));
      } catch (e) {
        log("error", [`Uncaught (in iteration) ${(e as Error).message}`]);
      }
      add("iterations", 1);
      add("iteration_duration", Date.now() - t);
    };
    // Planned starts of every scenario, merged on one absolute timeline.
    interface Start {
      at: number;
      scenario: string;
      executor: string;
      exec: string;
      iteration: number;
      scenarioStart: number;
      vu: number;
    }
    const starts: Start[] = [];
    const sequential: Array<{ name: string; s: Record<string, unknown> }> = [];
    for (const [name, raw] of Object.entries(options.scenarios ?? {})) {
      const s = plain(raw);
      const execName = (s.exec as string | undefined) ?? "default";
      const offset = parseDuration((s.startTime as string | number | undefined) ?? 0, `${name}.startTime`);
      if (s.executor === "constant-arrival-rate") {
        const timeUnit = parseDuration((s.timeUnit as string | undefined) ?? "1s", `${name}.timeUnit`);
        const duration = parseDuration(s.duration as string, `${name}.duration`);
        if (typeof s.preAllocatedVUs !== "number" || s.preAllocatedVUs < 1)
          throw new Error(`${name}: preAllocatedVUs is required`);
        for (const p of planConstantArrivals(s.rate as number, timeUnit, duration))
          starts.push({
            at: runStart + offset + p.offsetMs,
            scenario: name,
            executor: "constant-arrival-rate",
            exec: execName,
            iteration: p.iteration,
            scenarioStart: runStart + offset,
            vu: (p.iteration % (s.preAllocatedVUs as number)) + 1,
          });
      } else if (s.executor === "per-vu-iterations") {
        sequential.push({ name, s });
      } else {
        throw new Error(`the k6 shim does not run executor "${String(s.executor)}"`);
      }
    }
    starts.sort((a, b) => a.at - b.at);
    // Waiting on the event loop (not blocking) when a stop can be requested, so a signal handler gets to run.
    let stopped = false;
    const stopNow = (): boolean => {
      stopped ||= o.stopRequested?.() === true;
      return stopped;
    };
    const waitUntil = async (at: number): Promise<void> => {
      if (o.stopRequested === undefined) blockingSleep(at - Date.now());
      else await delay(Math.max(0, at - Date.now()));
    };
    for (const st of starts) {
      await waitUntil(st.at);
      if (stopNow()) break;
      Object.assign(exec, {
        scenarioName: st.scenario,
        executor: st.executor,
        startTime: st.scenarioStart,
        iterationInTest: st.iteration,
        vu: st.vu,
      });
      runIteration(st.exec);
    }
    for (const { name, s } of sequential) {
      const vus = (s.vus as number | undefined) ?? 1;
      const iterations = (s.iterations as number | undefined) ?? 1;
      const scenarioStart = Date.now();
      let n = 0;
      for (let vu = 1; vu <= vus; vu++)
        for (let i = 0; i < iterations; i++) {
          await waitUntil(Date.now());
          if (stopNow()) break;
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
    Object.assign(exec, { scenarioName: "", executor: "", iterationInTest: 0, vu: 0 });
    if (typeof script.teardown === "function") {
      try {
        call("teardown", plain(data));
      } catch (e) {
        log("error", [`teardown: ${(e as Error).message}`]);
      }
    }
    const durationMs = Date.now() - runStart;
    const trendStats = options.summaryTrendStats ?? ["avg", "min", "med", "max", "p(90)", "p(95)"];
    const out: Record<string, unknown> = {};
    let allOk = true;
    for (const [name, m] of metrics) {
      if (
        m.samples.length === 0 &&
        !Object.keys(options.thresholds ?? {}).some((k) => parseMetricSelector(k).metric === name)
      )
        continue;
      out[name] = { type: m.type, contains: m.contains, values: summarize(m, m.samples, durationMs, trendStats) };
    }
    for (const [key, exprs] of Object.entries(options.thresholds ?? {})) {
      const sel = parseMetricSelector(key);
      const m = metrics.get(sel.metric);
      if (!m) throw new Error(`threshold on undefined metric ${sel.metric}`);
      const samples = m.samples.filter((s) => matchesTags(sel.tags, s.tags));
      const values = summarize(m, samples, durationMs, trendStats);
      const thresholds: Record<string, { ok: boolean }> = {};
      for (const expr of exprs) {
        const parsed = parseThresholdExpression(expr, key);
        const a = parsed.aggregation;
        const k = a.kind === "p" ? `p(${a.percentile})` : a.kind;
        const observed = values[k] ?? summarize(m, samples, durationMs, [k])[k] ?? 0;
        const ok = compareThreshold(parsed, observed);
        thresholds[expr] = { ok };
        if (!ok) allOk = false;
      }
      out[key] = { type: m.type, contains: m.contains, values, thresholds };
    }
    summaryData = {
      metrics: out,
      root_group: { name: "", path: "", id: "d41d8cd98f00b204e9800998ecf8427e", groups: [], checks: [] },
      options: { summaryTrendStats: trendStats, summaryTimeUnit: "", noColor: false },
      state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: durationMs },
    };
    if (typeof script.handleSummary === "function") {
      const r = call("handleSummary", plain(summaryData)) as Record<string, string>;
      for (const [k, v] of Object.entries(r)) outputs[k] = v;
    }
    await http.close();
    jsonOut?.close();
    return { exitCode: stopped ? 105 : allOk ? 0 : 99, summaryData, outputs, logs };
  } catch (e) {
    await http.close();
    jsonOut?.close();
    return { exitCode: 107, summaryData, outputs, logs, error: (e as Error).message };
  }
}
