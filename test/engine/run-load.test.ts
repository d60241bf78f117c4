import assert from "node:assert/strict";
import { test } from "node:test";
import type { EngineEvent } from "../../src/engine/engine-events.ts";
import type { EngineLogger } from "../../src/engine/iteration-context.ts";
import { recordHttp } from "../../src/engine/record-http.ts";
import { runLoad } from "../../src/engine/run-load.ts";
import { VirtualScheduler } from "../../src/engine/virtual-scheduler.ts";

const quietLog = (): EngineLogger & { lines: string[] } => {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
};

test("constant-arrival-rate starts exactly rate×duration iterations on the absolute timeline", async () => {
  const s = new VirtualScheduler();
  const t0 = s.clock.monotonicMs();
  const starts: number[] = [];
  const actual: number[] = [];
  const result = await runLoad({
    scheduler: s,
    log: quietLog(),
    scenarios: {
      steady: {
        executor: "constant-arrival-rate",
        rate: 50,
        duration: "2s",
        preAllocatedVUs: 5,
        exec: async (ctx) => {
          starts.push(ctx.intendedStartMs - t0);
          actual.push(ctx.clock.monotonicMs() - t0);
          await ctx.sleep(15);
        },
      },
    },
  });
  assert.equal(starts.length, 100);
  for (const [i, x] of starts.entries()) assert.ok(Math.abs(x - i * 20) < 1e-9, `start ${i} at ${x}`);
  assert.deepEqual(actual, starts); // virtual time: no deviation
  assert.equal(result.scenarios.steady?.iterations, 100);
  assert.equal(result.scenarios.steady?.dropped, 0);
  assert.equal(result.metrics.iterations?.values.count, 100);
  assert.equal(result.metrics.schedule_deviation?.values.max, 0);
  assert.equal(result.metrics.iteration_duration?.values.avg, 15);
  assert.equal(s.pendingWaits, 0);
});

test("ramping-arrival-rate follows the stages and exposes the stage index to tag samples", async () => {
  const s = new VirtualScheduler();
  const t0 = s.clock.monotonicMs();
  const byStage = new Map<number, number[]>();
  const result = await runLoad({
    scheduler: s,
    log: quietLog(),
    subMetrics: ["iterations{stage:2x}"],
    scenarios: {
      ramp: {
        executor: "ramping-arrival-rate",
        startRate: 50,
        stages: [
          { target: 50, duration: "1s" },
          { target: 100, duration: "1s" },
          { target: 100, duration: "1s" },
        ],
        preAllocatedVUs: 2,
        maxVUs: 20,
        exec: (ctx) => {
          const list = byStage.get(ctx.stageIndex) ?? [];
          list.push(ctx.intendedStartMs - t0);
          byStage.set(ctx.stageIndex, list);
          ctx.metrics
            .withTags({ stage: ctx.stageIndex === 0 ? "1x" : "2x" })
            .counter("marks")
            .add();
        },
      },
    },
  });
  assert.equal(byStage.get(0)?.length, 50);
  assert.equal(byStage.get(1)?.length, 75); // area of a 50→100/s ramp over 1 s
  assert.equal(byStage.get(2)?.length, 100);
  assert.ok(Math.abs((byStage.get(0)?.[0] ?? 0) - 20) < 1e-9); // first start when the area reaches 1
  assert.equal(result.scenarios.ramp?.iterations, 225);
  assert.equal(result.durationMs, 3000);
  assert.equal(result.metrics.marks?.values.count, 225);
});

