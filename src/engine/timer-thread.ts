/**
 * Sub-millisecond wake-ups without polling. Node timers count whole milliseconds (libuv's loop time
 * is truncated to 1 ms and `epoll_wait` takes a millisecond timeout), so a `setTimeout` lands anywhere
 * from ~1 ms early to ~1 ms late; closing that gap by polling `setImmediate` costs a core at 500/s.
 *
 * Here a helper thread does the waiting: it sleeps in `Atomics.wait`, whose timeout is fractional
 * milliseconds (a futex with a high-resolution timeout), until the earliest deadline, then
 * `Atomics.notify`s the main thread. The main thread waits in `Atomics.waitAsync`, so it stays in
 * its event loop — serving sockets, not spinning — and wakes through the loop's async handle.
 * Deadlines cross threads on `process.hrtime` (CLOCK_MONOTONIC, shared by all threads).
 */
import { Worker } from "node:worker_threads";

/** Int32 slots of the shared control block. */
const GEN = 0; // bumped by the main thread whenever the deadline changes
const FIRED = 1; // bumped by the helper thread when the deadline has passed

// The helper thread, as plain CommonJS (eval'd: it needs no loader). After firing it waits for the
// main thread to re-arm (bump GEN), so one deadline fires once.
const THREAD_SOURCE = `
const { workerData } = require("node:worker_threads");
const ctl = new Int32Array(workerData, 0, 2);
const deadline = new Float64Array(workerData, 8, 1);
for (;;) {
  const gen = Atomics.load(ctl, ${GEN});
  const at = deadline[0];
  if (Atomics.load(ctl, ${GEN}) !== gen) continue; // re-armed while reading: read again
  const left = at - Number(process.hrtime.bigint()) / 1e6;
  if (left > 0) {
    Atomics.wait(ctl, ${GEN}, gen, left);
    continue;
  }
  Atomics.add(ctl, ${FIRED}, 1);
  Atomics.notify(ctl, ${FIRED});
  while (Atomics.load(ctl, ${GEN}) === gen) Atomics.wait(ctl, ${GEN}, gen);
}
`;

type WaitAsyncResult = { async: false; value: string } | { async: true; value: Promise<string> };
// ES2024 (`Atomics.waitAsync`, Node ≥ 16) is beyond this project's `lib`; declare the one call used.
const waitAsync = (Atomics as unknown as { waitAsync?: (a: Int32Array, i: number, v: number) => WaitAsyncResult })
  .waitAsync;

const hrNowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/**
 * Wake-up latency tracking: the main thread runs ~0.1–0.3 ms after the thread's notification (more
 * when the loop has been idle long). A stochastic 90th-percentile estimate (fixed steps up by 0.9,
 * down by 0.1, so one stall moves it by one step only) lets callers ask to be woken that much early.
 */
const LATENCY_QUANTILE = 0.9;
const LATENCY_STEP_MS = 0.01;
const LATENCY_MIN_MS = 0.05;
const LATENCY_MAX_MS = 0.5;

interface Waiter {
  /** Wake-up time on `performance.now()`. */
  at: number;
  seq: number;
  resolve: () => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/** One helper thread and the queue of main-thread waits it serves (one per process, see {@link getTimerThread}). */
export class TimerThread {
  readonly #ctl: Int32Array;
  readonly #deadline: Float64Array;
  readonly #worker: Worker;
  // A referenced handle while anything waits: a pending `waitAsync` does not keep Node alive.
  readonly #keepAlive: NodeJS.Timeout;
  #queue: Waiter[] = [];
  #seq = 0;
  #listening = false;
  #online = false;
  #broken = false;
  #latencyMs = 0.2;

