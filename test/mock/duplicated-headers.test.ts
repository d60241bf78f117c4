// A header that selects or signs a request, sent twice, makes it ambiguous: the mock refuses it with the product's
// own 400 whatever the names' case, and serves a request that repeats only other headers (src/mock/wire.ts).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createMockServer } from "../../src/mock/create-mock-server.ts";
import { nodeCrypto } from "../../src/signing/node-crypto.ts";
import { formatQuery } from "../../src/signing/query-string.ts";
import { signSlsV1 } from "../../src/signing/sls-v1.ts";
import { CREDS, LOGSTORE, PROJECT, specs } from "./mock-fixture.ts";
import { sendRaw, serializeRequest } from "./raw-http.ts";

const server = createMockServer({ specs });
let port = 0;
before(async () => {
  await server.app.listen({ port: 0, host: "127.0.0.1" });
  const address = server.app.server.address();
  port = typeof address === "object" && address !== null ? address.port : 0;
});
after(() => server.close());

/** A signed GET of the logstore's consumer groups, with `extra` header pairs appended as they are. */
function listGroups(extra: [string, string][]): Buffer {
  const path = `/logstores/${LOGSTORE}/consumergroups`;
  const headers: Record<string, string> = { host: `${PROJECT}.sls.localtest`, "x-log-apiversion": "0.6.0" };
  const added = signSlsV1(nodeCrypto, { method: "GET", path, query: {}, headers }, CREDS, {
    algorithm: "hmac-sha256",
    date: new Date(),
  });
  const pairs = Object.entries({ ...headers, ...added });
  return serializeRequest({ method: "GET", target: `${path}${formatQuery({})}`, headers: [...pairs, ...extra] });
}

test("a signed request is served, also when it repeats a header that neither selects nor signs it", async () => {
  assert.equal((await sendRaw(port, listGroups([]))).status, 200);
  const repeated = await sendRaw(
    port,
    listGroups([
      ["x-trace", "1"],
      ["X-Trace", "2"],
    ]),
  );
  assert.equal(repeated.status, 200, repeated.body);
});

for (const [name, value] of [
  ["host", "other.sls.localtest"],
  ["Host", `${PROJECT}.sls.localtest`],
  ["AUTHORIZATION", "LOG a:b"],
  ["x-log-apiversion", "0.6.0"],
  ["Date", "Sun, 06 Dec 2026 00:00:00 GMT"],
  ["X-Log-SignatureMethod", "hmac-sha1"],
] as const) {
  test(`${name} sent a second time is refused with SLS's 400, naming the header`, async () => {
    const res = await sendRaw(port, listGroups([[name, value]]));
    assert.equal(res.status, 400, res.body);
    const body = JSON.parse(res.body) as { errorCode: string; errorMessage: string };
    assert.equal(body.errorCode, "ParameterInvalid");
    assert.match(body.errorMessage, new RegExp(`Header ${name.toLowerCase()} appears more than once`));
  });
}
