import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { systemClock } from "../../src/core/clock.ts";
import { MetricRegistry } from "../../src/engine/metric-registry.ts";
import { parseMetricSelector } from "../../src/engine/metric-selector.ts";
import { createNodePort } from "../../src/load/node-port.ts";

let server: Server;
let base: string;
const seen: { host?: string; body: string }[] = [];

before(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString();
    });
    req.on("end", () => {
      seen.push({ ...(req.headers.host === undefined ? {} : { host: req.headers.host }), body });
      if (req.url === "/slow") return; // never answers: the port's timeout must end it
      res.setHeader("X-Repeated", ["a", "b"]);
      res.setHeader("Content-Type", "application/json");
      res.end(JSON.stringify({ echo: body, url: req.url }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const port = () =>
  createNodePort({
    clock: systemClock,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    definitions: [],
    log: { info: () => {}, warn: () => {}, error: () => {} },
  });

test("a request sends method, Host, body and query, and returns status, lowercased joined headers and the body", async () => {
  const r = await port().request({
    method: "POST",
    url: `${base}/path?x=1`,
    headers: { host: "ali-test-project.sls.localtest", "content-type": "application/json" },
    body: "[1,2]",
  });
  assert.equal(r.status, 200);
  assert.equal(r.headers["x-repeated"], "a, b");
  assert.equal(r.headers["content-type"], "application/json");
  assert.deepEqual(JSON.parse(r.body), { echo: "[1,2]", url: "/path?x=1" });
  assert.equal(seen.at(-1)?.host, "ali-test-project.sls.localtest");
  assert.ok(r.durationMs >= 0 && r.durationMs < 5000);
});

test("no answer within timeoutMs is status 0 with a timeout error, not a throw", async () => {
  const t0 = performance.now();
  const r = await port().request({ method: "GET", url: `${base}/slow`, headers: {}, timeoutMs: 200 });
  const took = performance.now() - t0;
  assert.equal(r.status, 0);
  assert.equal(r.error, "UND_ERR_TIMEOUT");
  assert.ok(took >= 190 && took < 3000, `took ${took} ms`);
});

test("a refused connection is status 0 with the error code", async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const { port: free } = closed.address() as AddressInfo;
  await new Promise((resolve) => closed.close(resolve));
  const r = await port().request({ method: "GET", url: `http://127.0.0.1:${free}/`, headers: {}, timeoutMs: 2000 });
  assert.equal(r.status, 0);
  assert.equal(r.error, "ECONNREFUSED");
});

test("k6's HTTP metrics are recorded for each answer, with the request's tags and the status", async () => {
  const registry = new MetricRegistry(systemClock);
  registry.trackSubMetric(parseMetricSelector("http_reqs{stage:1x,status:200}"));
  const p = createNodePort({
    clock: systemClock,
    sleep: async () => {},
    metrics: registry.view({ scenario: "s" }),
    definitions: [],
    log: { info: () => {}, warn: () => {}, error: () => {} },
  });
  await p.request({ method: "GET", url: `${base}/a`, headers: {}, tags: { stage: "1x" } });
  await p.request({ method: "GET", url: `${base}/slow`, headers: {}, timeoutMs: 60 });
  await p.request({ method: "GET", url: `${base}/b`, headers: {}, tags: { stage: "1x" } });
  const s = registry.summarize(1000);
  assert.equal(s.http_reqs?.values.count, 3);
  assert.equal(s["http_reqs{stage:1x,status:200}"]?.values.count, 2);
  assert.deepEqual(s.http_req_failed?.values, { rate: 1 / 3, passes: 1, fails: 2 });
});

test("one port serves many requests in flight at once; each gets its own answer", async () => {
  const p = port();
  const answers = await Promise.all(
    Array.from({ length: 60 }, (_, i) =>
      p.request({ method: "POST", url: `${base}/n${i}`, headers: {}, body: `${i}` }),
    ),
  );
  answers.forEach((r, i) => {
    assert.equal(r.status, 200);
    assert.deepEqual(JSON.parse(r.body), { echo: `${i}`, url: `/n${i}` });
  });
});

test("a result serialises to plain data: status, headers, body, duration (decoded on demand)", async () => {
  const r = await port().request({ method: "GET", url: `${base}/j`, headers: {} });
  const plain = JSON.parse(JSON.stringify(r)) as Record<string, unknown>;
  assert.deepEqual(Object.keys(plain).sort(), ["body", "durationMs", "headers", "status"]);
  assert.equal((plain.headers as Record<string, string>)["x-repeated"], "a, b");
  assert.deepEqual(JSON.parse(plain.body as string), { echo: "", url: "/j" });
  assert.equal(r.body, plain.body, "the decoded body is kept");
});
