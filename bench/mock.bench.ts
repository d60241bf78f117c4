// The mock's performance targets, side by side in one run (prints a table with PASS/MISS; no assertions):
// - throughput of signed ListEventSubEvent (V3) and ConsumerGroupHeartBeat (SLS v1) at 50 connections, signature
//   verification, nonce check, rate limiter (lifted with --fault qps-limit=1000000) and spec validation all on,
//   against Prism serving the same operations (`prism mock`, a copy of each spec with the `?type=`/`?Action=` path
//   keys rewritten to plain paths, which Prism cannot route) and a bare Fastify route. Target: ≥ 15× Prism.
// - p99 latency ≤ 2.5 ms at 50 connections, at a fixed offered rate below saturation (at saturation a closed-model
//   client only measures its own queue: latency ≈ connections / throughput, shown too);
// - ready to serve within 0.3 s: spawn `specgate mock --port 0` → first 200 on /_specgate/health;
// - heap bounded after 1 000 000 heartbeats from 100 000 consumers (the coordinator directly, heap after gc at 0,
//   500k, 1M), plus an HTTP sample through the running server in this process;
// - a spec-driven answer: VPC DescribeRegions, an operation with no behaviour, from a spec docgen made from its
//   page (test/mock/extended-specs.ts), served by `specgate mock` run in a directory whose specs/ holds it.
// What bounds the ratio on a 2-vCPU VM: a Fastify route that does no work, given the same signed heartbeats by the
// same client, serves ~14–20k req/s (the row "bare Fastify, the same signed heartbeats"), ≈ 6–10× Prism; loopback
// writes cost most when the peer's vCPU has gone idle, so every µs of handler work costs ~1.5–2× its own time in
// throughput. The handlers themselves take ~15 µs (heartbeat) and ~27 µs (ListEventSubEvent, 10 records) in a
// tight loop. So 15× Prism is above what any Fastify server reaches here; the rows show how far the mock is from
// that line.
// Every server runs in its own process; autocannon (the load generator) runs here. Throughput counts only answers of
// the expected status (2xx) and every row says how many others there were. Pre-signed request pools give each V3
// request its own nonce and are never replayed (a replayed nonce is answered SignatureNonceUsed): a run over such a
// pool stops when the pool is spent, and its rate is the 2xx answers over the time it took.
import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Pool, request } from "undici";
import { ManualClock } from "../src/core/clock.ts";
import { startMock } from "../src/mock/create-mock-server.ts";
import { ConsumerGroupCoordinator } from "../src/mock/domain/consumer-group-coordinator.ts";
import { loadSpecs } from "../src/openapi/load-specs.ts";
import { signAcs3 } from "../src/signing/acs3.ts";
import { nodeCrypto } from "../src/signing/node-crypto.ts";
import { formatQuery } from "../src/signing/query-string.ts";
import {
  CONNECTIONS,
  CREDS,
  children,
  createGroup,
  GROUP,
  heartbeatRequest,
  LOGSTORE,
  type Load,
  liveQuery,
  liveRequest,
  load,
  type Pooled,
  SECONDS,
  spawnMock,
  stop,
  waitFor200,
  waitForLine,
} from "./mock-harness.ts";
import { quantile } from "./server-arrivals.ts";

const FIXED_RATE = 2000;
/** Unmeasured seconds at the rate before an open-model run's measured seconds. */
const OPEN_MODEL_WARM_UP_S = 1;
/** Files this run writes to the temporary directory, removed at the end. */
const tempFiles: string[] = [];

interface Row {
  what: string;
  value: string;
  target: string;
  verdict: "PASS" | "MISS" | "";
}
const rows: Row[] = [];
const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** VPC DescribeRegions, V3-signed (each request its own nonce): answered from its spec, no behaviour. */
function regionsRequest(): Pooled {
  const headers: Record<string, string> = { host: "vpc.aliyuncs.com", accept: "application/json" };
  const added = signAcs3(nodeCrypto, { method: "GET", path: "/", query: {}, headers }, CREDS, {
    action: "DescribeRegions",
    version: "2016-04-28",
    date: new Date(),
    nonce: nodeCrypto.randomHex(16),
  });
  return { method: "GET", path: "/", headers: { ...headers, ...added } };
}