  constructor() {
    const shared = new SharedArrayBuffer(16);
    this.#ctl = new Int32Array(shared, 0, 2);
    this.#deadline = new Float64Array(shared, 8, 1);
    this.#deadline[0] = Number.POSITIVE_INFINITY;
    this.#worker = new Worker(THREAD_SOURCE, { eval: true, workerData: shared, name: "specgate-timer" });
    this.#worker.unref();
    this.#worker.once("online", () => {
      this.#online = true;
    });
    // If the thread dies, release every waiter now; callers see an early wake-up and finish on timers.
    const fail = (): void => {
      this.#broken = true;
      const queue = this.#queue;
      this.#queue = [];
      for (const w of queue) this.#settle(w);
      this.#keepAlive.unref();
    };
    this.#worker.on("error", fail);
    this.#worker.on("exit", fail);
    this.#keepAlive = setInterval(() => {}, 1 << 30);
    this.#keepAlive.unref();
  }

  /** True once the helper thread runs (it takes ~30 ms to start) and until it dies. */
  get usable(): boolean {
    return this.#online && !this.#broken;
  }

  /** About the 90th percentile of how late the event loop runs after a deadline (ms, 0.05–0.5). */
  get wakeLatencyMs(): number {
    return this.#latencyMs;
  }

  /** Waits currently queued (for tests). */
  get pending(): number {
    return this.#queue.length;
  }

  /**
   * Resolves once `performance.now() >= at` (give or take the thread's ~0.1 ms wake-up), or early when
   * `signal` aborts. Ties resolve in the order the waits were made.
   */
  wakeAt(at: number, signal?: AbortSignal): Promise<void> {
    if (this.#broken || signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const w: Waiter = { at, seq: this.#seq++, resolve, signal, onAbort: undefined };
      if (signal) {
        w.onAbort = () => {
          const i = this.#queue.indexOf(w);
          if (i >= 0) this.#queue.splice(i, 1);
          resolve();
          if (i === 0) this.#arm();
        };
        signal.addEventListener("abort", w.onAbort, { once: true });
      }
      if (this.#insert(w) === 0) this.#arm();
    });
  }

  #settle(w: Waiter): void {
    if (w.onAbort) w.signal?.removeEventListener("abort", w.onAbort);
    w.resolve();
  }

  /** Sorted insert by (at, seq); returns the index. Few waits are due within the handoff window at once. */
  #insert(w: Waiter): number {
    const q = this.#queue;
    let i = q.length;
    while (i > 0 && (q[i - 1] as Waiter).at > w.at) i--;
    q.splice(i, 0, w);
    return i;
  }

  /** Points the thread at the earliest wait (or at nothing), and listens for its notification. */
  #arm(): void {
    const head = this.#queue[0];
    // Read FIRED before re-arming: a deadline already past fires at once, and that notification
    // must count as news to the waitAsync below (else it is missed and the wait hangs).
    const seen = Atomics.load(this.#ctl, FIRED);
    this.#deadline[0] = head ? hrNowMs() + (head.at - performance.now()) : Number.POSITIVE_INFINITY;
    Atomics.add(this.#ctl, GEN, 1);
    Atomics.notify(this.#ctl, GEN);
    if (!head) {
      this.#keepAlive.unref();
      return;
    }
    this.#keepAlive.ref();
    if (this.#listening || !waitAsync) return;
    this.#listening = true;
    const r = waitAsync(this.#ctl, FIRED, seen);
    if (r.async) void r.value.then(this.#onFired);
    else queueMicrotask(this.#onFired);
  }

  readonly #onFired = (): void => {
    this.#listening = false;
    const now = performance.now();
    const q = this.#queue;
    let due = 0;
    while (due < q.length && (q[due] as Waiter).at <= now) due++;
    const ready = q.splice(0, due);
    if (due > 0) {
      const late = now - (ready[0] as Waiter).at;
      const step =
        late > this.#latencyMs ? LATENCY_STEP_MS * LATENCY_QUANTILE : -LATENCY_STEP_MS * (1 - LATENCY_QUANTILE);
      this.#latencyMs = Math.min(LATENCY_MAX_MS, Math.max(LATENCY_MIN_MS, this.#latencyMs + step));
    }
    this.#arm(); // always: the thread waits for a new generation after firing
    for (const w of ready) this.#settle(w);
  };
}

let shared: TimerThread | undefined;
let unavailable = false;

/**
 * The process's timer thread, started on first use; undefined where threads or `Atomics.waitAsync`
 * are unavailable (callers then fall back to timers and polling).
 */
export function getTimerThread(): TimerThread | undefined {
  if (shared) return shared;
  if (unavailable || !waitAsync || typeof SharedArrayBuffer !== "function") return undefined;
  try {
    shared = new TimerThread();
    return shared;
  } catch {
    unavailable = true;
    return undefined;
  }
}
