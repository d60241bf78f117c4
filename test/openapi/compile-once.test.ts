import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import { compileSpec } from "../../src/openapi/compile-spec.ts";
import { loadFixture } from "./load-fixture.ts";

type AnyFn = (this: unknown, ...args: unknown[]) => unknown;

/** Counts calls of an Ajv prototype method (public `compile`, and the internal schema compiler used for $refs). */
function spy(name: string): { count: () => number; restore: () => void } {
  const proto = Ajv2020.prototype as unknown as Record<string, AnyFn>;
  const original = proto[name];
  assert.equal(typeof original, "function", `Ajv has no method ${name}: update this test for the installed Ajv`);
  let calls = 0;
  proto[name] = function (this: unknown, ...args: unknown[]) {
    calls++;
    return (original as AnyFn).apply(this, args);
  };
  return {
    count: () => calls,
    restore: () => {
      proto[name] = original as AnyFn;
    },
  };
}

describe("compile once", () => {
  it("compiles every validator in compileSpec and none while validating 10k requests and responses", () => {
    const compile = spy("compile");
    const compileEnv = spy("_compileSchemaEnv");
    try {
      const live = compileSpec(loadFixture("rpc"));
      const sls = compileSpec(loadFixture("roa"));
      const afterCompile = compile.count();
      assert.ok(afterCompile > 0, "compileSpec compiled nothing: the spy is not observing Ajv");
      const envAfterCompile = compileEnv.count();
      assert.ok(envAfterCompile > 0, "the internal schema compiler spy saw nothing");
      const op = live.matchRpc("ListEventSubEvent");
      const hb = sls.operations.get("ConsumerGroupHeartBeat");
      assert.ok(op && hb);
      for (let i = 0; i < 10_000; i++) {
        op.validateRequest({
          path: {},
          query: { AppId: "a", StartTime: "1", EndTime: "2", PageSize: String((i % 120) + 1), PageNo: "1" },
        });
        op.validateResponse(i % 2 === 0 ? 200 : 500, { RequestId: "r", Code: "X", Message: "m", Count: i });
        const route = sls.matchRoa("POST", `/logstores/l/consumergroups/g${i}`, { type: "heartbeat" });
        route?.operation.validateRequest({ path: route.pathParams, query: { consumer: "c" }, body: [i] });
        hb.validateResponse(400, { errorCode: "E" });
      }
      assert.equal(compile.count(), afterCompile);
      assert.equal(compileEnv.count(), envAfterCompile);
    } finally {
      compile.restore();
      compileEnv.restore();
    }
  });
});

describe("the compiled document", () => {
  it("is a frozen copy, unless the caller adopts its own document, which is then frozen in place", () => {
    const mine = loadFixture("rpc");
    const copied = compileSpec(mine);
    assert.notEqual(copied.document, mine);
    assert.ok(Object.isFrozen(copied.document.paths));
    assert.ok(!Object.isFrozen(mine), "the caller's document was frozen although it was not adopted");
    const adopted = compileSpec(mine, { adopt: true });
    assert.equal(adopted.document, mine);
    assert.ok(Object.isFrozen((mine as { paths: object }).paths));
    assert.deepEqual(adopted.document, copied.document);
  });
});
