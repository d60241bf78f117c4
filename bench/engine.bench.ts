// Built-in load engine vs the issue's targets ("Load: heartbeat-eviction timing and the 50 QPS limit"),
// side by side with autocannon, and with real k6 when a `k6` binary is on PATH, in the same run. The HTTP
// servers run in child processes, so `process.cpuUsage()` here is the load generator's CPU alone.
// Informational: prints PASS/MISS, asserts nothing.
//
// Targets from the issue: k6 reaches 20–24k req/s at 0.56–0.66 CPU-s/10k requests and p99 schedule
// deviation < 1 ms at ≤ 500 req/s; autocannon 0.165 CPU-s/10k. Ours: k6's accuracy or better,
// ≥ 2× k6's req/s, ≤ 0.25 CPU-s/10k. Those k6 figures come from another machine; with k6 on PATH the
// targets are also judged against k6 measured here (bench/k6-side-by-side.ts).
//
// Accuracy is measured twice: the engine's own schedule deviation (iteration start − intended start), and
// the lateness of each request's arrival on the server's clock, the one measure k6 can be given too (k6
// reports no deviation). On a 2-vCPU VM both are bounded by waking an idle vCPU, which takes ~2 ms for a
// few % of wake-ups (the client's or the server's); runs are steady-state (1 s at the rate first, shared
// connections) and each tool keeps its least disturbed of 3 rounds.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { availableParallelism, loadavg } from "node:os";
import { Client, type Dispatcher, Pool, request } from "undici";
import type { MetricDefinition, ScenarioPort } from "../load/scenarios/scenario-port.ts";
import type { EngineResult } from "../src/engine/engine-result.ts";
import { recordHttp } from "../src/engine/record-http.ts";
import { runLoad } from "../src/engine/run-load.ts";
import type { ScenarioOptions } from "../src/engine/scenario-config.ts";
import { createRealScheduler, type RealSchedulerOptions } from "../src/engine/scheduler.ts";
import { createNodePort } from "../src/load-runner/node-port.ts";
import { findK6 } from "../src/load-runner/run-scenario-k6.ts";
import { ARRIVAL_SCRIPT, IDLE_SCRIPT, MAX_SCRIPT, readSummaryLine, runK6 } from "./k6-side-by-side.ts";
import { quantile, scheduleDeviations } from "./server-arrivals.ts";

interface AutocannonResult {
  requests: { total: number; average: number };
  latency: { p99: number };
  "2xx": number;
  "3xx": number;
  duration: number;
  errors: number;
}
type Autocannon = (opts: { url: string; connections: number; duration: number }) => Promise<AutocannonResult>;
// autocannon ships no types; load it through require and give it the little shape used here.
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

// Records when each request arrived (performance.now() of the server: one clock for every load generator);
// GET /__arrivals returns them and starts a new list.
const SERVER = `
const http = require("node:http");
let arrivals = [];
const s = http.createServer((req, res) => {
  if (req.url === "/__arrivals") {
    const body = JSON.stringify(arrivals);
    arrivals = [];
    res.setHeader("content-type", "application/json");
    res.end(body);
    return;
  }
  if (arrivals.length < 100000) arrivals.push(performance.now());
  res.setHeader("content-type", "text/plain");
  res.end("ok");
});
s.keepAliveTimeout = 60000;
s.listen(0, "127.0.0.1", () => process.stdout.write(String(s.address().port) + "\\n"));
`;

/**
 * The maximum-throughput rounds measure the load generator, so their server must cost less than it: node:http
 * tops out near 35–40k req/s on one of the 2 cores, below the 48k target, and would cap every tool alike. This
 * one answers each complete request head (GET, no body: the head ends at the blank line) with a fixed 200 on
 * the raw socket, ~4× cheaper per request; keep-alive, pipelining and heads split across reads are handled.
 * The arrival-accuracy runs keep the node:http server above.
 */