test("when every VU is busy the iteration is dropped and counted, never queued", async () => {
  const s = new VirtualScheduler();
  const t0 = s.clock.monotonicMs();
  const started: number[] = [];
  const result = await runLoad({
    scheduler: s,
    log: quietLog(),
    thresholds: { dropped_iterations: ["count==0"] },
    scenarios: {
      slow: {
        executor: "constant-arrival-rate",
        rate: 10,
        duration: "2s",
        preAllocatedVUs: 1,
        maxVUs: 2,
        exec: async (ctx) => {
          started.push(ctx.intendedStartMs - t0);
          await ctx.sleep(350);
        },
      },
    },
  });
  // Starts every 100 ms, each VU busy 350 ms: a VU is free again at the 4th slot after its start.
  assert.deepEqual(
    started.map((x) => Math.round(x)),
    [0, 100, 400, 500, 800, 900, 1200, 1300, 1600, 1700],
  );
  assert.equal(result.scenarios.slow?.dropped, 10);
  assert.equal(result.metrics.dropped_iterations?.values.count, 10);
  assert.equal(result.scenarios.slow?.vusAllocated, 2);
  assert.equal(result.thresholds.ok, false);
  assert.deepEqual(result.metrics.dropped_iterations?.thresholds, { "count==0": { ok: false, observed: 10 } });
});

test("no coordinated omission: iterations started late by a stalled event loop report the full delay", async () => {
  const s = new VirtualScheduler();
  const fromActualStart: number[] = [];
  const result = await runLoad({
    scheduler: s,
    log: quietLog(),
    scenarios: {
      co: {
        executor: "constant-arrival-rate",
        rate: 10,
        duration: "1s",
        preAllocatedVUs: 20,
        exec: async (ctx) => {
          // Iteration 2 blocks the event loop for 500 ms (a GC pause, a sync JSON.parse…).
          if (ctx.iteration === 2) s.clock.advance(500);
          const sentAt = ctx.clock.monotonicMs();
          await ctx.sleep(10);
          fromActualStart.push(ctx.clock.monotonicMs() - sentAt);
          recordHttp(ctx.metrics, { status: 200, durationMs: ctx.sinceIntendedStartMs() });
        },
      },
    },
  });
  // Starts 3–7 were due at 300…700 ms but ran at 700 ms: deviation 400, 300, 200, 100, 0.
  const dev = result.metrics.schedule_deviation?.values;
  assert.equal(dev?.count, 10);
  assert.equal(dev?.max, 400);
  assert.ok(Math.abs((dev?.avg ?? 0) - 100) < 1e-6);
  const d = result.metrics.http_req_duration?.values;
  assert.equal(d?.max, 510); // iteration 2 itself: 500 ms stall + 10 ms
  assert.ok((d?.["p(90)"] ?? 0) >= 410, `p90 ${d?.["p(90)"]}`); // iteration 3: 400 ms late + 10 ms
  // The closed-model view (from when the request went out) would have seen 10 ms everywhere.
  assert.ok(fromActualStart.every((x) => x === 10));
  assert.equal(result.metrics.iteration_duration?.values.max, 510);
});

test("setup data reaches iterations and teardown; Ctrl-C aborts, teardown runs, the result is partial", async () => {
  const s = new VirtualScheduler();
  const ctl = new AbortController();
  const seen = new Set<string>();
  let teardownData: unknown;
  let interruptedSignals = 0;
  void s.sleepUntil(s.clock.monotonicMs() + 1500).then(() => ctl.abort());
  const result = await runLoad({
    scheduler: s,
    log: quietLog(),
    signal: ctl.signal,
    setup: () => ({ token: "t-1" }),
    teardown: (data) => {
      teardownData = data;
    },
    scenarios: {
      long: {
        executor: "constant-arrival-rate",
        rate: 10,
        duration: "60s",
        preAllocatedVUs: 10,
        exec: async (ctx) => {
          seen.add(ctx.data.token);
          await ctx.sleep(250);
          if (ctx.signal.aborted) {
            interruptedSignals++;
            throw new Error("aborted");
          }
        },
      },
    },
  });
  assert.deepEqual([...seen], ["t-1"]);
  assert.deepEqual(teardownData, { token: "t-1" });
  assert.equal(result.aborted, true);
  assert.equal(result.abortReason, "signal");
  assert.equal(result.durationMs, 1500);
  // Starts at 0…1400 ms (the abort at 1500 ms wins the tie with the 16th start). Those started by
  // 1200 ms had finished (250 ms each); the two started at 1300 and 1400 ms were interrupted.
  assert.equal(result.metrics.schedule_deviation?.values.count, 15);
  assert.equal(result.scenarios.long?.iterations, 13);
  assert.equal(result.scenarios.long?.interrupted, 2);
  assert.equal(interruptedSignals, 2);
});

