// Real-account safety: read-only operations (x-read-only, else the name) always run; writes run when their
// product declares them safe or the user opts in; everything else is skipped with the reason and the fix.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { classifyOperation, realAccountSkipReason } from "../../src/contract-cases/operation-safety.ts";
import type { CompiledOperation } from "../../src/openapi/compiled-spec.ts";
import { loadSpecs } from "../../src/openapi/load-specs.ts";
import { slsProduct } from "../../src/products/sls-product.ts";

const specs = loadSpecs();
const fake = (id: string, readOnly?: boolean) =>
  ({ id, ...(readOnly === undefined ? {} : { readOnly }) }) as CompiledOperation;

describe("operation safety", () => {
  it("reads by name prefix, unless x-read-only says otherwise", () => {
    const kind = (id: string, readOnly?: boolean) => classifyOperation(fake(id, readOnly), slsProduct).kind;
    assert.equal(kind("DescribeRegions"), "read-only");
    assert.equal(kind("ListShards"), "read-only");
    assert.equal(kind("GetCheckPoint"), "read-only");
    assert.equal(kind("QueryThing"), "read-only");
    assert.equal(kind("Listen"), "write", "a prefix counts only before a new word");
    assert.equal(kind("CreateVpc"), "write");
    assert.equal(kind("DescribeAndDelete", false), "write");
    assert.equal(kind("PurgeCache", true), "read-only");
  });

  it("the committed specs: SLS consumer-group writes are declared safe; nothing committed is skipped on a real account", () => {
    for (const { spec, definition } of specs.products.values())
      for (const op of spec.operations.values()) {
        assert.notEqual(classifyOperation(op, definition).kind, "write", `${definition.id} ${op.id}`);
        assert.equal(realAccountSkipReason(op, definition, false), undefined);
      }
    const create = specs.spec("sls").operations.get("CreateConsumerGroup");
    assert.ok(create);
    assert.equal(classifyOperation(create, slsProduct).kind, "safe-write");
  });

  it("an undeclared write is skipped on a real account unless --allow-writes", () => {
    const reason = realAccountSkipReason(fake("DeleteLogStore"), slsProduct, false);
    assert.match(reason ?? "", /sls DeleteLogStore writes .* pass --allow-writes to send it anyway/);
    assert.equal(realAccountSkipReason(fake("DeleteLogStore"), slsProduct, true), undefined);
  });
});
