// A per-minute limit on the built-in engine against the mock, fast: the mock's monotonic clock runs 20× (its
// 60 s window passes in 3 s; signatures keep the real wall clock) and the scenario is told the window is 3 s
// (`windowMs`), so the whole per-minute plan (0.5×, 2× and recovery) takes about 7 s. The operation is the demo
// product's DescribeThrottledThings (x-qps-limit-window: minute, V3 signatures only) with its limit raised to 120 per
// minute in a copy of the spec; the mock of the failing case serves a copy that says 40.
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { RateLimitSectionData } from "../../load/scenarios/rate-limit.scenario.ts";
import { resolveTarget, withBaseUrl } from "../../src/client/target.ts";
import type { Clock } from "../../src/core/clock.ts";
import type { EngineLogger } from "../../src/engine/iteration-context.ts";
import { runScenarioNode } from "../../src/load-runner/run-scenario-node.ts";
import { startMock } from "../../src/mock/create-mock-server.ts";
import { type LoadedSpecs, loadSpecs } from "../../src/openapi/load-specs.ts";
import { sectionData } from "../../src/report/run-summary.ts";

const SPEEDUP = 20;
const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The committed specs plus the demo product whose DescribeThrottledThings allows `limit` per minute. */
function specsWithLimit(limit: number): LoadedSpecs {
  const dir = mkdtempSync(join(tmpdir(), "specgate-per-minute-"));
  dirs.push(dir);
  for (const id of ["sls", "live"]) copyFileSync(join("specs", `${id}.openapi.json`), join(dir, `${id}.openapi.json`));
  const demo = JSON.parse(readFileSync("test/mock/fixtures/demo.openapi.json", "utf8")) as {
    paths: Record<string, { get: Record<string, unknown> }>;
  };
  const op = demo.paths["/?Action=DescribeThrottledThings"]?.get;
  assert.equal(op?.["x-qps-limit-window"], "minute");
  if (op) op["x-qps-limit"] = limit;
  writeFileSync(join(dir, "demo.openapi.json"), JSON.stringify(demo));
  return loadSpecs(dir);
}

/** The mock's clock: monotonic time 20× as fast (its windows), wall time real (signature dates). */
const fastClock: Clock = { monotonicMs: () => performance.now() * SPEEDUP, wallMs: () => Date.now() };
const quiet: EngineLogger = { info: () => {}, warn: () => {}, error: () => {} };
const WINDOW_MS = 60_000 / SPEEDUP;

async function runAgainst(scenarioSpecs: LoadedSpecs, mockSpecs: LoadedSpecs) {
  const mock = await startMock({ specs: mockSpecs, clock: fastClock });
  try {
    const products = [...scenarioSpecs.products.values()].map((p) => p.definition);
    const target = withBaseUrl(resolveTarget({ target: "mock", env: {}, products }), mock.url);
    const out = mkdtempSync(join(tmpdir(), "specgate-per-minute-out-"));
    dirs.push(out);
    return await runScenarioNode({
      scenario: "rate-limit",
      target,
      // The default per-minute plan in 3-second windows; 10 % tolerance for a shared, busy test machine.
      options: { operation: "DescribeThrottledThings", windowMs: WINDOW_MS, tolerance: 0.1 },
      specs: scenarioSpecs,
      outDir: out,
      log: quiet,
    });
  } finally {
    await mock.close();
  }
}

describe("a per-minute limit on the built-in engine, in a shortened window", () => {
  it("passes where the mock enforces the documented limit per window", async () => {
    const specs = specsWithLimit(120);
    const r = await runAgainst(specs, specs);
    assert.deepEqual(r.findings, []);
    assert.equal(r.passed, true);
    assert.equal(r.result.name, "rate-limit:DescribeThrottledThings");
    // The demo page documents no throttling answer: its code is checked, and the run says that is all.
    assert.match(r.notes.join("\n"), /documents no throttling answer/);
    const data = sectionData<RateLimitSectionData>(r.result, "rate-limit");
    assert.deepEqual(data?.window, { limit: 120, ms: WINDOW_MS });
    const [below, over] = data?.stages ?? [];
    assert.deepEqual([below?.name, below?.sent, below?.admitted], ["0.5x", 60, 60]);
    // 240 offered in one window, 120 admitted: the window's limit, whatever the 0.5× stage left in it.
    assert.equal(over?.sent, 240);
    assert.ok(Math.abs((over?.admitted ?? 0) - 120) <= 12, JSON.stringify(over));
  });

  it("fails against a mock with a lower limit, naming the measured and the documented limit", async () => {
    const r = await runAgainst(specsWithLimit(120), specsWithLimit(40));
    assert.equal(r.passed, false);
    assert.match(r.findings.join("\n"), /2x: admitted (3[6-9]|4[0-4]) per 3 s, documented 120 per 3 s/);
    assert.match(r.findings.join("\n"), /0\.5x: \d+ of 60 requests throttled at 60 per 3 s offered/);
  });
});
