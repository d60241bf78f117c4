import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { type AddressInfo, createServer as createNetServer, type Socket } from "node:net";
import { after, before, test } from "node:test";
import { systemClock } from "../../src/core/clock.ts";
import { MetricRegistry, type MetricsView } from "../../src/engine/metric-registry.ts";
import { parseMetricSelector } from "../../src/engine/metric-selector.ts";
import { createNodePort } from "../../src/load-runner/node-port.ts";

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

/** A port as the node runner builds it; with `metrics`, k6's HTTP metrics go there. */
const port = (metrics?: MetricsView) =>
  createNodePort({
    clock: systemClock,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    ...(metrics === undefined ? {} : { metrics }),
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
  const p = port(registry.view({ scenario: "s" }));
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

/** A raw TCP server on port 0 that answers each request as `answer` says (to misbehave as HTTP servers do). */
async function rawServer(answer: (socket: Socket, head: string) => void): Promise<{ url: string; close(): void }> {
  const sockets = new Set<Socket>();
  const raw = createNetServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let head = "";
    socket.on("data", (c: Buffer) => {
      head += c.toString("latin1");
      const end = head.indexOf("\r\n\r\n");
      if (end < 0) return;
      const request = head.slice(0, end);
      head = "";
      answer(socket, request);
    });
  });
  await new Promise<void>((resolve) => raw.listen(0, "127.0.0.1", resolve));
  return {
    url: `127.0.0.1:${(raw.address() as AddressInfo).port}`,
    close() {
      for (const s of sockets) s.destroy();
      raw.close();
    },
  };
}

const countingPort = () => {
  const registry = new MetricRegistry(systemClock);
  const p = port(registry.view({ scenario: "s" }));
  return { p, answers: () => registry.summarize(1000).http_reqs?.values.count ?? 0 };
};

test("a server that closes the connection after each answer: every request in sequence and at once is answered", async () => {
  const raw = await rawServer((socket, head) => {
    const path = head.split(" ")[1] ?? "";
    socket.end(`HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: ${path.length}\r\n\r\n${path}`);
  });
  try {
    const { p, answers } = countingPort();
    for (let i = 0; i < 5; i++) {
      const r = await p.request({ method: "GET", url: `http://${raw.url}/s${i}`, headers: {}, timeoutMs: 2000 });
      assert.deepEqual([r.status, r.body, r.error], [200, `/s${i}`, undefined]);
    }
    const at = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        p.request({ method: "GET", url: `http://${raw.url}/c${i}`, headers: {}, timeoutMs: 2000 }),
      ),
    );
    assert.deepEqual(
      at.map((r) => [r.status, r.body]),
      at.map((_, i) => [200, `/c${i}`]),
    );
    assert.equal(answers(), 15, "each request recorded once");
  } finally {
    raw.close();
  }
});

test("a timeout mid-body is status 0 with the timeout; the next requests on the port and origin are answered", async () => {
  const raw = await rawServer((socket, head) => {
    if (head.startsWith("GET /stall")) {
      socket.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial"); // 93 bytes never come
      return;
    }
    socket.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
  });
  try {
    const { p, answers } = countingPort();
    const t0 = performance.now();
    const stalled = await p.request({ method: "GET", url: `http://${raw.url}/stall`, headers: {}, timeoutMs: 100 });
    assert.deepEqual([stalled.status, stalled.error, stalled.body], [0, "UND_ERR_TIMEOUT", ""]);
    assert.ok(performance.now() - t0 < 1000);
    for (let i = 0; i < 3; i++) {
      const r = await p.request({ method: "GET", url: `http://${raw.url}/ok`, headers: {}, timeoutMs: 2000 });
      assert.deepEqual([r.status, r.body, r.error], [200, "ok", undefined]);
    }
    assert.equal(answers(), 4);
  } finally {
    raw.close();
  }
});

test("many timeouts at once, then normal requests on the same port: all answered, each recorded once", async () => {
  const { p, answers } = countingPort();
  const timedOut = await Promise.all(
    Array.from({ length: 20 }, () => p.request({ method: "GET", url: `${base}/slow`, headers: {}, timeoutMs: 60 })),
  );
  assert.ok(timedOut.every((r) => r.status === 0 && r.error === "UND_ERR_TIMEOUT"));
  const ok = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      p.request({ method: "POST", url: `${base}/after${i}`, headers: {}, body: `${i}`, timeoutMs: 2000 }),
    ),
  );
  ok.forEach((r, i) => {
    assert.equal(r.status, 200, r.error);
    assert.deepEqual(JSON.parse(r.body), { echo: `${i}`, url: `/after${i}` });
  });
  await new Promise((resolve) => setTimeout(resolve, 150)); // past every deadline: nothing fires twice
  assert.equal(answers(), 40);
});

