// Real time, kept short (≈ 0.4 s): the real scheduler never starts an iteration before its intended
// time, runs every planned start against a loopback server, and measures latency from the schedule.
// No timing thresholds are asserted here (timing belongs in bench/engine.bench.ts).
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { Pool } from "undici";
import { recordHttp } from "../../src/engine/record-http.ts";
import { runLoad } from "../../src/engine/run-load.ts";
import { createRealScheduler } from "../../src/engine/scheduler.ts";

test("real scheduler: every start happens, none early, against a loopback server", async (t) => {
  const server = createServer((_req, res) => res.end("ok"));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: 4 });
  t.after(async () => {
    await pool.close();
    await new Promise((r) => server.close(r));
  });
  const early: number[] = [];
  const result = await runLoad({
    scheduler: createRealScheduler(),
    scenarios: {
      probe: {
        executor: "constant-arrival-rate",
        rate: 100,
        duration: "300ms",
        preAllocatedVUs: 10,
        maxVUs: 30, // one per start: a slow machine must not turn into drops here
        exec: async (ctx) => {
          const lag = ctx.sinceIntendedStartMs();
          if (lag < 0) early.push(lag);
          const res = await pool.request({ path: "/", method: "GET", signal: ctx.signal });
          await res.body.text();
          recordHttp(ctx.metrics, { status: res.statusCode, durationMs: ctx.sinceIntendedStartMs() });
        },
      },
    },
  });
  assert.deepEqual(early, []);
  assert.equal(result.scenarios.probe?.dropped, 0);
  assert.equal(result.metrics.http_reqs?.values.count, 30);
  assert.equal(result.metrics.http_req_failed?.values.rate, 0);
  assert.ok((result.metrics.schedule_deviation?.values.min ?? -1) >= 0);
  assert.equal(result.aborted, false);
});

test("real scheduler: sleepUntil wakes early when its signal aborts", async () => {
  const s = createRealScheduler();
  const ctl = new AbortController();
  const start = s.clock.monotonicMs();
  setTimeout(() => ctl.abort(), 20);
  await s.sleepUntil(start + 60_000, ctl.signal);
  assert.ok(s.clock.monotonicMs() - start < 30_000);
});
