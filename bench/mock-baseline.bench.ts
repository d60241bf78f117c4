// This checkout's mock against another checkout's, side by side in one run: start-up and the cost of the modelled
// operations' requests. The question it answers is "did this change make the mock slower?", which absolute figures
// cannot on a VM whose speed changes by up to 2× from hour to hour: the two mocks take turns, round after round, so
// both see the same machine, and the rows are medians and ratios.
//
//   git worktree add /tmp/specgate-base <ref> && (cd /tmp/specgate-base && npm ci)
//   SPECGATE_BENCH_BASELINE=/tmp/specgate-base npm run bench -- mock-baseline
//
// Without SPECGATE_BENCH_BASELINE it says how to set it and measures nothing. The baseline is run through its own
// `bin/specgate.js mock` (the command line other tools call, docs/design.md), serving its own specs/.
// - start-up: spawn → first 200 on /_specgate/health, and the CPU the process used until then;
// - per request: CPU of the mock process (user + system, from /proc, so Linux only) per 2xx answer, under the
//   same closed-model load (50 connections). CPU per answer is steadier than req/s here, which also moves with
//   the client's and the kernel's share of two vCPUs; req/s is shown beside it.
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join, resolve } from "node:path";
import {
  children,
  createGroup,
  heartbeatRequest,
  liveRequest,
  load,
  type Pooled,
  spawnMock,
  stop,
} from "./mock-harness.ts";

const START_ROUNDS = 12;
const LOAD_ROUNDS = 6;
/** A ratio within this much of 1 is noise on this kind of machine (paired rounds, medians). */
const NOISE = 0.05;

/** CPU ms (user + system) process `pid` has used, from /proc/<pid>/stat (fields 14 and 15, in clock ticks). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  const ticks = Number(fields[11]) + Number(fields[12]);
  // Linux reports in USER_HZ, 100 per second on every architecture Node runs on (proc(5)).
  return ticks * 10;
}

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

interface Sample {
  startMs: number[];
  startCpuMs: number[];
  hbCpuUs: number[];
  hbRps: number[];
  liveCpuUs: number[];
  liveRps: number[];
}

const newSample = (): Sample => ({ startMs: [], startCpuMs: [], hbCpuUs: [], hbRps: [], liveCpuUs: [], liveRps: [] });

async function measureStart(checkout: string, into: Sample): Promise<void> {
  const mock = await spawnMock({ checkout });
  into.startMs.push(mock.readyMs);
  into.startCpuMs.push(cpuMs(mock.child.pid as number));
  await stop(mock.child);
}

/** One load run over `pool`; the mock's CPU µs per 2xx answer and the 2xx answers per second. */
async function measured(url: string, pid: number, pool: Pooled[], replayable: boolean) {
  const before = cpuMs(pid);
  const result = await load(url, pool, { replayable, seconds: 4 });
  const spent = cpuMs(pid) - before;
  return { cpuUs: result.ok > 0 ? (spent * 1000) / result.ok : Number.NaN, rps: result.rps };
}

