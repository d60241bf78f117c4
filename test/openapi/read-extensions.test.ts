import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compileSpec } from "../../src/openapi/compile-spec.ts";
import {
  readXErrorCodes,
  readXProduct,
  readXQpsLimit,
  readXQpsLimitOverflow,
  readXQpsLimitScope,
  readXQpsLimitWindow,
  readXSignatureSchemes,
  readXTimeWindow,
} from "../../src/openapi/read-extensions.ts";
import { SpecError } from "../../src/openapi/spec-error.ts";
import { loadFixture } from "./load-fixture.ts";

const W = "operation 'x'";

describe("x- extension accessors", () => {
  it("exposes the Live limits and time window on the compiled operation", () => {
    const op = compileSpec(loadFixture("rpc")).matchRpc("ListEventSubEvent");
    assert.ok(op);
    assert.equal(op.qpsLimit, 50);
    assert.equal(op.qpsLimitScope, "account");
    assert.equal(op.qpsLimitOverflow, "dropped");
    assert.equal(op.ramAction, "live:ListEventSubEvent");
    assert.deepEqual(op.rpc, { action: "ListEventSubEvent", version: "2016-11-01" });
    assert.deepEqual(op.signatureSchemes, ["acs3-hmac-sha256", "rpc-v1"]);
    assert.equal(op.timeWindow?.maxSpanSeconds, 604800);
    assert.equal(op.timeWindow?.granularitySeconds, 60);
    assert.equal(op.timeWindow?.source.length, 3);
    assert.equal(op.style, "RPC");
    assert.equal(op.pathTemplate, "/");
  });

  it("reads x-qps-limit-window: second or minute, and second when absent (documents before the window)", () => {
    assert.equal(readXQpsLimitWindow({ "x-qps-limit-window": "minute" }, W), "minute");
    assert.equal(readXQpsLimitWindow({ "x-qps-limit-window": "second" }, W), "second");
    assert.equal(readXQpsLimitWindow({ "x-qps-limit": 50 }, W), "second");
  });

  it("reads valid values and returns undefined/[] when absent", () => {
    assert.equal(readXQpsLimit({}, W), undefined);
    assert.deepEqual(readXErrorCodes({}, W), []);
    assert.equal(readXTimeWindow({}, W), undefined);
    assert.deepEqual(
      readXProduct({ "x-product": { id: "live", style: "RPC", errorBody: "rpc", version: "2016-11-01" } }),
      {
        id: "live",
        style: "RPC",
        errorBody: "rpc",
        version: "2016-11-01",
      },
    );
    assert.deepEqual(
      readXErrorCodes({ "x-error-codes": [{ status: 404, code: "C", message: "m", unconfirmed: true }] }, W),
      [{ status: 404, code: "C", message: "m", unconfirmed: true }],
    );
  });

  const bad: [string, Record<string, unknown>, RegExp][] = [
    ["x-qps-limit", { "x-qps-limit": 0 }, /x-qps-limit: 'x-qps-limit' must be a positive number \(got 0\)/],
    ["x-qps-limit-scope", { "x-qps-limit-scope": "region" }, /expected one of account, api, ip \(got "region"\)/],
    ["x-qps-limit-overflow", { "x-qps-limit-overflow": 429 }, /expected one of dropped, rejected, unspecified/],
    ["x-signature-schemes", { "x-signature-schemes": ["hmac"] }, /unknown scheme "hmac"/],
    [
      "x-error-codes",
      { "x-error-codes": [{ status: 700, code: "C", message: "" }] },
      /entry 0: 'status' must be an HTTP status code/,
    ],
    [
      "x-time-window",
      { "x-time-window": { start: "A", end: "A", source: [] } },
      /'start' and 'end' name the same parameter 'A'/,
    ],
    ["x-time-window", { "x-time-window": { start: "A", end: "B" } }, /'source' must be an array/],
    ["x-qps-limit-window", { "x-qps-limit-window": "hour" }, /expected one of second, minute \(got "hour"\)/],
  ];
  for (const [ext, node, pattern] of bad)
    it(`rejects a malformed ${ext} with a SpecError naming the operation`, () => {
      const read = {
        "x-qps-limit": readXQpsLimit,
        "x-qps-limit-scope": readXQpsLimitScope,
        "x-qps-limit-overflow": readXQpsLimitOverflow,
        "x-qps-limit-window": readXQpsLimitWindow,
        "x-signature-schemes": readXSignatureSchemes,
        "x-error-codes": readXErrorCodes,
        "x-time-window": readXTimeWindow,
      }[ext] as (n: Record<string, unknown>, w: string) => unknown;
      assert.throws(
        () => read(node, W),
        (err: unknown) =>
          err instanceof SpecError &&
          err.message.startsWith(`${W} has a malformed ${ext}`) &&
          pattern.test(err.message),
      );
    });
});