test("abortOnFail stops the run at the first 2-second evaluation after delayAbortEval", async () => {
  const s = new VirtualScheduler();
  const events: EngineEvent[] = [];
  const result = await runLoad({
    scheduler: s,
    log: quietLog(),
    onEvent: (e) => events.push(e),
    thresholds: {
      http_req_failed: [{ threshold: "rate<0.1", abortOnFail: true, delayAbortEval: "3s" }],
      http_req_duration: ["p(95)<1000"],
    },
    scenarios: {
      failing: {
        executor: "constant-arrival-rate",
        rate: 20,
        duration: "30s",
        preAllocatedVUs: 5,
        exec: (ctx) => recordHttp(ctx.metrics, { status: 503, durationMs: 5 }),
      },
    },
  });
  assert.equal(result.aborted, true);
  assert.equal(result.abortReason, "threshold");
  assert.equal(result.durationMs, 4000);
  const failed = events.filter((e) => e.type === "threshold-failed");
  assert.equal(failed.length, 2); // seen at 2 s (too early to abort), aborting at 4 s
  assert.deepEqual(
    failed.map((e) => e.type === "threshold-failed" && [e.elapsedMs, e.aborting]),
    [
      [2000, false],
      [4000, true],
    ],
  );
  assert.deepEqual(
    result.thresholds.results.map((r) => [r.metric, r.ok]),
    [
      ["http_req_failed", false],
      ["http_req_duration", true],
    ],
  );
});

test("sub-metric thresholds select by tag, and the per-second series count each second's iterations", async () => {
  const s = new VirtualScheduler();
  const result = await runLoad({
    scheduler: s,
    log: quietLog(),
    thresholds: {
      "http_req_duration{stage:1x}": ["p(95)<50"],
      "http_req_duration{stage:2x}": ["p(95)<50"],
      "http_reqs{status:503}": ["count<5"],
    },
    scenarios: {
      burst: {
        executor: "ramping-arrival-rate",
        startRate: 10,
        stages: [
          { target: 10, duration: "2s" },
          { target: 20, duration: "0s" },
          { target: 20, duration: "2s" },
        ],
        preAllocatedVUs: 50,
        exec: async (ctx) => {
          const over = ctx.stageIndex === 2;
          await ctx.sleep(over ? 80 : 20);
          recordHttp(ctx.metrics, {
            status: over ? 503 : 200,
            durationMs: ctx.sinceIntendedStartMs(),
            tags: { stage: over ? "2x" : "1x" },
          });
        },
      },
    },
  });
  const byKey = Object.fromEntries(result.thresholds.results.map((r) => [r.metric, r]));
  assert.equal(byKey["http_req_duration{stage:1x}"]?.ok, true);
  assert.equal(byKey["http_req_duration{stage:1x}"]?.observed, 20);
  assert.equal(byKey["http_req_duration{stage:2x}"]?.ok, false);
  assert.equal(byKey["http_req_duration{stage:2x}"]?.observed, 80);
  assert.equal(byKey["http_reqs{status:503}"]?.observed, 40);
  assert.equal(result.metrics["http_req_duration{stage:2x}"]?.values.count, 40);
  assert.equal(result.series.seconds, 5); // 4 s schedule + the last iteration's 80 ms
  // Starts per second (deviation is recorded at the start): 100…900 ms, 1000…1900, 2000 + 2050…2950,
  // 3000…3950, 4000 (a ramping start happens when the area reaches 1, 2, …).
  assert.deepEqual(result.series.metrics.schedule_deviation?.count, [9, 10, 20, 20, 1]);
  // Completions per second: 20 ms later in stages 0–1, 80 ms later in stage 2.
  assert.deepEqual(result.series.metrics.iterations?.count, [9, 10, 19, 20, 2]);
  assert.deepEqual(result.series.metrics["http_reqs{status:503}"]?.count, [0, 0, 18, 20, 2]);
});