const RAW_SERVER = `
const net = require("node:net");
const ANSWER = Buffer.from("HTTP/1.1 200 OK\\r\\ncontent-type: text/plain\\r\\ncontent-length: 2\\r\\nkeep-alive: timeout=60\\r\\n\\r\\nok");
const s = net.createServer((socket) => {
  socket.setNoDelay(true);
  let carry = "";
  socket.on("data", (chunk) => {
    const text = carry + chunk.toString("latin1");
    let heads = 0;
    let from = 0;
    for (let end = text.indexOf("\\r\\n\\r\\n"); end >= 0; end = text.indexOf("\\r\\n\\r\\n", from)) {
      heads++;
      from = end + 4;
    }
    carry = text.slice(from);
    if (heads === 1) socket.write(ANSWER);
    else if (heads > 1) socket.write(Buffer.concat(Array(heads).fill(ANSWER)));
  });
  socket.on("error", () => socket.destroy());
});
s.listen(0, "127.0.0.1", () => process.stdout.write(String(s.address().port) + "\\n"));
`;

async function startServer(source = SERVER): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ["-e", source], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<string>((resolve, reject) => {
    child.once("error", reject);
    child.stdout.once("data", (d: Buffer) => resolve(d.toString().trim()));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

/** The arrival times the server recorded since the last call (and a fresh list from now on). */
async function takeArrivals(url: string): Promise<number[]> {
  const res = await request(`${url}/__arrivals`);
  return (await res.body.json()) as number[];
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
}

interface Measured {
  result: EngineResult;
  cpuS: number;
  wallS: number;
}

/**
 * CPU and wall time of `fn`. `collectFirst` (throughput runs) starts from a collected heap so no tool pays for
 * another's garbage; accuracy runs skip it: a forced full collection shrinks the young generation, and the
 * extra scavenges that follow land in the measured seconds as lateness.
 */
async function measure<T>(
  fn: () => Promise<T>,
  collectFirst = true,
): Promise<{ value: T; cpuS: number; wallS: number }> {
  if (collectFirst) (globalThis as { gc?: () => void }).gc?.();
  const cpu = process.cpuUsage();
  const t = performance.now();
  const value = await fn();
  return { value, cpuS: cpuSeconds(cpu), wallS: (performance.now() - t) / 1000 };
}

/**
 * One constant-arrival-rate run over `pool`. The accuracy runs share one pool, so connections opened by the
 * warm-up are reused (a fresh pool per run made each run's first requests wait for TCP set-up: lateness that
 * belongs to connection set-up, not to the schedule).
 */
async function arrival(pool: Pool, rate: number, seconds: number, timing: RealSchedulerOptions): Promise<Measured> {
  const scenario: ScenarioOptions = {
    executor: "constant-arrival-rate",
    rate,
    duration: `${seconds}s`,
    preAllocatedVUs: 50,
    maxVUs: 200,
    gracefulStop: "2s",
    exec: async (ctx) => {
      const res = await pool.request({ path: "/", method: "GET" });
      await res.body.dump();
      recordHttp(ctx.metrics, { status: res.statusCode, durationMs: ctx.sinceIntendedStartMs() });
    },
  };
  const m = await measure(
    () => runLoad({ scheduler: createRealScheduler(timing), scenarios: { arrival: scenario } }),
    false,
  );
  return { result: m.value, cpuS: m.cpuS, wallS: m.wallS };
}

type Client_ = "request" | "pool-dispatch" | "client-dispatch" | "scenario-port";

/** The scenario port needs the metric definitions of a scenario; a bare GET adds none of its own. */
const NO_DEFINITIONS: readonly MetricDefinition[] = [];

async function closedMax(url: string, vus: number, seconds: number, how: Client_): Promise<Measured> {
  const pool = new Pool(url, { connections: vus, pipelining: 1 });
  // One connection per VU, as k6 and autocannon hold them: no pool to pick a free client from.
  let port: ScenarioPort | undefined;
  const clients =
    how === "client-dispatch" ? Array.from({ length: vus }, () => new Client(url, { pipelining: 1 })) : [];
  const m = await measure(() =>
    runLoad({
      scenarios: {
        max: {
          executor: "constant-vus",
          vus,
          duration: `${seconds}s`,
          gracefulStop: "2s",
          exec:
            how === "scenario-port"
              ? // What `specgate load` runs: the scenarios' HTTP port (undici dispatch, timeout, k6's HTTP metrics),
                // built at the scenario's first iteration as the node runner builds it.
                async (ctx) => {
                  port ??= createNodePort({
                    clock: ctx.clock,
                    sleep: ctx.sleep,
                    metrics: ctx.metrics,
                    definitions: NO_DEFINITIONS,
                    log: ctx.log,
                  });
                  await port.request({ method: "GET", url: `${url}/`, headers: {} });
                }
              : how === "request"
                ? async (ctx) => {
                    const res = await pool.request(GET);
                    await res.body.dump();
                    recordHttp(ctx.metrics, { status: res.statusCode, durationMs: ctx.sinceIntendedStartMs() });
                  }
                : async (ctx) => {
                    const status = await dispatchGet(
                      how === "pool-dispatch" ? pool : (clients[ctx.vu % vus] as Client),
                    );
                    recordHttp(ctx.metrics, { status, durationMs: ctx.sinceIntendedStartMs() });
                  },
        },
      },
    }),
  );
  await Promise.all([pool.close(), ...clients.map((c) => c.close())]);
  return { result: m.value, cpuS: m.cpuS, wallS: m.wallS };
}

/** The request options, built once and reused (undici does not mutate them). */
const GET: Dispatcher.DispatchOptions = { path: "/", method: "GET" };

/**
 * A bare dispatch handler: keeps the status, ignores the body (no stream, no promise per chunk).
 * A class, so its callbacks live on the prototype rather than being five closures per request; it
 * uses undici's classic callbacks, which `dispatch` takes as they are (the newer `onRequestStart`
 * style is wrapped in an adapter object per request).
 */
class StatusHandler implements Dispatcher.DispatchHandler {
  status = 0;
  constructor(
    readonly resolve: (status: number) => void,
    readonly reject: (err: Error) => void,
  ) {}
  onConnect(): void {}
  onHeaders(statusCode: number): boolean {
    this.status = statusCode;
    return true;
  }
  onData(): boolean {
    return true;
  }
  onComplete(): void {
    this.resolve(this.status);
  }
  onError(err: Error): void {
    this.reject(err);
  }
}

/** GET through `dispatch` with {@link StatusHandler}; resolves with the status. */
function dispatchGet(dispatcher: Dispatcher): Promise<number> {
  return new Promise((resolve, reject) => {
    dispatcher.dispatch(GET, new StatusHandler(resolve, reject));
  });
}

const fmt = (x: number | undefined, digits = 2): string => (x === undefined ? "-" : x.toFixed(digits));
const verdict = (ok: boolean): string => (ok ? "PASS" : "MISS");

interface AccuracyRun {
  key: string;
  rate: number;
  seconds: number;
  timing: RealSchedulerOptions;
}

/** What the server saw of one open-model run. */
interface ServerSeen {
  requests: number;
  dropped: number;
  deviations: number[];
}

/** autocannon's CPU-s per 10k requests on the machine the issue's targets were measured on. */
const ISSUE_AUTOCANNON_CPU_10K = 0.165;

/** Rounds of every accuracy run (each tool keeps its least disturbed one). */
const ACCURACY_ROUNDS = 3;

/** Unmeasured seconds at a run's rate before its measured seconds (steady state). */
const WARM_UP_S = 1;

/** The wake mode that is not the default, run beside it (scheduler.ts: thread by default). */
const OTHER_MODE: RealSchedulerOptions = { wake: "poll", spinMs: 0.5 };

const label = (t: RealSchedulerOptions): string =>
  `${t.wake ?? "thread"}/${t.spinMs === undefined ? "auto" : String(t.spinMs)}`;

/**
 * One throughput round. `rps` counts only answers of an expected status (200–399, k6's default
 * `expectedStatuses`; the raw server answers 200 to everything, so `others` must stay 0); CPU is per request sent.
 */
interface Throughput {
  rps: number;
  /** Answers of another status, or none. */
  others: number;
  p99: number | undefined;
  cpu10k: number;
}

/** Expected answers of an engine run: `http_req_failed` counts them as its `fails` (k6's naming). */
const expectedOf = (r: EngineResult): number => r.metrics.http_req_failed?.values.fails ?? 0;

const fromEngine = (m: Measured): Throughput => {
  const reqs = m.result.metrics.http_reqs?.values.count ?? 0;
  const ok = expectedOf(m.result);
  return {
    rps: ok / (m.result.durationMs / 1000),
    others: reqs - ok,
    p99: m.result.metrics.http_req_duration?.values["p(99)"],
    cpu10k: (m.cpuS / reqs) * 10_000,
  };
};

/** Of several rounds, the one with the least CPU per request (the least disturbed by other work). */
const best = (rounds: Throughput[]): Throughput =>
  rounds.reduce((a, b) => (b.cpu10k < a.cpu10k ? b : a), rounds[0] as Throughput);

const push = <T>(map: Map<string, T[]>, key: string, value: T): void => {
  map.set(key, [...(map.get(key) ?? []), value]);
};

/** Every accuracy run's rounds: the engine's own results, and what the server saw of each tool. */
interface AccuracyRounds {
  engine: Map<string, Measured[]>;
  server: Map<string, ServerSeen[]>;
}

const ACCURACY_RUNS: AccuracyRun[] = [
  // The default wake mode (keys without a suffix) at each rate; the other mode and bare timers at 500/s.
  // 10 s at 50/s: 3 s would give 150 starts, whose "p99" is the second-worst start alone.
  ...[50, 500, 2000].map((rate) => ({ key: String(rate), rate, seconds: rate < 100 ? 10 : 3, timing: {} })),
  { key: `500-${OTHER_MODE.wake}`, rate: 500, seconds: 3, timing: OTHER_MODE },
  { key: "500-timer", rate: 500, seconds: 2, timing: { wake: "poll", spinMs: 0 } },
];

/** k6's run of the same schedule (default wake-mode keys only), as the server saw it. */
async function k6Arrivals(k6: string, serverUrl: string, run: AccuracyRun): Promise<ServerSeen> {
  const r = await runK6(k6, ARRIVAL_SCRIPT, {
    URL: `${serverUrl}/`,
    RATE: String(run.rate),
    DURATION: `${run.seconds + WARM_UP_S}s`,
  });
  const summary = readSummaryLine<{ requests: number; dropped: number }>(r);
  return {
    requests: (summary?.requests ?? 0) - run.rate * WARM_UP_S,
    dropped: summary?.dropped ?? 0,
    // Fitted over the whole run (one schedule), judged after its first second like the engine.
    deviations: scheduleDeviations(await takeArrivals(serverUrl), run.rate).slice(run.rate * WARM_UP_S),
  };
}

/**
 * Per run key, each round's engine result and the lateness of each arrival on the server's clock, per tool
 * (k6 when on PATH). Rounds are interleaved; every tool keeps its least disturbed round (lowest p99), as the
 * throughput rounds do: on a shared 2-vCPU VM a round can meet a burst of someone else's work.
 */
async function runAccuracyRounds(pool: Pool, serverUrl: string, k6: string | undefined): Promise<AccuracyRounds> {
  const rounds: AccuracyRounds = { engine: new Map(), server: new Map() };
  for (let round = 0; round < ACCURACY_ROUNDS; round++) {
    for (const run of ACCURACY_RUNS) {
      // Steady state, as JIT benchmarks measure it: a first second at the same rate and mode is not measured
      // (it pays for compiling the paths at this rate; k6's first second is dropped too).
      await arrival(pool, run.rate, WARM_UP_S, run.timing);
      await takeArrivals(serverUrl);
      const m = await arrival(pool, run.rate, run.seconds, run.timing);
      push(rounds.engine, run.key, m);
      push(rounds.server, `engine ${run.key}`, {
        requests: expectedOf(m.result),
        dropped: m.result.scenarios.arrival?.dropped ?? 0,
        deviations: scheduleDeviations(await takeArrivals(serverUrl), run.rate),
      });
      if (k6 !== undefined && !run.key.includes("-"))
        push(rounds.server, `k6 ${run.key}`, await k6Arrivals(k6, serverUrl, run));
    }
  }
  return rounds;
}

const ownP99 = (m: Measured): number => m.result.metrics.schedule_deviation?.values["p(99)"] ?? Infinity;

/** Prints the engine's own schedule accuracy; returns each key's least disturbed round. */
function printEngineAccuracy(rounds: AccuracyRounds): Map<string, Measured> {
  console.log(
    `Arrival accuracy (constant-arrival-rate, real scheduler, undici Pool.request, loopback server in a child process; best of ${ACCURACY_ROUNDS} rounds after ${WARM_UP_S} s at the rate)`,
  );
  console.log(
    "rate/s  wake/spinMs  achieved/target  drops  dev p50 ms  dev p99 ms  dev max ms  CPU % of a core  per-second counts | per-second dev p99 ms",
  );
  const accuracy = new Map<string, Measured>();
  for (const { key, rate, seconds, timing } of ACCURACY_RUNS) {
    const m = (rounds.engine.get(key) ?? []).reduce((a, b) => (ownP99(b) < ownP99(a) ? b : a));
    accuracy.set(key, m);
    const r = m.result;
    const dev = r.metrics.schedule_deviation?.values;
    const perSecond = r.series.metrics.schedule_deviation?.count.slice(0, seconds) ?? [];
    const perSecondP99 = (r.series.metrics.schedule_deviation?.p99?.slice(0, seconds) ?? []).map((x) => fmt(x ?? 0, 2));
    console.log(
      `${String(rate).padStart(6)}  ${label(timing).padStart(11)}  ${fmt(expectedOf(r) / (rate * seconds), 4).padStart(15)}  ${String(r.scenarios.arrival?.dropped ?? 0).padStart(5)}  ${fmt(dev?.med, 3).padStart(10)}  ${fmt(dev?.["p(99)"], 3).padStart(10)}  ${fmt(dev?.max, 3).padStart(10)}  ${fmt((100 * m.cpuS) / m.wallS, 0).padStart(15)}  ${perSecond.join(",")} | ${perSecondP99.join(",")}`,
    );
  }
  return accuracy;
}

const lateP99 = (v: ServerSeen): number => quantile(v.deviations, 0.99);

/** Prints every tool's arrival lateness on the server's clock; returns each tool and key's least disturbed round. */
function printServerAccuracy(rounds: AccuracyRounds, k6: string | undefined): Map<string, ServerSeen> {
  console.log(
    `\nArrival accuracy seen by the server (lateness of each arrival on the server's clock, best of ${ACCURACY_ROUNDS} rounds; k6 ${k6 === undefined ? "not on PATH, not measured" : `= ${k6}`})`,
  );
  console.log("tool    rate/s  wake/spinMs  requests  drops  late p50 ms  late p99 ms  late max ms  p99 of each round");
  const seen = new Map<string, ServerSeen>();
  for (const [name, all] of rounds.server) {
    const v = all.reduce((a, b) => (lateP99(b) < lateP99(a) ? b : a));
    seen.set(name, v);
    const [tool = "", key = ""] = name.split(" ");
    const run = ACCURACY_RUNS.find((r) => r.key === key);
    console.log(
      `${tool.padEnd(6)}  ${String(run?.rate ?? "").padStart(6)}  ${(tool === "k6" ? "-" : label(run?.timing ?? {})).padStart(11)}  ${String(v.requests).padStart(8)}  ${String(v.dropped).padStart(5)}  ${fmt(quantile(v.deviations, 0.5), 3).padStart(11)}  ${fmt(lateP99(v), 3).padStart(11)}  ${fmt(quantile(v.deviations, 1), 3).padStart(11)}  ${all.map((x) => fmt(lateP99(x), 2)).join(", ")}`,
    );
  }
  return seen;
}

/** Throughput rounds: same server, duration and number of rounds for every tool, interleaved. */
const THROUGHPUT_SECONDS = 3;
/** Three rounds: with two, a single burst of other work on this shared VM could decide a ratio near a target. */
const THROUGHPUT_ROUNDS = 3;

async function autocannonRound(url: string): Promise<Throughput> {
  const ac = await measure(() => autocannon({ url, connections: 50, duration: THROUGHPUT_SECONDS }));
  const ok = ac.value["2xx"] + ac.value["3xx"];
  return {
    rps: ok / ac.value.duration,
    others: ac.value.requests.total - ok,
    p99: ac.value.latency.p99,
    cpu10k: (ac.cpuS / ac.value.requests.total) * 10_000,
  };
}

async function k6Round(k6: string, url: string, idleCpuS: number): Promise<Throughput> {
  const run = await runK6(k6, MAX_SCRIPT, { URL: `${url}/`, DURATION: `${THROUGHPUT_SECONDS}s` });
  const summary = readSummaryLine<{ requests: number; expected: number; p99: number }>(run);
  const requests = summary?.requests ?? 0;
  const ok = summary?.expected ?? 0;
  return {
    rps: ok / THROUGHPUT_SECONDS,
    others: requests - ok,
    p99: summary?.p99,
    cpu10k: requests > 0 ? ((run.cpuS - idleCpuS) / requests) * 10_000 : Number.POSITIVE_INFINITY,
  };
}

/**
 * Every tool against the same server for the same time, rounds interleaved so that a burst of other work on the
 * machine does not land on one tool only; each keeps its least disturbed round.
 */
async function runThroughput(url: string, k6: string | undefined): Promise<Record<string, Throughput>> {
  const tools: Record<string, Throughput[]> = {
    "engine + Pool.request": [],
    "engine + Pool.dispatch": [],
    "engine + Client/VU dispatch": [],
    "engine + scenario port": [],
    autocannon: [],
    ...(k6 !== undefined ? { k6: [] } : {}),
  };
  // k6's start-up and shutdown with nothing to run, taken off its throughput rounds' CPU.
  const k6IdleCpuS = k6 === undefined ? 0 : (await runK6(k6, IDLE_SCRIPT, {})).cpuS;
  const engineClients: [string, Client_][] = [
    ["engine + Pool.request", "request"],
    ["engine + Pool.dispatch", "pool-dispatch"],
    ["engine + Client/VU dispatch", "client-dispatch"],
    ["engine + scenario port", "scenario-port"],
  ];
  for (let round = 0; round < THROUGHPUT_ROUNDS; round++) {
    for (const [name, how] of engineClients)
      tools[name]?.push(fromEngine(await closedMax(url, 50, THROUGHPUT_SECONDS, how)));
    tools.autocannon?.push(await autocannonRound(url));
    if (k6 !== undefined) tools.k6?.push(await k6Round(k6, url, k6IdleCpuS));
  }
  return Object.fromEntries(Object.entries(tools).map(([k, v]) => [k, best(v)]));
}

function printThroughput(results: Record<string, Throughput>): void {
  console.log(
    `\nMaximum throughput, 50 in flight, same raw-socket server, same duration, best of ${THROUGHPUT_ROUNDS} interleaved rounds (req/s: answers of an expected status only)`,
  );
  console.log("tool                           req/s  p99 latency ms  CPU-s/10k req  other answers");
  for (const [name, t] of Object.entries(results)) {
    console.log(
      `${name.padEnd(28)} ${fmt(t.rps, 0).padStart(8)}  ${fmt(t.p99).padStart(14)}  ${fmt(t.cpu10k, 3).padStart(13)}  ${String(t.others).padStart(13)}`,
    );
  }
}

const row = (name: string, ref: string, measured: string, ok: boolean): void =>
  console.log(`${name.padEnd(54)}${ref.padEnd(42)}${measured.padEnd(15)}${verdict(ok)}`);

/** The schedule and arrival targets (against k6 on this machine when it ran). */
function printAccuracyTargets(accuracy: Map<string, Measured>, seen: Map<string, ServerSeen>): void {
  const p99At = (key: string): number => ownP99(accuracy.get(key) as Measured);
  row("p99 schedule deviation @ 50/s < 1 ms", "k6: < 1 ms", `${fmt(p99At("50"), 3)} ms`, p99At("50") < 1);
  row("p99 schedule deviation @ 500/s < 1 ms", "k6: < 1 ms", `${fmt(p99At("500"), 3)} ms`, p99At("500") < 1);
  // The same target judged against k6 on this machine, on the server's clock (k6 reports no deviation itself).
  const lateP99Of = (name: string): number => quantile(seen.get(name)?.deviations ?? [], 0.99);
  for (const rate of ["50", "500", "2000"]) {
    if (!seen.has(`k6 ${rate}`)) continue;
    row(
      `p99 arrival lateness @ ${rate}/s ≤ k6's (server clock)`,
      `k6 here: ${fmt(lateP99Of(`k6 ${rate}`), 3)} ms`,
      `${fmt(lateP99Of(`engine ${rate}`), 3)} ms`,
      lateP99Of(`engine ${rate}`) <= lateP99Of(`k6 ${rate}`),
    );
  }
  const r2000 = accuracy.get("2000")?.result;
  const seconds2000 = ACCURACY_RUNS.find((r) => r.key === "2000")?.seconds ?? Number.NaN;
  const ratio2000 = (r2000 === undefined ? 0 : expectedOf(r2000)) / (2000 * seconds2000);
  row(
    "achieved/target @ 2000/s ≥ 0.99, no drops",
    "k6: exact schedule",
    fmt(ratio2000, 4),
    ratio2000 >= 0.99 && (r2000?.scenarios.arrival?.dropped ?? 1) === 0,
  );
}

/** The throughput and CPU targets (against k6 and autocannon measured in the same run). */
function printThroughputTargets(results: Record<string, Throughput>): void {
  const engineRows = Object.entries(results).filter(([k]) => k.startsWith("engine"));
  const bestEngine = engineRows.reduce((a, b) => (b[1].rps > a[1].rps ? b : a));
  const leanest = engineRows.reduce((a, b) => (b[1].cpu10k < a[1].cpu10k ? b : a));
  const acRps = results.autocannon?.rps ?? Infinity;
  const acCpu = results.autocannon?.cpu10k ?? 0;
  row(`max req/s ≥ 2× k6 (≥ 48k)`, "k6: 20–24k", `${fmt(bestEngine[1].rps, 0)}`, bestEngine[1].rps >= 48_000);
  const k6Here = results.k6;
  if (k6Here !== undefined)
    row(
      "max req/s ≥ 2× k6 (same server, same run)",
      `k6 here: ${fmt(k6Here.rps, 0)} at ${fmt(k6Here.cpu10k, 3)} CPU-s/10k`,
      `${fmt(bestEngine[1].rps / k6Here.rps, 2)}×`,
      bestEngine[1].rps >= 2 * k6Here.rps,
    );
  const requestCpu = results["engine + Pool.request"]?.cpu10k ?? Infinity;
  row(
    "CPU-s/10k ≤ 0.25 (Pool.request: bench-only client)",
    `k6: 0.56–0.66; autocannon ${fmt(acCpu, 3)}`,
    fmt(requestCpu, 3),
    requestCpu <= 0.25,
  );
  const portCpu = results["engine + scenario port"]?.cpu10k ?? Infinity;
  row(
    "CPU-s per 10k requests ≤ 0.25 (scenario port)",
    k6Here === undefined ? "k6: 0.56–0.66" : `k6 here: ${fmt(k6Here.cpu10k, 3)}`,
    fmt(portCpu, 3),
    portCpu <= 0.25,
  );
  // This VM's speed drifts (autocannon has measured 0.145–0.28 CPU-s/10k here on different hours): the same
  // target on the issue's machine, where autocannon took 0.165, scaled by autocannon measured in this run.
  const scale = ISSUE_AUTOCANNON_CPU_10K / acCpu;
  row(
    "CPU-s/10k ≤ 0.25 (port, scaled: autocannon = 0.165)",
    `autocannon here: ${fmt(acCpu, 3)} (×${fmt(scale, 2)})`,
    fmt(portCpu * scale, 3),
    portCpu * scale <= 0.25,
  );
  row(
    `CPU-s per 10k requests ≤ 0.25 (best)`,
    `k6: 0.56–0.66; autocannon ${fmt(acCpu, 3)}`,
    fmt(leanest[1].cpu10k, 3),
    leanest[1].cpu10k <= 0.25,
  );
  row(
    "req/s vs autocannon (same server, same run)",
    `autocannon here: ${fmt(acRps, 0)}`,
    `${fmt(bestEngine[1].rps / acRps, 2)}×`,
    bestEngine[1].rps >= acRps,
  );
}

async function main(): Promise<void> {
  const server = await startServer();
  const raw = await startServer(RAW_SERVER);
  const k6 = findK6();
  try {
    // Timing on a shared machine is only as good as its idle time: say how busy it was.
    const loadNow = (): string => (loadavg()[0] ?? 0).toFixed(2);
    console.log(`machine: ${availableParallelism()} cores, 1-min load average ${loadNow()} before the run\n`);
    const pool = new Pool(server.url, { connections: 64, pipelining: 1 });
    // Warm-up: JIT, connection setup, the timer thread.
    await arrival(pool, 200, 0.5, {});
    const rounds = await runAccuracyRounds(pool, server.url, k6);
    await pool.close();
    const accuracy = printEngineAccuracy(rounds);
    const seen = printServerAccuracy(rounds, k6);
    const results = await runThroughput(raw.url, k6);
    printThroughput(results);
    console.log(`1-min load average after the run: ${loadNow()}`);
    console.log("\nTargets (informational)");
    console.log(`${"target".padEnd(54)}${"reference (k6 / autocannon)".padEnd(42)}${"measured".padEnd(15)}verdict`);
    printAccuracyTargets(accuracy, seen);
    printThroughputTargets(results);
    console.log(
      "\nNote: client and server share the machine's 2 cores; the raw-socket server leaves the load generator most",
    );
    console.log(
      `of one. Compare the engine with autocannon${results.k6 === undefined ? " (same server, same run) and with k6's published figures (no k6 on PATH)." : " and k6 (same server, same run)."}`,
    );
  } finally {
    server.stop();
    raw.stop();
  }
}

await main();
