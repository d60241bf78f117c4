// The SLS client against nock (the real-endpoint path, through fetch) and against a real loopback
// server (the mock path: connect to 127.0.0.1 but send Host: <project>.<endpoint>, through undici).
// Every request is checked with specgate's own verifier.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, afterEach, before, describe, it } from "node:test";
import nock from "nock";
import { SlsClient } from "../../src/client/sls-client.ts";
import { resolveTarget, targetSetting, withBaseUrl } from "../../src/client/target.ts";
import { ManualClock } from "../../src/core/clock.ts";
import { parseHttpDate } from "../../src/signing/http-date.ts";
import { parseQuery } from "../../src/signing/query-string.ts";
import type { SignableRequest } from "../../src/signing/types.ts";
import { verifySls } from "../../src/signing/verify-sls.ts";
import { capturedRequest, closeNetwork, crypto } from "./nock-setup.ts";

const ORIGIN = "https://ali-test-project.cn-hangzhou.log.aliyuncs.com";
const NOW = Date.UTC(2026, 0, 5, 10, 0, 0);
const creds = { accessKeyId: "ak-id", accessKeySecret: "ak-secret-value" };
const lookup = (id: string) => (id === creds.accessKeyId ? { secret: creds.accessKeySecret } : undefined);

function client(): SlsClient {
  return new SlsClient({
    baseUrl: ORIGIN,
    host: "ali-test-project.cn-hangzhou.log.aliyuncs.com",
    credentials: creds,
    clock: new ManualClock(NOW),
    retry: false,
  });
}

/** Intercepts one request, answers `reply`, and hands back what was sent. */
function intercept(method: string, reply: [number, unknown] = [200, ""]): Promise<SignableRequest> {
  return new Promise((resolve) => {
    nock(ORIGIN)
      .intercept(/.*/, method)
      .reply(function (uri, body) {
        resolve(capturedRequest(method, uri, this.req.headers, body));
        return reply;
      });
  });
}

before(closeNetwork);
afterEach(() => nock.cleanAll());
after(() => nock.enableNetConnect());

