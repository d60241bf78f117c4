/** Live ListEventSubEvent over HTTP through the signed client (V3 and RPC v1, GET and POST), against the spec. */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { request } from "undici";
import type { Exchange } from "../../src/client/exchange.ts";
import { createDefaultMockConfig } from "../../src/mock/domain/mock-config.ts";
import { nodeCrypto } from "../../src/signing/node-crypto.ts";
import { formatQuery } from "../../src/signing/query-string.ts";
import { signRpcV1 } from "../../src/signing/rpc-v1.ts";
import { APP_ID, CREDS, recentWindow, skewedClock, specs, startTestMock, type TestMock } from "./mock-fixture.ts";

const operation = specs.spec("live").operations.get("ListEventSubEvent");

function conforms(ex: Exchange): Exchange {
  assert.ok(operation);
  assert.deepEqual(
    operation.validateResponse(ex.status, ex.body, ex.headers["content-type"]),
    [],
    `${ex.status} ${ex.rawBody}`,
  );
  assert.match((ex.body as { RequestId?: string }).RequestId ?? "", /^[0-9A-F-]{36}$/);
  return ex;
}

const code = (ex: Exchange) => (ex.body as { Code?: string }).Code;

describe("Live routes", () => {
  let t: TestMock;
  before(async () => {
    const config = createDefaultMockConfig();
    config.accounts.push({ accessKeyId: "other-id", accessKeySecret: "other-secret" });
    config.live.apps.push({ appId: "otherapp", owner: "other-id", seedRecords: 10, seed: 2 });
    t = await startTestMock({ config });
  });
  after(() => t.close());

  for (const signature of ["acs3", "rpc-v1"] as const) {
    for (const method of ["GET", "POST"] as const) {
      test(`ListEventSubEvent pages through seeded records (${signature}, ${method})`, async () => {
        const live = t.live({ signature });
        const window = recentWindow(7);
        const page1 = conforms(
          await live.listEventSubEvent({ AppId: APP_ID, ...window, PageSize: 100, PageNo: 1 }, { method }),
        );
        assert.equal(page1.status, 200);
        // The success body is assembled from cached JSON parts: it must be exactly the JSON.stringify of what it says.
        assert.equal(page1.rawBody, JSON.stringify(page1.body));
        const body = page1.body as { Count: number; HasMore: boolean; Logs: { AppId: string; MessageId: string }[] };
        assert.equal(body.Logs.length, 100);
        assert.equal(body.Count, 100);
        assert.equal(body.HasMore, true);
        assert.ok(body.Logs.every((l) => l.AppId === APP_ID));
        const page2 = conforms(
          await live.listEventSubEvent({ AppId: APP_ID, ...window, PageSize: 100, PageNo: 2 }, { method }),
        );
        const ids2 = (page2.body as typeof body).Logs.map((l) => l.MessageId);
        assert.ok(!ids2.some((id) => body.Logs.some((l) => l.MessageId === id)), "pages do not overlap");
      });
    }
  }

  test("documented input errors: PageSize, PageNo, missing AppId, time window", async () => {
    const live = t.live();
    const w = recentWindow(1);
    const big = conforms(await live.listEventSubEvent({ AppId: APP_ID, ...w, PageSize: 101, PageNo: 1 }));
    assert.deepEqual([big.status, code(big)], [400, "InputInvalid"]);
    assert.match((big.body as { Message: string }).Message, /PageSize/);
    const zero = conforms(await live.listEventSubEvent({ AppId: APP_ID, ...w, PageSize: 10, PageNo: 0 }));
    assert.deepEqual([zero.status, code(zero)], [400, "InputInvalid"]);
    const missing = conforms(await live.callRpc("ListEventSubEvent", { ...w, PageSize: 10, PageNo: 1 }));
    assert.deepEqual([missing.status, code(missing)], [400, "MissingParameter"]);
    assert.match((missing.body as { Message: string }).Message, /"AppId"/);
    const span = conforms(
      await live.listEventSubEvent({
        AppId: APP_ID,
        StartTime: w.EndTime - 8 * 86_400,
        EndTime: w.EndTime,
        PageSize: 10,
        PageNo: 1,
      }),
    );
    assert.deepEqual([span.status, code(span)], [400, "InputInvalid"]);
    const reversed = conforms(
      await live.listEventSubEvent({
        AppId: APP_ID,
        StartTime: w.EndTime,
        EndTime: w.StartTime,
        PageSize: 10,
        PageNo: 1,
      }),
    );
    assert.deepEqual([reversed.status, code(reversed)], [400, "InputInvalid"]);
  });

  test("AppId ownership: another account's AppId 403 NoAuth, unknown AppId 404 ResourceNotExist", async () => {
    const live = t.live();
    const w = recentWindow(1);
    const foreign = conforms(await live.listEventSubEvent({ AppId: "otherapp", ...w, PageSize: 10, PageNo: 1 }));
    assert.deepEqual([foreign.status, code(foreign)], [403, "NoAuth"]);
    const own = conforms(
      await t
        .live({ credentials: { accessKeyId: "other-id", accessKeySecret: "other-secret" } })
        .listEventSubEvent({ AppId: "otherapp", ...recentWindow(7), PageSize: 10, PageNo: 1 }),
    );
    assert.equal(own.status, 200);
    const unknown = conforms(await live.listEventSubEvent({ AppId: "nope", ...w, PageSize: 10, PageNo: 1 }));
    assert.deepEqual([unknown.status, code(unknown)], [404, "ResourceNotExist"]);
  });

  test("gateway errors: unknown Action, wrong secret, unknown key, expired timestamp", async () => {
    const unknown = conforms(await t.live().callRpc("DescribeNothing", {}));
    assert.deepEqual([unknown.status, code(unknown)], [404, "InvalidApi.NotFound"]);
    const w = recentWindow(1);
    for (const signature of ["acs3", "rpc-v1"] as const) {
      const wrong = conforms(
        await t
          .live({ signature, credentials: { ...CREDS, accessKeySecret: "nope" } })
          .listEventSubEvent({ AppId: APP_ID, ...w, PageSize: 1, PageNo: 1 }),
      );
      assert.deepEqual([wrong.status, code(wrong)], [400, "SignatureDoesNotMatch"], signature);
      const expired = conforms(
        await t
          .live({ signature, clock: skewedClock(-20 * 60_000) })
          .listEventSubEvent({ AppId: APP_ID, ...w, PageSize: 1, PageNo: 1 }),
      );
      assert.deepEqual([expired.status, code(expired)], [400, "InvalidTimeStamp.Expired"], signature);
    }
    const noKey = conforms(
      await t
        .live({ credentials: { accessKeyId: "ghost", accessKeySecret: "x" } })
        .listEventSubEvent({ AppId: APP_ID, ...w, PageSize: 1, PageNo: 1 }),
    );
    assert.deepEqual([noKey.status, code(noKey)], [404, "InvalidAccessKeyId.NotFound"]);
  });

  test("a replayed nonce is refused with 400 SignatureNonceUsed", async () => {
    const params = signRpcV1(
      nodeCrypto,
      {
        method: "GET",
        params: {
          Action: "ListEventSubEvent",
          Version: "2016-11-01",
          Format: "JSON",
          AppId: APP_ID,
          ...stringify(recentWindow(1)),
          PageSize: "1",
          PageNo: "1",
        },
      },
      CREDS,
      { timestamp: new Date(), nonce: "replayed-nonce-1" },
    );
    const url = `${t.mock.url}/?${formatQuery(params)}`;
    const first = await request(url);
    assert.equal(first.statusCode, 200, await first.body.text());
    const second = await request(url);
    const body = (await second.body.json()) as { Code: string };
    assert.deepEqual([second.statusCode, body.Code], [400, "SignatureNonceUsed"]);
  });
});

function stringify(o: Record<string, number>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)]));
}