async function measureLoad(checkout: string, into: Sample): Promise<void> {
  const mock = await spawnMock({ checkout });
  const pid = mock.child.pid as number;
  await createGroup(mock.url);
  const hbPool = Array.from({ length: 2000 }, (_, i) => heartbeatRequest(`consumer-${i}`));
  await load(mock.url, hbPool, { replayable: true, seconds: 2 }); // warm-up: JIT, connections
  const hb = await measured(mock.url, pid, hbPool, true);
  into.hbCpuUs.push(hb.cpuUs);
  into.hbRps.push(hb.rps);
  // V3 requests carry a nonce each: a fresh pool per run, each request sent once.
  await load(mock.url, Array.from({ length: 5000 }, liveRequest), { replayable: false });
  const live = await measured(mock.url, pid, Array.from({ length: 25_000 }, liveRequest), false);
  into.liveCpuUs.push(live.cpuUs);
  into.liveRps.push(live.rps);
  await stop(mock.child);
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

/**
 * A row where lower is better: the medians, and the median of the rounds' own ratios (each round measures both
 * checkouts back to back, so a round's ratio is free of the machine's slower and faster phases, which a ratio of
 * the two medians is not). PASS unless this checkout is worse by more than the noise.
 */
function lowerIsBetter(what: string, unit: string, mine: readonly number[], base: readonly number[], digits = 0) {
  const ratio = median(mine.map((value, round) => value / (base[round] ?? Number.NaN)));
  return {
    what,
    value: `${fmt(median(mine), digits)} vs ${fmt(median(base), digits)} ${unit} (paired ${fmt(ratio, 2)}×)`,
    target: `≤ ${fmt(1 + NOISE, 2)}×`,
    verdict: ratio <= 1 + NOISE ? "PASS" : "MISS",
  };
}

/** The baseline checkout to compare with, or why there is none (a line to print; `error`: a user mistake). */
function readBaseline(): { dir: string } | { skip: string; error?: true } {
  const baseline = process.env.SPECGATE_BENCH_BASELINE;
  if (baseline === undefined || baseline === "")
    return {
      skip:
        "mock-baseline: skipped. Set SPECGATE_BENCH_BASELINE to another checkout (with its npm ci done) to compare " +
        "this mock with it, e.g. git worktree add /tmp/specgate-base <ref> && (cd /tmp/specgate-base && npm ci)",
    };
  const dir = resolve(baseline);
  if (!existsSync(join(dir, "bin/specgate.js")) || !existsSync(join(dir, "node_modules")))
    return {
      skip: `mock-baseline: ${dir} is not a specgate checkout with its dependencies installed (bin/specgate.js, node_modules/): run npm ci there`,
      error: true,
    };
  if (!existsSync("/proc/self/stat"))
    return { skip: "mock-baseline: skipped: CPU per request is read from /proc, which this system lacks (Linux only)" };
  return { dir };
}

/** `rounds` rounds of `measure` on both checkouts, the one going first alternating, so a drift favours neither. */
async function takeTurns(
  rounds: number,
  here: string,
  base: string,
  samples: { mine: Sample; theirs: Sample },
  measure: (checkout: string, into: Sample) => Promise<void>,
): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [here, base] : [base, here];
    for (const checkout of order) await measure(checkout, checkout === here ? samples.mine : samples.theirs);
  }
}

function printTable(base: string, mine: Sample, theirs: Sample): void {
  const rows = [
    lowerIsBetter("start-up: spawn → first 200 on health, median", "ms", mine.startMs, theirs.startMs),
    lowerIsBetter("start-up: CPU used until ready, median", "ms", mine.startCpuMs, theirs.startCpuMs),
    lowerIsBetter("ConsumerGroupHeartBeat: mock CPU per 2xx answer", "µs", mine.hbCpuUs, theirs.hbCpuUs, 1),
    lowerIsBetter("ListEventSubEvent: mock CPU per 2xx answer", "µs", mine.liveCpuUs, theirs.liveCpuUs, 1),
    {
      what: "  2xx answers per second (heartbeat; ListEventSubEvent), medians",
      value: `${fmt(median(mine.hbRps))}; ${fmt(median(mine.liveRps))} vs ${fmt(median(theirs.hbRps))}; ${fmt(median(theirs.liveRps))}`,
      target: "",
      verdict: "",
    },
  ];
  const [load1 = 0] = loadavg();
  console.log(
    `\nthis checkout vs ${base} (${START_ROUNDS} start-up rounds, ${LOAD_ROUNDS} load rounds, taking turns; ` +
      `load average ${fmt(load1, 2)} on ${availableParallelism()} cores)`,
  );
  const w0 = Math.max(...rows.map((r) => r.what.length));
  const w1 = Math.max(...rows.map((r) => r.value.length));
  for (const r of rows) console.log(`${r.what.padEnd(w0)}  ${r.value.padEnd(w1)}  ${r.target.padEnd(8)}  ${r.verdict}`);
}

async function main(): Promise<void> {
  const baseline = readBaseline();
  if ("skip" in baseline) {
    (baseline.error === true ? console.error : console.log)(baseline.skip);
    if (baseline.error === true) process.exitCode = 2;
    return;
  }
  const base = baseline.dir;
  const here = process.cwd();
  const samples = { mine: newSample(), theirs: newSample() };
  // Each side starts once unmeasured: a bundle built or a compile cache written on first use is not start-up.
  for (const checkout of [here, base]) await measureStart(checkout, newSample());
  await takeTurns(START_ROUNDS, here, base, samples, measureStart);
  await takeTurns(LOAD_ROUNDS, here, base, samples, (checkout, into) => {
    console.log(`  load: ${checkout === here ? "this checkout" : base} …`);
    return measureLoad(checkout, into);
  });
  printTable(base, samples.mine, samples.theirs);
}

try {
  await main();
} finally {
  await Promise.all(children.map(stop));
}
