import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { Writable } from "node:stream";
import { test } from "node:test";
import { listenForInterrupt } from "../../src/engine/interrupt-signal.ts";
import { createProgressBar, shouldShowProgress } from "../../src/engine/progress-bar.ts";
import { runLoad } from "../../src/engine/run-load.ts";
import { VirtualScheduler } from "../../src/engine/virtual-scheduler.ts";

function capture(isTTY: boolean): Writable & { isTTY: boolean; columns: number; text: () => string } {
  const chunks: string[] = [];
  const w = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  return Object.assign(w, { isTTY, columns: 120, text: () => chunks.join("") });
}

async function runWith(listener: ReturnType<typeof createProgressBar>): Promise<void> {
  await runLoad({
    scheduler: new VirtualScheduler(),
    onEvent: listener,
    scenarios: {
      a: { executor: "constant-arrival-rate", rate: 10, duration: "3s", preAllocatedVUs: 1, exec: (c) => c.sleep(5) },
    },
  });
}

test("the progress bar draws on a TTY and shows the run's figures", async () => {
  const out = capture(true);
  await runWith(createProgressBar({ stream: out, env: {} }));
  const text = out.text();
  assert.match(text, /100% \| 3s\/3s \| 10 it\/s \| p95 5\.0 ms \| dropped 0/);
});

test("no output when the stream is not a TTY or CI=true", async () => {
  for (const [isTTY, env] of [
    [false, {}],
    [true, { CI: "true" }],
  ] as const) {
    const out = capture(isTTY);
    assert.equal(shouldShowProgress({ stream: out, env }), false);
    await runWith(createProgressBar({ stream: out, env }));
    assert.equal(out.text(), "");
  }
});

test("SIGINT/SIGTERM abort the signal once; dispose removes the handlers", () => {
  const source = new EventEmitter();
  const a = listenForInterrupt(source);
  assert.equal(a.signal.aborted, false);
  source.emit("SIGINT");
  assert.equal(a.signal.aborted, true);
  a.dispose();
  assert.equal(source.listenerCount("SIGTERM"), 0);
  const b = listenForInterrupt(source);
  b.dispose();
  assert.equal(source.listenerCount("SIGINT"), 0);
  assert.equal(b.signal.aborted, false);
});
