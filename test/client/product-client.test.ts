// The client of any product, from its registry entry, against the mock: every scheme each committed product
// accepts gets a 200 for an operation called by its compiled form (SLS LOG with sha256 and sha1 and v4 over its
// Host rule, Live V3 and RPC v1), and a scheme the product does not accept is refused before sending.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { clientForProduct } from "../../src/client/product-client.ts";
import { resolveTarget, type Target, withBaseUrl } from "../../src/client/target.ts";
import { type RunningMock, startMock } from "../../src/mock/create-mock-server.ts";
import { loadSpecs } from "../../src/openapi/load-specs.ts";

const specs = loadSpecs();

describe("clientForProduct against the mock", () => {
  let mock: RunningMock;
  let target: Target;

  before(async () => {
    mock = await startMock({ port: 0, specs });
    const products = [...specs.products.values()].map((p) => p.definition);
    // The mock takes the SLS project from the Host's first label; any endpoint suffix will do.
    const env = { SPECGATE_SLS_ENDPOINT: "cn-hangzhou.log.aliyuncs.com" };
    target = withBaseUrl(resolveTarget({ target: "mock", env, products }), mock.url);
  });
  after(async () => {
    await mock?.close();
  });

  it("SLS: every scheme the spec lists reaches ListConsumerGroup", async () => {
    const op = specs.spec("sls").operations.get("ListConsumerGroup");
    assert.ok(op);
    for (const signature of specs.definition("sls").signatureSchemes) {
      const ex = await clientForProduct(target, "sls", { signature, retry: false }).call(op, {
        path: { logstore: "ali-test-logstore" },
      });
      assert.equal(ex.status, 200, `${signature}: ${ex.rawBody}`);
      assert.deepEqual(op.validateResponse(ex.status, ex.body, ex.headers["content-type"]), [], signature);
    }
  });

  it("Live: V3 and RPC v1 reach ListEventSubEvent with the operation's Action and Version", async () => {
    const op = specs.spec("live").operations.get("ListEventSubEvent");
    assert.ok(op);
    const now = Math.floor(Date.now() / 60_000) * 60;
    const query = {
      AppId: "9qb1test",
      StartTime: String(now - 3600),
      EndTime: String(now),
      PageSize: "5",
      PageNo: "1",
    };
    for (const signature of specs.definition("live").signatureSchemes) {
      const ex = await clientForProduct(target, "live", { signature, retry: false }).call(op, { query });
      assert.equal(ex.status, 200, `${signature}: ${ex.rawBody}`);
      assert.deepEqual(op.validateResponse(ex.status, ex.body, ex.headers["content-type"]), [], signature);
    }
  });

  it("refuses a scheme the product does not accept, and a product not in use", () => {
    assert.throws(() => clientForProduct(target, "sls", { signature: "rpc-v1" }), /'sls' accepts .*, not rpc-v1/);
    assert.throws(() => clientForProduct(target, "live", { signature: "sls-v4" }), /'live' accepts .*, not sls-v4/);
    assert.throws(() => clientForProduct(target, "vpc"), /the target has no product 'vpc' \(in use: live, sls\)/);
  });
});
