// The runtime both clients share: the client's timeoutMs reaches every request it sends (each retry
// attempt included), and a client without one leaves the transport's default in place.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LiveClient } from "../../src/client/live-client.ts";
import { SlsClient } from "../../src/client/sls-client.ts";
import type { HttpRequest, Transport } from "../../src/client/transport.ts";
import { ManualClock } from "../../src/core/clock.ts";

const credentials = { accessKeyId: "testid", accessKeySecret: "testsecret" };

/** A transport that records each request and answers `answers` in turn (the last one repeats). */
function recordingTransport(answers: { status: number; body: string }[]): {
  transport: Transport;
  sent: HttpRequest[];
} {
  const sent: HttpRequest[] = [];
  const transport: Transport = async (req) => {
    const answer = answers[Math.min(sent.length, answers.length - 1)] as { status: number; body: string };
    sent.push(req);
    return {
      status: answer.status,
      headers: { "content-type": "application/json" },
      readBody: async () => answer.body,
    };
  };
  return { transport, sent };
}

const throttled = { status: 400, body: JSON.stringify({ Code: "Throttling.User", Message: "slow down" }) };
const ok = { status: 200, body: "{}" };

describe("CallRunner timeoutMs", () => {
  it("puts the Live client's timeoutMs on every attempt, V3 and v1, GET and POST", async () => {
    for (const signature of ["acs3", "rpc-v1"] as const)
      for (const method of ["GET", "POST"] as const) {
        const { transport, sent } = recordingTransport([throttled, ok]);
        const c = new LiveClient({
          baseUrl: "http://127.0.0.1:1",
          host: "live.aliyuncs.com",
          credentials,
          signature,
          transport,
          timeoutMs: 1234,
          clock: new ManualClock(),
          sleep: async () => {},
        });
        const ex = await c.callRpc("DescribeLiveStreamsOnlineList", { DomainName: "d" }, { method });
        assert.equal(ex.attempts, 2, `${signature} ${method}`);
        assert.deepEqual(
          sent.map((r) => r.timeoutMs),
          [1234, 1234],
          `${signature} ${method}`,
        );
      }
  });
  it("puts the SLS client's timeoutMs on its request and leaves it unset without one", async () => {
    for (const timeoutMs of [4321, undefined]) {
      const { transport, sent } = recordingTransport([ok]);
      const c = new SlsClient({
        baseUrl: "http://127.0.0.1:1",
        host: "p.cn-hangzhou.log.aliyuncs.com",
        credentials,
        transport,
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
        clock: new ManualClock(),
      });
      await c.listConsumerGroup("store");
      assert.equal(sent.length, 1);
      assert.equal(sent[0]?.timeoutMs, timeoutMs);
      assert.equal("timeoutMs" in (sent[0] ?? {}), timeoutMs !== undefined);
    }
  });
});
