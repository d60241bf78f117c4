/**
 * A request no operation matches (an unknown Action or path, a wrong method, a malformed URL) is answered by the
 * product its Host names, so a POP error carries that product's own HostId; without such a Host, by the product that
 * owns the path (Live for `/`, SLS for the rest, as before).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type RunningMock, startMock } from "../../src/mock/create-mock-server.ts";
import { buildExtendedSpecs, type ExtendedSpecs } from "./extended-specs.ts";
import { sendRaw, serializeRequest } from "./raw-http.ts";

describe("who answers before an operation is known", () => {
  let extended: ExtendedSpecs;
  let mock: RunningMock;
  before(async () => {
    extended = await buildExtendedSpecs(["fc-GetFunction.txt"]);
    mock = await startMock({ specs: extended.specs });
  });
  after(async () => {
    await mock.close();
    extended.cleanup();
  });

  async function get(
    target: string,
    host: string,
    method = "GET",
  ): Promise<{ status: number; body: Record<string, string> }> {
    // Asking for JSON as the V3 SDKs do: without it an RPC answer is XML (docs/alibaba/rpc-parameters.md#response-format).
    const headers: [string, string][] = [
      ["host", host],
      ["accept", "application/json"],
    ];
    const res = await sendRaw(mock.port, serializeRequest({ method, target, headers }));
    return { status: res.status, body: JSON.parse(res.body) };
  }

  for (const host of ["vpc.aliyuncs.com", "live.aliyuncs.com", "fc.aliyuncs.com"]) {
    it(`an unknown Action, a wrong RPC method and an unknown path name ${host}`, async () => {
      const unknownAction = await get("/?Action=NoSuchAction&Version=2016-04-28", host);
      assert.deepEqual(
        [unknownAction.status, unknownAction.body.Code, unknownAction.body.HostId],
        [404, "InvalidApi.NotFound", host],
      );
      const wrongMethod = await get("/?Action=DescribeRegions&Version=2016-04-28", `${host}:443`, "PUT");
      assert.deepEqual([wrongMethod.status, wrongMethod.body.HostId], [404, host], "a port in Host is ignored");
      const unknownPath = await get("/no/such/path", host.toUpperCase());
      assert.equal(unknownPath.status, 404);
      assert.equal(unknownPath.body.HostId, host, "Host is case-insensitive");
      const badUrl = await get("/a%zz/b", host);
      assert.deepEqual([badUrl.status, badUrl.body.HostId], [400, host]);
    });
  }

  it("a Host no product has keeps the answers of before: Live for `/`, SLS for other paths", async () => {
    const rpc = await get("/?Action=NoSuchAction&Version=1", "example.com");
    assert.equal(rpc.body.HostId, "live.aliyuncs.com");
    const roa = await get("/no/such/path", "ali-test-project.sls.localtest");
    assert.equal(roa.status, 404);
    assert.equal(typeof roa.body.errorCode, "string", JSON.stringify(roa.body));
  });
});
