// A target holds the products in use, whatever they are: the rate-limit scenario loads an operation of a product
// that is neither SLS nor Live with only that product's spec loaded (the hand-written demo product's
// DescribeThrottledThings, signed with V3), and heartbeat-eviction, which exercises SLS consumer groups, refuses such
// a target in one line naming the fix instead of failing inside a request.
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { resolveTarget, withBaseUrl } from "../../src/client/target.ts";
import { UsageError } from "../../src/core/usage-error.ts";
import type { EngineLogger } from "../../src/engine/iteration-context.ts";
import { runScenarioNode, toScenarioTarget } from "../../src/load-runner/run-scenario-node.ts";
import { startMock } from "../../src/mock/create-mock-server.ts";
import { loadSpecs } from "../../src/openapi/load-specs.ts";

const dir = mkdtempSync(join(tmpdir(), "specgate-one-product-"));
after(() => rmSync(dir, { recursive: true, force: true }));
copyFileSync("test/mock/fixtures/demo.openapi.json", join(dir, "demo.openapi.json"));
const specs = loadSpecs(dir);
const products = [...specs.products.values()].map((p) => p.definition);
const quiet: EngineLogger = { info: () => {}, warn: () => {}, error: () => {} };

test("a target of one product that is neither SLS nor Live holds that product only", () => {
  const target = withBaseUrl(resolveTarget({ target: "mock", env: {}, products }), "http://127.0.0.1:1");
  assert.deepEqual(Object.keys(toScenarioTarget(target).products), ["demo"]);
});

test("rate-limit loads an operation of that product, its spec the only one loaded", async () => {
  const mock = await startMock({ specs });
  try {
    const target = withBaseUrl(resolveTarget({ target: "mock", env: {}, products }), mock.url);
    const r = await runScenarioNode({
      scenario: "rate-limit",
      target,
      // Below the documented 2 per minute: two requests, both admitted.
      options: {
        operation: "DescribeThrottledThings",
        windowMs: 1000,
        multipliers: [0.5],
        stageMs: 2000,
        kneeSteps: 0,
      },
      specs,
      outDir: join(dir, "out"),
      log: quiet,
    });
    assert.deepEqual(r.findings, []);
    assert.equal(r.result.name, "rate-limit:DescribeThrottledThings");
    assert.equal(r.engineResult.metrics.admitted_requests?.values.count, 2);
  } finally {
    await mock.close();
  }
});

test("heartbeat-eviction refuses a target without SLS, naming what to load", async () => {
  const target = withBaseUrl(resolveTarget({ target: "mock", env: {}, products }), "http://127.0.0.1:1");
  await assert.rejects(
    runScenarioNode({ scenario: "heartbeat-eviction", target, specs, outDir: join(dir, "out"), log: quiet }),
    (e: unknown) =>
      e instanceof UsageError && /heartbeat-eviction exercises SLS.*knows demo.*load the SLS spec/.test(e.message),
  );
});
