import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { request } from "undici";
import { ClientStack } from "../../src/load-runner/client-stack.ts";

let server: Server;
let origin: string;
const sockets = new Set<unknown>();

before(async () => {
  server = createServer((_req, res) => res.end("ok"));
  server.on("connection", (s) => sockets.add(s));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

async function get(stack: ClientStack): Promise<string> {
  const client = stack.acquire();
  try {
    const res = await request(`${origin}/`, { dispatcher: client });
    return await res.body.text();
  } finally {
    stack.release(client);
  }
}

test("requests in sequence reuse one connection; requests at once get one each, kept for later", async () => {
  const stack = new ClientStack(origin);
  const before = sockets.size;
  for (let i = 0; i < 5; i++) assert.equal(await get(stack), "ok");
  assert.equal(stack.created, 1);
  assert.equal(sockets.size - before, 1, "one TCP connection for five requests in sequence");
  assert.deepEqual(await Promise.all(Array.from({ length: 4 }, () => get(stack))), ["ok", "ok", "ok", "ok"]);
  assert.equal(stack.created, 4, "four in flight at once: three more clients");
  assert.equal(stack.idle, 4);
  await Promise.all(Array.from({ length: 4 }, () => get(stack)));
  assert.equal(stack.created, 4, "the idle ones are reused");
});

test("the most recently released client is handed out first; a closed one is not taken back", async () => {
  const stack = new ClientStack(origin);
  const a = stack.acquire();
  const b = stack.acquire();
  stack.release(a);
  stack.release(b);
  assert.equal(stack.acquire(), b);
  await b.close();
  stack.release(b);
  assert.equal(stack.idle, 1);
  assert.equal(stack.acquire(), a);
  await a.close();
});