/** A directory whose specs/ holds the SLS, Live and VPC specs docgen makes from the pages (VPC: DescribeRegions). */
async function specDrivenDirectory(): Promise<{ dir: string; cleanup(): void }> {
  // Written, not compiled here, and imported only now: docgen's modules stay out of the heap rows above.
  const { writeExtendedSpecs } = await import("../test/mock/extended-specs.ts");
  const extended = await writeExtendedSpecs();
  const specsDir = join(extended.dir, "specs");
  mkdirSync(specsDir);
  for (const id of extended.products)
    copyFileSync(join(extended.dir, `${id}.openapi.json`), join(specsDir, `${id}.openapi.json`));
  return { dir: extended.dir, cleanup: extended.cleanup };
}

/**
 * Open model (docs/design.md#measure-from-the-intended-start): requests leave on an absolute schedule of
 * `rate` per second over a 50-connection undici pool, whatever earlier answers do, and each latency runs from
 * its intended start to the end of its answer, so queueing is not hidden (no coordinated omission).
 * (autocannon's own rate option sends each second's quota in a burst at the second's start.)
 */
async function openModelLoad(
  url: string,
  pool: Pooled[],
  rate: number,
  seconds: number,
  replayable = true,
): Promise<Load> {
  const client = new Pool(url, { connections: CONNECTIONS });
  const latencies: number[] = [];
  const others: Record<string, number> = {};
  let errors = 0;
  const inFlight: Promise<void>[] = [];
  // The first OPEN_MODEL_WARM_UP_S seconds run on the same schedule but are not measured: they open the
  // connections and compile the client's paths (steady state, as the engine bench measures it).
  const warmUp = Math.round(rate * OPEN_MODEL_WARM_UP_S);
  const total = warmUp + rate * seconds;
  if (!replayable && total > pool.length)
    throw new Error(`${total} sends need ${total} nonce-bearing requests; the pool has ${pool.length}`);
  // This process's own garbage (e.g. a request pool just signed) is collected before the schedule starts,
  // so a client-side pause is not charged to the server.
  (globalThis as { gc?: () => void }).gc?.();
  const start = performance.now() + 20;
  let i = 0;
  while (i < total) {
    const now = performance.now();
    while (i < total && start + (i * 1000) / rate <= now) {
      const intended = start + (i * 1000) / rate;
      const r = pool[i % pool.length] as Pooled;
      const measured = i >= warmUp;
      i++;
      inFlight.push(
        client
          .request({
            method: r.method as "GET",
            path: r.path,
            headers: r.headers,
            ...(r.body !== undefined ? { body: r.body } : {}),
          })
          .then(async (res) => {
            await res.body.dump();
            if (!measured) return;
            if (res.statusCode >= 200 && res.statusCode < 300) latencies.push(performance.now() - intended);
            else others[res.statusCode] = (others[res.statusCode] ?? 0) + 1;
          })
          .catch(() => {
            errors++;
          }),
      );
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(inFlight);
  await client.close();
  return {
    rps: latencies.length / seconds,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    ok: latencies.length,
    others,
    errors,
    total: total - warmUp,
    seconds,
  };
}

/** "14,120 req/s 2xx, p50 …, p99 …" and, when there were any, what was not counted: "not counted: 10,422 × 400". */
function describeLoad(l: Load): string {
  const others = Object.entries(l.others).map(([status, n]) => `${fmt(n)} × ${status}`);
  if (l.errors > 0) others.push(`${fmt(l.errors)} without answer`);
  const bad = others.length > 0 ? `; not counted: ${others.join(", ")} of ${fmt(l.total)}` : "";
  // A run over a nonce-bearing pool lasts as long as the pool does, not SECONDS.
  const took = Math.abs(l.seconds - SECONDS) > 0.5 ? ` (${fmt(l.total)} requests in ${fmt(l.seconds, 1)} s)` : "";
  return `${fmt(l.rps)} req/s 2xx, p50 ${fmt(l.p50, 2)} ms, p99 ${fmt(l.p99, 2)} ms${bad}${took}`;
}

/** A copy of the spec that Prism can route: the operation under a plain path key, no templated servers, no security. */
function prismDocument(product: "sls" | "live"): string {
  const doc = structuredClone(loadSpecs().spec(product).document) as Record<string, unknown>;
  const paths = doc.paths as Record<string, Record<string, unknown>>;
  doc.paths =
    product === "live"
      ? { "/": { get: paths["/?Action=ListEventSubEvent"]?.get } }
      : {
          "/logstores/{logstore}/consumergroups/{consumerGroup}": {
            post: paths["/logstores/{logstore}/consumergroups/{consumerGroup}?type=heartbeat"]?.post,
          },
        };
  delete doc.servers;
  // Prism checks declared security and refuses every request under a scheme it does not know (an `http` scheme
  // other than basic/bearer/digest: "We currently do not support this type of security scheme"); the bench
  // measures what serving costs, and only specgate's side verifies signatures.
  delete doc.security;
  const file = join(tmpdir(), `specgate-bench-prism-${product}-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(doc));
  tempFiles.push(file);
  return file;
}

/**
 * A port nothing listens on now (the OS picks it). Prism takes no port 0, and a fixed guess can meet another
 * program's listener on a shared machine, which then never answers the readiness probe.
 */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
    });
  });
}

async function startPrism(product: "sls" | "live"): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    "node_modules/.bin/prism",
    ["mock", "-p", String(port), "-h", "127.0.0.1", "-v", "silent", prismDocument(product)],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  await waitFor200(`${url}/`, 60_000, true); // any answer means Prism is up
  return { url, child };
}

async function startBareFastify(): Promise<{ url: string; child: ChildProcess }> {
  // GET / answers a tiny JSON; any other route answers the heartbeat's "[]" without looking at the request, so
  // the same signed requests measure what HTTP and Fastify alone cost on this machine with this client.
  const script = `import Fastify from "fastify"; const app = Fastify(); app.get("/", async () => ({ ok: true }));
app.removeAllContentTypeParsers(); app.addContentTypeParser("*", { parseAs: "buffer" }, (_r, b, done) => done(null, b));
app.post("/*", async (_req, reply) => { reply.type("application/json"); return "[]"; });
await app.listen({ port: 0, host: "127.0.0.1" }); console.log("BARE_URL=http://127.0.0.1:" + app.server.address().port);`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    stdio: ["ignore", "pipe", "pipe"],
    cwd: process.cwd(),
  });
  children.push(child);
  const m = await waitForLine(child, /BARE_URL=(\S+)/, 10_000);
  return { url: m[1] as string, child };
}

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

/**
 * 1M heartbeats from 100k consumers on the coordinator directly; heap after gc at 0, 500k and 1M. Runs first,
 * before any request pool exists, so the baseline is not inflated by them.
 */
function measureCoordinatorHeap(): Row {
  const clock = new ManualClock();
  // 100 000 consumers in one group: above the mock's own bound (consumer-group-limits.ts), to measure the structures.
  const limits = { maxConsumersPerGroup: 100_000 };
  const coordinator = new ConsumerGroupCoordinator({ clock, shards: 4, logstore: "bench/heap", limits });
  coordinator.createGroup("heap", 60);
  const consumers = Array.from({ length: 100_000 }, (_, i) => `consumer-${i}`);
  const held = new Map<string, number[]>();
  const heap: number[] = [heapAfterGc()];
  for (let n = 1; n <= 1_000_000; n++) {
    const name = consumers[n % consumers.length] as string;
    const outcome = coordinator.heartbeat("heap", name, held.get(name) ?? []);
    if (outcome.ok) held.set(name, outcome.shards);
    clock.advance(0.1); // each consumer beats every 10 s, timeout 60 s: all stay live
    if (n === 500_000 || n === 1_000_000) heap.push(heapAfterGc());
  }
  const [h0 = 0, h500 = 0, h1m = 0] = heap;
  const growth = (h1m - h500) / Math.max(1, h500 - h0);
  return {
    what: "heap after gc: 0 / 500k / 1M heartbeats (100k consumers, coordinator)",
    value: `${fmt(h0 / 2 ** 20, 1)} / ${fmt(h500 / 2 ** 20, 1)} / ${fmt(h1m / 2 ** 20, 1)} MiB (${coordinator.consumerCount("heap")} live)`,
    target: "500k→1M growth ≤ 10% of 0→500k",
    verdict: growth <= 0.1 ? "PASS" : "MISS",
  };
}

/** Start-up phases of a fresh process: node + tsx boot, module imports, spec compilation, server start. */
async function measureStartupPhases(): Promise<string> {
  const script = `const t0 = performance.now();
const { loadSpecs } = await import("./src/openapi/load-specs.ts");
const t1 = performance.now(); const specs = loadSpecs(); const t2 = performance.now();
const { startMock } = await import("./src/mock/create-mock-server.ts");
const t3 = performance.now(); const m = await startMock({ specs }); const t4 = performance.now();
console.log("PHASES=" + [t0, t1 - t0, t2 - t1, t3 - t2, t4 - t3].map((x) => Math.round(x)).join(","));
await m.close();`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const m = await waitForLine(child, /PHASES=([\d,]+)/, 30_000);
  await stop(child);
  const [boot, importSpec, compile, importServer, start] = (m[1] as string).split(",").map(Number);
  return `boot ${boot} + import spec ${importSpec} + compile specs ${compile} + import server ${importServer} + start ${start} ms`;
}

async function main(): Promise<void> {
  const benchStart = performance.now();
  const heapStart = performance.now();
  const heapRow = measureCoordinatorHeap();
  const heapSeconds = (performance.now() - heapStart) / 1000;
  // --- readiness ----------------------------------------------------------------------------------------
  const spawns: number[] = [];
  for (let i = 0; i < 1; i++) {
    const s = await spawnMock();
    spawns.push(s.readyMs);
    await stop(s.child);
  }
  const sut = await spawnMock();
  spawns.push(sut.readyMs);
  const readyMs = Math.min(...spawns);
  rows.push({
    what: "ready: spawn `specgate mock --port 0` → first 200 on /_specgate/health",
    value: `${spawns.map((ms) => fmt(ms)).join(" / ")} ms (best ${fmt(readyMs)} ms)`,
    target: "≤ 300 ms",
    verdict: readyMs <= 300 ? "PASS" : "MISS",
  });

  const phases = await measureStartupPhases();
  rows.push({
    what: "  where start-up time goes (one fresh process)",
    value: phases,
    target: "",
    verdict: "",
  });

  // --- throughput: specgate --------------------------------------------------------------------------------
  await createGroup(sut.url);
  const livePool = Array.from({ length: 60_000 }, liveRequest);
  const hbPool = Array.from({ length: 1000 }, (_, i) => heartbeatRequest(`consumer-${i}`));
  console.log("  load: specgate ListEventSubEvent …");
  const mockLive = await load(sut.url, livePool, { replayable: false });
  console.log("  load: specgate ConsumerGroupHeartBeat …");
  const mockHb = await load(sut.url, hbPool);
  console.log("  load: fixed rate …");
  // Every V3 request needs its own nonce: one pre-signed request per send, warm-up included.
  const fixedLivePool = Array.from({ length: FIXED_RATE * (3 + OPEN_MODEL_WARM_UP_S) + 100 }, liveRequest);
  const fixedLive = await openModelLoad(sut.url, fixedLivePool, FIXED_RATE, 3, false);
  const fixedHb = await openModelLoad(sut.url, hbPool, FIXED_RATE, 3);
  await stop(sut.child);

  // --- throughput: Prism and bare Fastify ------------------------------------------------------------------
  console.log("  load: Prism …");
  const prismLive = await startPrism("live");
  const prismLiveLoad = await load(prismLive.url, [
    { method: "GET", path: `/?${formatQuery(liveQuery())}`, headers: { host: "live.aliyuncs.com" } },
  ]);
  await stop(prismLive.child);
  const prismSls = await startPrism("sls");
  const prismHbLoad = await load(prismSls.url, [
    {
      method: "POST",
      path: `/logstores/${LOGSTORE}/consumergroups/${GROUP}?consumer=c1`,
      headers: { "content-type": "application/json" },
      body: "[]",
    },
  ]);
  await stop(prismSls.child);
  console.log("  load: bare Fastify …");
  const bare = await startBareFastify();
  const bareLoad = await load(bare.url, [{ method: "GET", path: "/", headers: {} }]);
  const bareHb = await load(bare.url, hbPool);
  // The floor of the open-model p99 on this machine: the same client and schedule against a route that does no work.
  const bareFixedHb = await openModelLoad(bare.url, hbPool, FIXED_RATE, 3);
  await stop(bare.child);

  const ratio = (a: Load, b: Load) => (b.rps > 0 ? a.rps / b.rps : Number.POSITIVE_INFINITY);
  rows.push(
    {
      what: "specgate ListEventSubEvent (V3 signed), 50 conns",
      value: describeLoad(mockLive),
      target: "",
      verdict: "",
    },
    {
      what: "specgate ConsumerGroupHeartBeat (v1 signed), 50 conns",
      value: describeLoad(mockHb),
      target: "",
      verdict: "",
    },
    {
      what: "Prism ListEventSubEvent (no signatures), 50 conns",
      value: describeLoad(prismLiveLoad),
      target: "",
      verdict: "",
    },
    { what: "Prism ConsumerGroupHeartBeat, 50 conns", value: describeLoad(prismHbLoad), target: "", verdict: "" },
    { what: "bare Fastify GET / (ceiling), 50 conns", value: describeLoad(bareLoad), target: "", verdict: "" },
    {
      what: "bare Fastify, the same signed heartbeats, no work, 50 conns",
      value: `${describeLoad(bareHb)} (${fmt(ratio(bareHb, prismHbLoad), 1)}× Prism)`,
      target: "",
      verdict: "",
    },
    {
      what: "throughput vs Prism, ListEventSubEvent",
      value: `${fmt(ratio(mockLive, prismLiveLoad), 1)}×`,
      target: "≥ 15×",
      verdict: ratio(mockLive, prismLiveLoad) >= 15 ? "PASS" : "MISS",
    },
    {
      what: "throughput vs Prism, heartbeat",
      value: `${fmt(ratio(mockHb, prismHbLoad), 1)}×`,
      target: "≥ 15×",
      verdict: ratio(mockHb, prismHbLoad) >= 15 ? "PASS" : "MISS",
    },
    {
      what: `p99 ListEventSubEvent, open model ${fmt(FIXED_RATE)} req/s, 50 conns`,
      value: describeLoad(fixedLive),
      target: "p99 ≤ 2.5 ms",
      verdict: fixedLive.p99 <= 2.5 ? "PASS" : "MISS",
    },
    {
      what: `p99 heartbeat, open model ${fmt(FIXED_RATE)} req/s, 50 conns`,
      value: describeLoad(fixedHb),
      target: "p99 ≤ 2.5 ms",
      verdict: fixedHb.p99 <= 2.5 ? "PASS" : "MISS",
    },
    {
      what: `  floor: bare Fastify, the same heartbeats, open model ${fmt(FIXED_RATE)} req/s`,
      value: describeLoad(bareFixedHb),
      target: "",
      verdict: "",
    },
  );

  rows.push({ ...heapRow, value: `${heapRow.value}, ${fmt(heapSeconds, 1)} s` });

  // --- heap: an HTTP sample through a server in this process ------------------------------------------------
  const inProcess = await startMock({ faults: { qpsLimit: 1_000_000 } });
  await createGroup(inProcess.url);
  const samplePool = Array.from({ length: 5000 }, (_, i) => heartbeatRequest(`http-consumer-${i}`));
  const sampleRound = async () => {
    for (let batch = 0; batch < samplePool.length; batch += 50) {
      await Promise.all(
        samplePool.slice(batch, batch + 50).map(async (p) => {
          const r = await request(`${inProcess.url}${p.path}`, {
            method: "POST",
            headers: p.headers,
            body: p.body ?? "",
          });
          await r.body.dump();
        }),
      );
    }
  };
  await sampleRound();
  const hA = heapAfterGc();
  for (let round = 0; round < 3; round++) await sampleRound();
  const hB = heapAfterGc();
  await inProcess.close();
  rows.push({
    what: "heap after gc, HTTP sample: 5k consumers × 1 round vs × 4 rounds (20k heartbeats)",
    value: `${fmt(hA / 2 ** 20, 1)} → ${fmt(hB / 2 ** 20, 1)} MiB`,
    target: "growth ≤ 5 MiB",
    verdict: hB - hA <= 5 * 2 ** 20 ? "PASS" : "MISS",
  });

  // --- throughput: an operation answered from its spec (after the heap rows: docgen runs in this process) ------
  console.log("  load: specgate DescribeRegions (spec-driven) …");
  const specDriven = await specDrivenDirectory();
  const vpc = await spawnMock({ cwd: specDriven.dir });
  const regionsPool = Array.from({ length: 60_000 }, regionsRequest);
  const mockRegions = await load(vpc.url, regionsPool);
  const fixedRegions = await openModelLoad(
    vpc.url,
    Array.from({ length: FIXED_RATE * (3 + OPEN_MODEL_WARM_UP_S) + 100 }, regionsRequest),
    FIXED_RATE,
    3,
  );
  await stop(vpc.child);
  specDriven.cleanup();

  rows.push(
    {
      what: "specgate DescribeRegions (V3 signed), from its spec (documented example), 50 conns",
      value: `${describeLoad(mockRegions)} (${fmt(ratio(mockRegions, mockLive), 2)}× ListEventSubEvent)`,
      target: "",
      verdict: "",
    },
    {
      what: `p99 DescribeRegions (spec-driven), open model ${fmt(FIXED_RATE)} req/s, 50 conns`,
      value: describeLoad(fixedRegions),
      target: "p99 ≤ 2.5 ms",
      verdict: fixedRegions.p99 <= 2.5 ? "PASS" : "MISS",
    },
  );

  // --- table ------------------------------------------------------------------------------------------------
  const w0 = Math.max(...rows.map((r) => r.what.length));
  const w1 = Math.max(...rows.map((r) => r.value.length));
  const w2 = Math.max(...rows.map((r) => r.target.length));
  const [load1 = 0] = loadavg();
  console.log(
    `\nspecgate mock bench (${SECONDS} s per load run, ${CONNECTIONS} connections, ${fmt((performance.now() - benchStart) / 1000, 1)} s total; ` +
      `load average ${fmt(load1, 2)} on ${availableParallelism()} cores: other processes depress absolute numbers)`,
  );
  for (const r of rows)
    console.log(`${r.what.padEnd(w0)}  ${r.value.padEnd(w1)}  ${r.target.padEnd(w2)}  ${r.verdict}`);
}

try {
  await main();
} finally {
  await Promise.all(children.map(stop));
  for (const file of tempFiles) rmSync(file, { force: true });
}