test("events: run-started first, a tick per second, scenario events, run-finished last with the result", async () => {
  const s = new VirtualScheduler();
  const events: EngineEvent[] = [];
  const result = await runLoad({
    scheduler: s,
    log: quietLog(),
    onEvent: (e) => events.push(e),
    scenarios: {
      a: { executor: "constant-arrival-rate", rate: 5, duration: "3s", preAllocatedVUs: 1, exec: () => {} },
      b: { executor: "per-vu-iterations", vus: 2, iterations: 3, startTime: "1s", exec: (ctx) => ctx.sleep(100) },
    },
  });
  const types = events.map((e) => e.type);
  assert.equal(types[0], "run-started");
  assert.equal(types.at(-1), "run-finished");
  assert.deepEqual(
    types.filter((t) => t.startsWith("scenario")),
    ["scenario-started", "scenario-started", "scenario-finished", "scenario-finished"],
  );
  const ticks = events.filter((e) => e.type === "tick");
  assert.deepEqual(
    ticks.map((t) => t.type === "tick" && t.second),
    [0, 1, 2], // the run lasts exactly 3 s: three whole seconds
  );
  const first = ticks[0];
  assert.ok(first?.type === "tick" && first.metrics.iterations?.count === 5);
  const last = events.at(-1);
  assert.ok(last?.type === "run-finished" && last.result === result);
  assert.equal(result.scenarios.b?.iterations, 6);
  assert.equal(result.scenarios.b?.vusAllocated, 2);
});

test("constant-vus loops each VU for the duration (closed model)", async () => {
  const s = new VirtualScheduler();
  const perVu = new Map<number, number>();
  const result = await runLoad({
    scheduler: s,
    log: quietLog(),
    scenarios: {
      heartbeat: {
        executor: "constant-vus",
        vus: 3,
        duration: "1s",
        exec: async (ctx) => {
          perVu.set(ctx.vu, (perVu.get(ctx.vu) ?? 0) + 1);
          await ctx.sleep(100);
        },
      },
    },
  });
  assert.deepEqual([...perVu.values()], [10, 10, 10]);
  assert.equal(result.scenarios.heartbeat?.iterations, 30);
  assert.equal(result.durationMs, 1000);
});

test("gracefulStop interrupts iterations that outlive it; the hard time limit aborts runaway runs", async () => {
  const s = new VirtualScheduler();
  const log = quietLog();
  const result = await runLoad({
    scheduler: s,
    log,
    hardTimeLimit: "5s",
    interruptGrace: "1s",
    scenarios: {
      stuck: {
        executor: "constant-arrival-rate",
        rate: 1,
        duration: "2s",
        preAllocatedVUs: 2,
        gracefulStop: "10s",
        // Ignores its signal: waits 1 h on the scheduler.
        exec: () => s.sleepUntil(s.clock.monotonicMs() + 3_600_000),
      },
    },
  });
  assert.equal(result.aborted, true);
  assert.equal(result.abortReason, "time-limit");
  assert.equal(result.scenarios.stuck?.interrupted, 2);
  assert.equal(result.durationMs, 6000); // 5 s limit + 1 s grace
  assert.ok(log.lines.some((l) => /hard time limit/.test(l)));
  assert.ok(log.lines.some((l) => /ignored the abort signal/.test(l)));

  const s2 = new VirtualScheduler();
  const graceful = await runLoad({
    scheduler: s2,
    log: quietLog(),
    scenarios: {
      slowEnd: {
        executor: "constant-arrival-rate",
        rate: 1,
        duration: "1s",
        preAllocatedVUs: 1,
        gracefulStop: "2s",
        exec: async (ctx) => {
          await ctx.sleep(5000);
          if (ctx.signal.aborted) throw new Error("interrupted");
        },
      },
    },
  });
  assert.equal(graceful.aborted, false);
  assert.equal(graceful.scenarios.slowEnd?.interrupted, 1);
  assert.equal(graceful.scenarios.slowEnd?.iterations, 0);
  assert.equal(graceful.durationMs, 3000);
});