test("a server that answers before reading the body: its answer is the result, and the port goes on", async () => {
  const raw = await rawServer((socket) => {
    socket.end("HTTP/1.1 413 Payload Too Large\r\nConnection: close\r\nContent-Length: 3\r\n\r\nbig");
  });
  try {
    const { p, answers } = countingPort();
    const r = await p.request({
      method: "PUT",
      url: `http://${raw.url}/up`,
      headers: {},
      body: "x".repeat(16_000),
      timeoutMs: 2000,
    });
    assert.deepEqual([r.status, r.body, r.error], [413, "big", undefined]);
    const again = await p.request({ method: "GET", url: `http://${raw.url}/`, headers: {}, timeoutMs: 2000 });
    assert.equal(again.status, 413);
    assert.equal(answers(), 2);
  } finally {
    raw.close();
  }
});

test("a URL undici cannot send to is status 0 with an error naming the problem, not a throw", async () => {
  const { p, answers } = countingPort();
  const cases: [string, RegExp][] = [
    ["not a url", /^ERR_INVALID_URL: Invalid URL$/],
    ["127.0.0.1:9/x", /^ERR_INVALID_URL: Invalid URL$/],
    ["http://[::1/x", /^ERR_INVALID_URL: Invalid URL$/],
    ["ftp://127.0.0.1/x", /^UND_ERR_INVALID_ARG: .*protocol/i],
    ["http://127.0.0.1:1/a b?Signature=s3cr3t", /^UND_ERR_INVALID_ARG: invalid request path$/],
  ];
  for (const [url, error] of cases) {
    const r = await p.request({ method: "GET", url, headers: {}, timeoutMs: 500 });
    assert.equal(r.status, 0, url);
    assert.match(r.error ?? "", error, url);
  }
  assert.equal(answers(), cases.length);
  const ok = await p.request({ method: "GET", url: `${base}/fine`, headers: {} });
  assert.equal(ok.status, 200);
});

test("a URL with a query and no path is sent as '/?query'", async () => {
  const r = await port().request({ method: "GET", url: `${base}?a=1&b=/x`, headers: {} });
  assert.equal(r.status, 200, r.error);
  assert.deepEqual(JSON.parse(r.body), { echo: "", url: "/?a=1&b=/x" });
});

test("a timeout while the connection is still being made is status 0 with the timeout, recorded once", async () => {
  // TLS to a server that accepts TCP and never answers the handshake: undici has no connection to write to,
  // so the request is still queued (no onConnect) when its deadline passes.
  const raw = await rawServer(() => {});
  try {
    const { p, answers } = countingPort();
    const t0 = performance.now();
    const [a, b] = await Promise.all([
      p.request({ method: "GET", url: `https://${raw.url}/q1`, headers: {}, timeoutMs: 80 }),
      p.request({ method: "GET", url: `https://${raw.url}/q2`, headers: {}, timeoutMs: 80 }),
    ]);
    assert.deepEqual([a?.status, a?.error, b?.status, b?.error], [0, "UND_ERR_TIMEOUT", 0, "UND_ERR_TIMEOUT"]);
    assert.ok(performance.now() - t0 < 1000);
    const c = await p.request({ method: "GET", url: `https://${raw.url}/q3`, headers: {}, timeoutMs: 80 });
    assert.equal(c.error, "UND_ERR_TIMEOUT");
    raw.close(); // the handshakes now fail: undici reports them to handlers that already answered
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(answers(), 3);
  } finally {
    raw.close();
  }
});

test("a request that timed out before its connection was made leaves nothing queued on a connection another request gets", async () => {
  const accepted: Socket[] = [];
  const silent = createNetServer((s) => {
    accepted.push(s);
    s.on("error", () => {});
  });
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  const url = `https://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  try {
    const { p, answers } = countingPort();
    const first = await p.request({ method: "GET", url: `${url}/q1`, headers: {}, timeoutMs: 60 });
    assert.equal(first.error, "UND_ERR_TIMEOUT");
    const second = p.request({ method: "GET", url: `${url}/q2`, headers: {}, timeoutMs: 400 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    accepted[0]?.destroy(); // the first request's handshake fails now: only that request's business
    const r = await second;
    assert.equal(r.error, "UND_ERR_TIMEOUT", "the second request waits on a connection of its own");
    assert.equal(answers(), 2);
  } finally {
    for (const s of accepted) s.destroy();
    silent.close();
  }
});
