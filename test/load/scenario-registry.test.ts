// A scenario is one value (issue 13): a scenario registered by this test alone — no runner, bundle script,
// summary field or renderer names it — runs on the built-in engine, bundles for k6 and runs there (the k6
// shim), and shows in the Markdown, HTML and JUnit reports and in `specgate load --help`.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  registeredScenarios,
  registerScenario,
  unregisterScenario,
  viewSection,
} from "../../load/scenarios/registry.ts";
import { resolveTarget, withBaseUrl } from "../../src/client/target.ts";
import { run as runLoadCommand } from "../../src/commands/load.ts";
import { buildK6Bundles } from "../../src/load-runner/build-k6-bundles.ts";
import { runScenarioNode } from "../../src/load-runner/run-scenario-node.ts";
import { validateRunSummary } from "../../src/report/parse-run-summary.ts";
import { renderHtml } from "../../src/report/render-html.ts";
import { renderJunit } from "../../src/report/render-junit.ts";
import { renderMarkdown } from "../../src/report/render-markdown.ts";
import type { LoadScenarioResult, RunSummary } from "../../src/report/run-summary.ts";
import { buildFixtureSummary } from "../report/fixture-summary.ts";
import { PING_SCENARIO } from "./fixtures/ping-scenario.ts";
import { runK6Bundle } from "./k6-shim.ts";
import { type MockProcess, spawnMock } from "./spawn-mock.ts";

const ENTRY = { definition: PING_SCENARIO, module: "test/load/fixtures/ping-scenario.ts", exportName: "PING_SCENARIO" };
const dir = mkdtempSync(join(tmpdir(), "specgate-fixture-scenario-"));
// In its own process: the k6 shim blocks this thread on each request.
let mock: MockProcess;

before(async () => {
  registerScenario(ENTRY);
  mock = await spawnMock();
});
after(async () => {
  unregisterScenario(PING_SCENARIO.name);
  await mock.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The report tests' fixture summary (test/report/fixture-summary.ts) with `result` its only step and scenario. */
function summaryWith(result: LoadScenarioResult): RunSummary {
  const { contract: _contract, baseline: _baseline, ...fixture } = buildFixtureSummary();
  return {
    ...fixture,
    verdict: "passed",
    exitCode: 0,
    steps: [{ name: `load:${result.name}`, status: "passed", durationMs: 2000 }],
    load: { scenarios: [result] },
  };
}

test("a fixture scenario runs on the built-in engine and shows in every report", async () => {
  const target = withBaseUrl(resolveTarget({ target: "mock", env: {} }), mock.url);
  const quiet = { info() {}, warn() {}, error() {} };
  const r = await runScenarioNode({ scenario: PING_SCENARIO.name, target, outDir: dir, log: quiet });
  assert.equal(r.passed, true, r.findings.join("; "));
  const section = r.result.sections.find((s) => s.kind === "fixture-ping");
  const data = section?.data as { answered: number; reports: number };
  assert.ok(data.answered >= 4, JSON.stringify(data));
  assert.equal(data.reports, 1, "iteration 0 of 5 reports");
  const summary = summaryWith(r.result);
  assert.equal(validateRunSummary(summary).ok, true, JSON.stringify(validateRunSummary(summary)));
  assert.match(renderMarkdown(summary, viewSection), new RegExp(`${data.answered} pings answered`));
  assert.match(renderMarkdown(summary, viewSection), /\| Pings answered \| Reports \|/);
  assert.match(renderHtml(summary, { js: "", css: "" }, viewSection), /<th[^>]*>Pings answered<\/th>/);
  assert.match(
    renderJunit(summary, viewSection),
    /classname="load\.fixture-ping\.fixture-ping" name="every ping answered"/,
  );
});

test("the fixture scenario bundles for k6 and its bundle runs (k6 shim) with its reports on the console", async () => {
  const [file] = await buildK6Bundles(
    dir,
    registeredScenarios().filter((e) => e.definition === PING_SCENARIO),
  );
  assert.ok(file !== undefined && existsSync(file));
  assert.match(readFileSync(file, "utf8"), /^export const iterate = module\.exports\.iterate;$/m);
  const r = await runK6Bundle({ script: file, env: { SPECGATE_TARGET: mock.url, SPECGATE_REPORT_DIR: dir } });
  assert.equal(r.exitCode, 0, r.outputs.stdout);
  assert.equal(r.logs.filter((l) => l.msg.startsWith("SPECGATE_REPORT ")).length, 1);
  assert.match(r.outputs.stdout ?? "", /pings: \d+/);
});

test("specgate load --help lists the fixture scenario and its options", async () => {
  const lines: string[] = [];
  const log = console.log;
  console.log = (text: string) => lines.push(text);
  try {
    assert.equal(await runLoadCommand(["--help"]), 0);
  } finally {
    console.log = log;
  }
  assert.match(lines.join("\n"), /fixture-ping\s+test fixture: GETs to the Live endpoint/);
  assert.match(lines.join("\n"), /fixture-ping: rate/);
});

test("every registered entry names the module and export its definition comes from (what build:k6 bundles)", async () => {
  const entries = registeredScenarios();
  assert.ok(entries.length >= 3, entries.map((e) => e.definition.name).join(", "));
  for (const { definition, module, exportName } of entries) {
    const exported = (await import(`../../${module}`)) as Record<string, unknown>;
    assert.equal(exported[exportName], definition, `${definition.name}: ${module} ${exportName}`);
  }
});
