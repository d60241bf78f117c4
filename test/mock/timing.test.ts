/**
 * Time behaviour over HTTP, run concurrently (each check on its own mock) so the file takes ~5 s:
 * - heartbeat eviction: timeout 2 s, two consumers heartbeating every 0.25 s, one goes silent; the other gets
 *   its shards no later than 2 s + 50 ms (+ the 25 ms probing interval) after the silent one's last heartbeat,
 *   and never before 2 s;
 * - the Live per-account limit read from the spec (50/s): an open-model client (absolute schedule) offering
 *   100 req/s for 5 s gets 50 ± 2 admitted per second; at 45 req/s nothing is throttled that the server did
 *   not receive bunched beyond the limit.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { Exchange } from "../../src/client/exchange.ts";
import { APP_ID, LOGSTORE, recentWindow, specs, startTestMock } from "./mock-fixture.ts";

const TIMEOUT_S = 2;
const INTERVAL_MS = 250;
const PROBE_MS = 25;
const SLACK_MS = 50;

describe("timing over HTTP", { concurrency: true }, () => {
  test("a silent consumer is evicted after exactly the group timeout and its shards move", async () => {
    const t = await startTestMock();
    try {
      const sls = t.sls();
      assert.equal(
        (await sls.createConsumerGroup(LOGSTORE, { consumerGroup: "ev", timeout: TIMEOUT_S, order: false })).status,
        200,
      );
      const held: Record<string, number[]> = { c1: [], c2: [] };
      const beat = async (consumer: "c1" | "c2") => {
        const ex = await sls.consumerGroupHeartBeat(LOGSTORE, "ev", consumer, held[consumer] ?? []);
        assert.equal(ex.status, 200, ex.rawBody);
        held[consumer] = ex.body as number[];
        return ex;
      };
      await beat("c1");
      await beat("c2");
      // Both heartbeat for 1 s: the hand-off settles at two shards each.
      const until = performance.now() + 1000;
      while (performance.now() < until) {
        await Promise.all([beat("c1"), beat("c2")]);
        await sleep(INTERVAL_MS);
      }
      assert.equal(held.c1?.length, 2, `c1 holds ${held.c1}`);
      assert.equal(held.c2?.length, 2, `c2 holds ${held.c2}`);
      // c1's last heartbeat: the server saw it between these two instants.
      const lastSent = performance.now();
      await beat("c1");
      const lastAnswered = performance.now();
      // c2 keeps heartbeating, probing every 25 ms once the deadline nears.
      let gotAllAt: number | undefined; // when the first probe that saw all four shards was sent …
      let answeredAt = 0; // … and answered
      let gap = 0; // time since the probe before it was sent: the probing interval actually achieved
      let prevSent = lastSent;
      let next = performance.now();
      while (gotAllAt === undefined && performance.now() - lastSent < TIMEOUT_S * 1000 + 1000) {
        const sent = performance.now();
        await beat("c2");
        if (countHeld(held, "c2") === 4) {
          gotAllAt = sent;
          answeredAt = performance.now();
          gap = sent - prevSent;
        }
        prevSent = sent;
        next += performance.now() - lastSent > TIMEOUT_S * 1000 - 200 ? PROBE_MS : INTERVAL_MS;
        await sleep(Math.max(0, next - performance.now()));
      }
      assert.ok(gotAllAt !== undefined, "c2 received c1's shards");
      // Never before the timeout: the answer that carried the shards came ≥ 2 s after c1's last heartbeat left.
      assert.ok(
        answeredAt - lastSent >= TIMEOUT_S * 1000,
        `handed over ${Math.round(answeredAt - lastSent)} ms after the last heartbeat, before the timeout`,
      );
      // No later than 2 s + 50 ms after c1's last heartbeat, plus the probing interval (25 ms, or longer when
      // this process was descheduled: the gap actually measured).
      const limit = TIMEOUT_S * 1000 + SLACK_MS + Math.max(PROBE_MS, gap);
      assert.ok(
        gotAllAt - lastAnswered <= limit,
        `handed over ${Math.round(gotAllAt - lastAnswered)} ms after the last heartbeat (limit ${Math.round(limit)})`,
      );
      // Ground truth: the eviction is dated exactly at last heartbeat + timeout.
      const evicted = t.mock.eventLog.since(0).events.find((e) => e.kind === "evicted");
      assert.ok(evicted !== undefined && evicted.kind === "evicted" && evicted.lastHeartbeatMonoMs !== undefined);
      assert.equal(evicted.consumer, "c1");
      assert.ok(
        Math.abs(evicted.atMonoMs - evicted.lastHeartbeatMonoMs - TIMEOUT_S * 1000) < 1e-6,
        "evicted at last heartbeat + timeout",
      );
    } finally {
      await t.close();
    }
  });

  for (const rate of [100, 45]) {
    test(`open-model client at ${rate} req/s for 5 s against the spec's 50/s limit`, async () => {
      const limit = specs.spec("live").operations.get("ListEventSubEvent")?.qpsLimit;
      assert.equal(limit, 50, "the limit comes from the spec's x-qps-limit");
      const t = await startTestMock();
      try {
        const live = t.live();
        // What the server's limiter saw, on its clock (the mock runs in this process: same performance.now()).
        const limiter = t.mock.state.limiterOf("live", "ListEventSubEvent");
        assert.ok(limiter !== undefined);
        const serverSaw: { at: number; admitted: boolean }[] = [];
        const tryAdmit = limiter.tryAdmit.bind(limiter);
        limiter.tryAdmit = (key) => {
          const r = tryAdmit(key);
          serverSaw.push({ at: performance.now(), admitted: r.admitted });
          return r;
        };
        const window = recentWindow(1);
        const seconds = 5;
        const start = performance.now() + 50;
        const results: Promise<{ second: number; sent: number; ex: Exchange }>[] = [];
        for (let i = 0; i < rate * seconds; i++) {
          const at = start + (i * 1000) / rate; // absolute schedule: never waits for earlier answers
          await sleep(Math.max(0, at - performance.now()));
          const sent = performance.now();
          results.push(
            live
              .listEventSubEvent({ AppId: APP_ID, ...window, PageSize: 1, PageNo: 1 }, { retry: false })
              // Bucketed by when the request really left: on a loaded machine a late timer sends a few at once.
              .then((ex) => ({ second: Math.min(seconds - 1, Math.floor((sent - start) / 1000)), sent, ex })),
          );
        }
        const done = await Promise.all(results);
        const admitted = new Array<number>(seconds).fill(0);
        const throttledAt: number[] = [];
        for (const { second, sent, ex } of done) {
          if (ex.status === 200) admitted[second] = (admitted[second] ?? 0) + 1;
          else {
            assert.equal(ex.status, 400, ex.rawBody);
            assert.equal((ex.body as { Code: string }).Code, "Throttling.User");
            assert.match(ex.headers["x-acs-retry-after"] ?? "", /^\d+$/);
            throttledAt.push(sent);
          }
        }
        if (rate > (limit ?? 0)) {
          for (const n of admitted) assert.ok(Math.abs(n - 50) <= 2, `admitted per second: ${admitted.join(", ")}`);
          const throttled = t.mock.eventLog.since(0).events.filter((e) => e.kind === "throttled");
          assert.equal(throttled.length, throttledAt.length, "every throttled request is logged");
        } else {
          // Below the limit nothing is throttled — unless the requests reached the server bunched (a stalled
          // event loop on a loaded machine delivers several at once): then each refusal must be justified by
          // what the server received, on its own clock: `limit` admitted in the second before it.
          for (const at of serverSaw.filter((a) => !a.admitted).map((a) => a.at)) {
            const admittedBefore = serverSaw.filter((a) => a.admitted && a.at > at - 1001 && a.at <= at).length;
            assert.ok(
              admittedBefore >= (limit ?? 0),
              `throttled at ${Math.round(at - start)} ms with only ${admittedBefore} admitted in the second before`,
            );
          }
          assert.equal(throttledAt.length, serverSaw.filter((a) => !a.admitted).length);
          assert.equal(admitted.reduce((a, b) => a + b, 0) + throttledAt.length, rate * seconds);
        }
      } finally {
        await t.close();
      }
    });
  }
});

/** Shards a consumer holds (a function, so earlier assertions do not narrow the type). */
function countHeld(held: Record<string, number[]>, consumer: string): number {
  return held[consumer]?.length ?? 0;
}
