// The timer thread and the real scheduler's two wake modes, on real time but kept short (< 1 s in
// all). Precision is measured in bench/engine.bench.ts; here only what must always hold: never early,
// in order, aborts release waits, and nothing keeps the process alive.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { createRealScheduler, type WakeMode } from "../../src/engine/scheduler.ts";
import { getTimerThread, type TimerThread } from "../../src/engine/timer-thread.ts";

/** The shared thread, once it is running (it takes some milliseconds to start). */
async function runningThread(): Promise<TimerThread> {
  const thread = getTimerThread();
  assert.ok(thread, "worker threads and Atomics.waitAsync exist on Node ≥ 20");
  for (let i = 0; i < 200 && !thread.usable; i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(thread.usable, "the timer thread came online");
  return thread;
}

test("timer thread: concurrent waits resolve in deadline order, none before its time", async () => {
  const thread = await runningThread();
  const base = performance.now() + 5;
  // Deliberately registered out of order, with a tie (3 ms twice: the earlier registration first).
  const offsets = [9, 3, 6, 3, 1, 12];
  const woke: { i: number; early: number }[] = [];
  await Promise.all(
    offsets.map((o, i) =>
      thread.wakeAt(base + o).then(() => {
        woke.push({ i, early: base + o - performance.now() });
      }),
    ),
  );
  assert.deepEqual(
    woke.map((w) => w.i),
    [4, 1, 3, 2, 0, 5],
  );
  for (const w of woke) assert.ok(w.early <= 0, `wait ${w.i} woke ${w.early} ms early`);
  assert.equal(thread.pending, 0);
});

test("timer thread: an aborted wait resolves at once and leaves the others queued", async () => {
  const thread = await runningThread();
  const ctl = new AbortController();
  const start = performance.now();
  const long = thread.wakeAt(start + 60_000, ctl.signal);
  const short = thread.wakeAt(start + 10);
  assert.equal(thread.pending, 2);
  setTimeout(() => ctl.abort(), 1);
  await long;
  assert.ok(performance.now() - start < 1000, "the aborted wait did not run its course");
  await short;
  assert.ok(performance.now() - start >= 10);
  assert.equal(thread.pending, 0);
  // A signal already aborted never queues.
  await thread.wakeAt(performance.now() + 60_000, AbortSignal.abort());
  assert.equal(thread.pending, 0);
});

for (const wake of ["thread", "poll"] as WakeMode[]) {
  test(`real scheduler (${wake}): a paced loop never wakes early and keeps its count`, async () => {
    const s = createRealScheduler({ wake });
    await runningThread();
    const t0 = s.clock.monotonicMs();
    const early: number[] = [];
    // 60 wakes 2 ms apart (500/s), plus one long wait that crosses the thread handoff (> 20 ms).
    for (let i = 1; i <= 60; i++) {
      const target = t0 + i * 2;
      await s.sleepUntil(target);
      const d = s.clock.monotonicMs() - target;
      if (d < 0) early.push(d);
    }
    const far = s.clock.monotonicMs() + 35;
    await s.sleepUntil(far);
    if (s.clock.monotonicMs() < far) early.push(s.clock.monotonicMs() - far);
    assert.deepEqual(early, []);
  });
}

test("real scheduler: an injected clock with another origin still wakes on time", async () => {
  const offset = 1_000_000; // a clock far from performance.now()
  const clock = { monotonicMs: () => performance.now() + offset, wallMs: () => Date.now() };
  const s = createRealScheduler({ clock });
  await runningThread();
  const target = clock.monotonicMs() + 8;
  await s.sleepUntil(target);
  const late = clock.monotonicMs() - target;
  assert.ok(late >= 0 && late < 1000, `woke ${late} ms after the target`);
});

test("timer thread: a process that used it exits on its own (the thread is unref'd)", () => {
  const script = `
    import { createRealScheduler } from ${JSON.stringify(fileURLToPath(new URL("../../src/engine/scheduler.ts", import.meta.url)))};
    const s = createRealScheduler();
    await new Promise((r) => setTimeout(r, 50));
    await s.sleepUntil(s.clock.monotonicMs() + 5);
    console.log("slept");
  `;
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    encoding: "utf8",
    timeout: 15_000,
  });
  assert.equal(r.signal, null, "the process had to be killed: something kept it alive");
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), "slept");
});
