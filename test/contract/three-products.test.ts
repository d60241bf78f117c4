/**
 * Acceptance of issue 12: reference pages of operations specgate has no code for — SLS ListShards, Live
 * DescribeLiveStreamsOnlineList and VPC DescribeRegions, a product with no module at all — added under
 * arbitrary names to a temporary copy of the sources and turned into specs by docgen (test/mock/extended-specs.ts);
 * with no code change, one mock serves the three products on one port and `specgate contract --specs DIR`
 * passes with cases for the new operations. SPECGATE_CONTRACT_CASES lowers the positive count for speed.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { servePages } from "./pages-mock.ts";
import { readContractSection, runContractCommand } from "./run-contract-command.ts";

describe("three products from pages, one mock, specgate contract", () => {
  const served = servePages();

  it("passes, with cases for every operation of the three products", { timeout: 300_000 }, async () => {
    const { ext, mock, out } = served;
    assert.deepEqual([...ext.specs.products.keys()], ["live", "sls", "vpc"]);
    const r = await runContractCommand(
      ["--target", mock.url, "--specs", ext.dir, "--out", out, "--seed", "2024"],
      240_000,
    );
    const output = `${r.stdout}\n${r.stderr}`;
    assert.equal(r.code, 0, output);
    const section = readContractSection(out);
    const covered = section.operations.map((o) => `${o.product} ${o.operationId}`);
    const expected = [...ext.specs.products.values()].flatMap(({ definition, spec }) =>
      [...spec.operations.keys()].map((id) => `${definition.id} ${id}`),
    );
    assert.deepEqual(covered.sort(), expected.sort());
    for (const name of ["sls ListShards", "live DescribeLiveStreamsOnlineList", "vpc DescribeRegions"]) {
      const op = section.operations.find((o) => `${o.product} ${o.operationId}` === name);
      assert.ok(op, `${name} has no cases`);
      assert.ok(
        op.positive.total >= 2 && op.positive.passed === op.positive.total,
        `${name}: ${JSON.stringify(op.positive)}`,
      );
      assert.ok(
        op.negative.total >= 2 && op.negative.passed === op.negative.total,
        `${name}: ${JSON.stringify(op.negative)}`,
      );
    }
    assert.match(r.stdout, /vpc\s+DescribeRegions\s+\d+\/\d+\s+\d+\/\d+\s+-\s+PASS/);
  });
});