describe("SlsClient wire format (as the official TypeScript SDK sends it)", () => {
  it("ConsumerGroupHeartBeat: bare JSON array, ?consumer=&type=heartbeat, every SDK header, a signature that verifies", async () => {
    const seen = intercept("POST", [200, [0, 1]]);
    const ex = await client().consumerGroupHeartBeat("ali-test-logstore", "cg", "c1", [0]);
    const req = await seen;
    assert.equal(ex.status, 200);
    assert.deepEqual(ex.body, [0, 1]);
    assert.equal(req.path, "/logstores/ali-test-logstore/consumergroups/cg");
    assert.deepEqual({ ...req.query }, { consumer: "c1", type: "heartbeat" });
    assert.equal(req.body, "[0]");
    const h = req.headers;
    assert.equal(h.host, "ali-test-project.cn-hangzhou.log.aliyuncs.com");
    assert.equal(h["x-log-apiversion"], "0.6.0");
    assert.equal(h["x-log-bodyrawsize"], "3");
    assert.equal(h["content-md5"], "8D5162CA104FA7E79FE80FD92BB657FB");
    assert.equal(h["content-type"], "application/json");
    assert.equal(h["x-log-signaturemethod"], "hmac-sha256");
    assert.equal(h.date, "Mon, 05 Jan 2026 10:00:00 GMT");
    assert.equal(parseHttpDate(h.date ?? "")?.getTime(), NOW);
    assert.match(h.authorization ?? "", /^LOG ak-id:[A-Za-z0-9+/]{43}=$/);
    const v = verifySls(crypto, req, lookup, { now: NOW });
    assert.equal(v.ok && v.scheme, "sls-v1-hmac-sha256");
  });

  const ops: Array<{
    name: string;
    method: string;
    call: (c: SlsClient) => Promise<unknown>;
    path: string;
    query: Record<string, string>;
    body?: unknown;
  }> = [
    {
      name: "CreateConsumerGroup",
      method: "POST",
      call: (c) => c.createConsumerGroup("ls", { consumerGroup: "cg", timeout: 60, order: false }),
      path: "/logstores/ls/consumergroups",
      query: {},
      body: { consumerGroup: "cg", timeout: 60, order: false },
    },
    {
      name: "UpdateConsumerGroup",
      method: "PUT",
      call: (c) => c.updateConsumerGroup("ls", "cg", { timeout: 40 }),
      path: "/logstores/ls/consumergroups/cg",
      query: {},
      body: { timeout: 40 },
    },
    {
      name: "DeleteConsumerGroup",
      method: "DELETE",
      call: (c) => c.deleteConsumerGroup("ls", "cg"),
      path: "/logstores/ls/consumergroups/cg",
      query: {},
    },
    {
      name: "ListConsumerGroup",
      method: "GET",
      call: (c) => c.listConsumerGroup("ls"),
      path: "/logstores/ls/consumergroups",
      query: {},
    },
    {
      name: "ConsumerGroupUpdateCheckPoint",
      method: "POST",
      call: (c) =>
        c.consumerGroupUpdateCheckPoint("ls", "cg", {
          consumer: "c1",
          shard: 2,
          checkpoint: "MTUyNDE1NTM3OTM3MzkwODQ5Ng==",
        }),
      path: "/logstores/ls/consumergroups/cg",
      query: { type: "checkpoint", consumer: "c1", forceSuccess: "true" },
      body: { shard: 2, checkpoint: "MTUyNDE1NTM3OTM3MzkwODQ5Ng==" },
    },
    {
      name: "GetCheckPoint (one shard)",
      method: "GET",
      call: (c) => c.getCheckPoint("ls", "cg", 3),
      path: "/logstores/ls/consumergroups/cg",
      query: { shard: "3" },
    },
    {
      name: "GetCheckPoint (all)",
      method: "GET",
      call: (c) => c.getCheckPoint("ls", "cg"),
      path: "/logstores/ls/consumergroups/cg",
      query: {},
    },
  ];
  for (const op of ops) {
    it(`${op.name}: ${op.method} ${op.path}${Object.keys(op.query).length ? `?${new URLSearchParams(op.query)}` : ""}`, async () => {
      const seen = intercept(op.method);
      await op.call(client());
      const req = await seen;
      assert.equal(req.path, op.path);
      assert.deepEqual({ ...req.query }, op.query);
      if (op.body === undefined) {
        assert.equal(req.body, undefined);
        assert.equal(req.headers["content-md5"], undefined);
        assert.equal(req.headers["x-log-bodyrawsize"], "0");
      } else {
        assert.deepEqual(JSON.parse(req.body as string), op.body);
        assert.equal(req.headers["content-md5"], crypto.md5Hex(req.body as string).toUpperCase());
      }
      assert.equal(verifySls(crypto, req, lookup, { now: NOW }).ok, true);
    });
  }

  it("an HTTP error is returned, not thrown, with the parsed SLS error body and timings", async () => {
    nock(ORIGIN)
      .get("/logstores/ls/consumergroups")
      .reply(
        404,
        { errorCode: "LogStoreNotExist", errorMessage: "logstore ls dose not exist" },
        { "x-log-requestid": "5AEECE6B1FFC0366B2553FB5" },
      );
    const ex = await client().listConsumerGroup("ls");
    assert.equal(ex.status, 404);
    assert.deepEqual(ex.body, { errorCode: "LogStoreNotExist", errorMessage: "logstore ls dose not exist" });
    assert.equal(ex.headers["x-log-requestid"], "5AEECE6B1FFC0366B2553FB5");
    assert.equal(ex.attempts, 1);
    assert.equal(typeof ex.rawBody, "string");
    assert.ok(ex.timings.ttfbMs >= 0 && ex.timings.totalMs >= ex.timings.ttfbMs);
  });
});

describe("SlsClient against a loopback server (mock addressing)", () => {
  it("connects to 127.0.0.1 but sends Host: <project>.<endpoint>, signed so the verifier accepts it", async () => {
    let seen: SignableRequest | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const url = req.url ?? "/";
        const q = url.indexOf("?");
        seen = {
          method: req.method ?? "",
          path: q < 0 ? url : url.slice(0, q),
          query: q < 0 ? {} : parseQuery(url.slice(q + 1)),
          headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
          body: new Uint8Array(Buffer.concat(chunks)),
        };
        res.setHeader("content-type", "application/json");
        res.end("[2,3]");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const { port } = server.address() as AddressInfo;
      const target = withBaseUrl(resolveTarget({ target: "mock", env: {} }), `http://127.0.0.1:${port}`);
      const c = SlsClient.forTarget(target, { retry: false });
      const ex = await c.consumerGroupHeartBeat(targetSetting(target, "sls", "logstore"), "cg", "c1", [2, 3]);
      assert.deepEqual(ex.body, [2, 3]);
      assert.ok(seen);
      assert.equal(seen.headers.host, "ali-test-project.cn-hangzhou.log.aliyuncs.com");
      const v = verifySls(
        crypto,
        seen,
        (id) => (id === "specgate-test-id" ? { secret: "specgate-test-secret" } : undefined),
        {
          now: Date.now(),
        },
      );
      assert.equal(v.ok, true, JSON.stringify(v));
    } finally {
      server.close();
    }
  });
});