test("errors in iterations are counted and logged; a failing setup rejects; a failing teardown is reported", async () => {
  const log = quietLog();
  const result = await runLoad({
    scheduler: new VirtualScheduler(),
    log,
    teardown: () => {
      throw new Error("cleanup failed");
    },
    scenarios: {
      flaky: {
        executor: "per-vu-iterations",
        vus: 1,
        iterations: 4,
        exec: (ctx) => {
          if (ctx.iteration % 2 === 1) throw new Error(`boom ${ctx.iteration}`);
        },
      },
    },
  });
  assert.equal(result.scenarios.flaky?.errors, 2);
  assert.equal(result.scenarios.flaky?.iterations, 4);
  assert.ok(log.lines.some((l) => l.includes("scenario flaky, VU 1, iteration 1: boom 1")));
  assert.deepEqual(result.errors, ["teardown() failed: cleanup failed"]);

  await assert.rejects(
    runLoad({
      scheduler: new VirtualScheduler(),
      log: quietLog(),
      setup: () => {
        throw new Error("no credentials");
      },
      scenarios: { x: { executor: "per-vu-iterations", exec: () => {} } },
    }),
    /setup\(\) failed: no credentials/,
  );
});

test("invalid options fail before anything runs, naming the option", async () => {
  const run = (opts: Parameters<typeof runLoad>[0]) =>
    runLoad({ scheduler: new VirtualScheduler(), log: quietLog(), ...opts });
  const exec = () => {};
  await assert.rejects(run({ scenarios: {} }), /define at least one scenario/);
  await assert.rejects(
    run({
      scenarios: { a: { executor: "constant-arrival-rate", rate: 5, duration: "5 sec", preAllocatedVUs: 1, exec } },
    }),
    /scenarios\.a\.duration: "5 sec" is not a duration/,
  );
  await assert.rejects(
    run({
      scenarios: {
        a: { executor: "constant-arrival-rate", rate: 5, duration: "5s", preAllocatedVUs: 4, maxVUs: 2, exec },
      },
    }),
    /scenarios\.a\.maxVUs: 2 is not valid; it must be an integer ≥ 4/,
  );
  await assert.rejects(
    run({ scenarios: { a: { executor: "shared-iterations", exec } as never } }),
    /scenarios\.a\.executor: "shared-iterations" is not supported/,
  );
  await assert.rejects(
    run({ scenarios: { a: { executor: "ramping-arrival-rate", stages: [], preAllocatedVUs: 1, exec } } }),
    /scenarios\.a\.stages: give at least one stage/,
  );
  await assert.rejects(
    run({
      thresholds: { dropped_iterations: ["p(95)<1"] },
      scenarios: { a: { executor: "per-vu-iterations", exec } },
    }),
    /threshold "p\(95\)<1" on metric "dropped_iterations": "p\(95\)" does not apply to a counter metric/,
  );
  await assert.rejects(
    run({ thresholds: { http_req_duration: ["p95<1"] }, scenarios: { a: { executor: "per-vu-iterations", exec } } }),
    /threshold "p95<1" on metric "http_req_duration".*did you mean "p\(95\)"/,
  );
});
