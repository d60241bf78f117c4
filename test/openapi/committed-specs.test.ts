// The committed specs (specs/*.openapi.json) load through loadSpecs and carry what the mock, the contract
// suite and the scenarios read from them. Fails — never skips — when they are missing (run npm run gen:specs).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadSpecs } from "../../src/openapi/compile-spec.ts";

describe("committed specs", () => {
  const specs = loadSpecs();
  const sls = specs.spec("sls");
  const live = specs.spec("live");

  it("live ListEventSubEvent: RPC, 50 QPS per account, the 7-day time window, validated paging", () => {
    const op = live.matchRpc("ListEventSubEvent");
    assert.ok(op);
    assert.deepEqual(op.rpc, { action: "ListEventSubEvent", version: "2016-11-01" });
    assert.equal(op.qpsLimit, 50);
    assert.equal(op.qpsLimitScope, "account");
    assert.deepEqual(
      [
        op.timeWindow?.start,
        op.timeWindow?.end,
        op.timeWindow?.maxSpanSeconds,
        op.timeWindow?.maxAgeSeconds,
        op.timeWindow?.granularitySeconds,
      ],
      ["StartTime", "EndTime", 604800, 604800, 60],
    );
    assert.deepEqual(op.signatureSchemes, ["acs3-hmac-sha256", "rpc-v1"]);
    const r = op.validateRequest({
      path: {},
      query: {
        Action: "ListEventSubEvent",
        AppId: "9qb1test",
        StartTime: "1",
        EndTime: "2",
        PageSize: "101",
        PageNo: "0",
      },
    });
    assert.deepEqual(r.ok ? [] : r.violations.map((v) => [v.parameter, v.expected, v.actual]), [
      ["PageSize", "integer ≥ 1 and ≤ 100", "101"],
      ["PageNo", "integer ≥ 1", "0"],
    ]);
  });

  it("live: the page's JSON example validates against its own 200 schema", () => {
    const paths = live.document.paths as Record<
      string,
      {
        get: {
          responses: Record<string, { content: Record<string, { examples: Record<string, { value: unknown }> }> }>;
        };
      }
    >;
    const examples =
      paths["/?Action=ListEventSubEvent"]?.get.responses["200"]?.content["application/json"]?.examples ?? {};
    const values = Object.values(examples).map((e) => e.value);
    assert.ok(values.length > 0);
    for (const v of values)
      assert.deepEqual(live.matchRpc("ListEventSubEvent")?.validateResponse(200, v, "application/json"), []);
  });

  it("sls: heartbeat routes by its fixed query and validates its array body", () => {
    const m = sls.matchRoa("POST", "/logstores/ali-test-logstore/consumergroups/cg", {
      type: "heartbeat",
      consumer: "c1",
    });
    assert.equal(m?.operation.id, "ConsumerGroupHeartBeat");
    assert.deepEqual(m?.operation.validateRequest({ path: m.pathParams, query: { consumer: "c1" }, body: [0] }), {
      ok: true,
      params: { logstore: "ali-test-logstore", consumerGroup: "cg", consumer: "c1" },
    });
    assert.deepEqual(m?.operation.validateResponse(200, [0, 1], "application/json"), []);
    assert.equal(m?.operation.validateResponse(200, { shards: [0] }).length, 1);
    assert.ok(sls.pathExists("/logstores/ali-test-logstore/consumergroups/cg"));
    assert.deepEqual(sls.product, { id: "sls", style: "ROA", errorBody: "sls" });
  });

  it("every documented error status of every operation has error codes, and every operation a default", () => {
    for (const { spec } of specs.products.values())
      for (const op of spec.operations.values()) {
        for (const status of op.documentedStatuses.filter((s) => s >= 400))
          assert.ok(
            op.errorCodes.some((e) => e.status === status),
            `${op.id}: status ${status} has no code`,
          );
        assert.deepEqual(
          op.validateResponse(
            599,
            spec.product.errorBody === "sls"
              ? { errorCode: "X", errorMessage: "m" }
              : { RequestId: "r", Code: "X", Message: "m" },
          ),
          [],
        );
      }
  });
});
