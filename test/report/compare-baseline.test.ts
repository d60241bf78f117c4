import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { applyBaseline, compareBaseline, DEFAULT_TOLERANCES } from "../../src/report/compare-baseline.ts";
import { validateRunSummary } from "../../src/report/parse-run-summary.ts";
import {
  type BaselineComparison,
  type EvictionResult,
  type LoadScenarioResult,
  type RateLimitStage,
  type RunSummary,
  sectionData,
} from "../../src/report/run-summary.ts";
import { buildFixtureSummary } from "./fixture-summary.ts";

function stagesOf(s: LoadScenarioResult): RateLimitStage[] {
  return sectionData<{ stages: RateLimitStage[] }>(s, "rate-limit")?.stages ?? [];
}

function scenario(s: RunSummary, name: string): LoadScenarioResult {
  const found = s.load?.scenarios.find((x) => x.name === name);
  assert.ok(found, name);
  return found;
}

/** A baseline equal to the fixture, then changed by `edit`. */
function baselineWith(edit: (b: RunSummary) => void): RunSummary {
  const b = buildFixtureSummary();
  delete b.baseline;
  edit(b);
  return b;
}

function find(cs: BaselineComparison[], metric: string, scenarioName: string, stage?: string): BaselineComparison {
  const c = cs.find((x) => x.metric === metric && x.scenario === scenarioName && x.stage === stage);
  assert.ok(c, `${metric} ${scenarioName} ${stage ?? ""}`);
  return c;
}

function setP95(s: RunSummary, name: string, value: number): void {
  const m = scenario(s, name).metrics.http_req_duration;
  assert.ok(m);
  m.values["p(95)"] = value;
}

test("an identical run has no regression and 0 % change everywhere", () => {
  const current = buildFixtureSummary();
  const section = compareBaseline(
    current,
    baselineWith(() => {}),
    { file: "b.json" },
  );
  assert.deepEqual(section.tolerances, DEFAULT_TOLERANCES);
  // p95 for both scenarios, admitted rate for 4 stages, eviction latency for one scenario.
  assert.equal(section.comparisons.length, 2 + 4 + 1);
  for (const c of section.comparisons) {
    assert.equal(c.regression, false);
    assert.equal(c.changePct, 0);
  }
  assert.deepEqual(section.notes, []);
});

test("p95 latency: +20 % is allowed, beyond it is a regression (default tolerance)", () => {
  const current = buildFixtureSummary(); // rate-limit p95 = 15.4
  const at = compareBaseline(
    current,
    baselineWith((b) => setP95(b, "rate-limit", 15.4 / 1.2)),
    { file: "b" },
  );
  assert.equal(find(at.comparisons, "p95_latency_ms", "rate-limit").regression, false);
  const beyond = compareBaseline(
    current,
    baselineWith((b) => setP95(b, "rate-limit", 12.5)),
    { file: "b" },
  );
  const c = find(beyond.comparisons, "p95_latency_ms", "rate-limit");
  assert.equal(c.regression, true);
  assert.equal(c.changePct, 23.2);
  assert.equal(c.tolerancePct, 20);
  const faster = compareBaseline(
    current,
    baselineWith((b) => setP95(b, "rate-limit", 30)),
    { file: "b" },
  );
  assert.equal(
    find(faster.comparisons, "p95_latency_ms", "rate-limit").regression,
    false,
    "faster is never a regression",
  );
});

test("admitted rate per stage: a drop beyond 5 % is a regression, a rise is not", () => {
  const current = buildFixtureSummary(); // stage "75 req/s" admitted 500 in 10 s = 50 req/s
  const setAdmitted = (n: number) =>
    baselineWith((b) => {
      const st = stagesOf(scenario(b, "rate-limit")).find((x) => x.name === "75 req/s");
      assert.ok(st);
      st.admitted = n;
    });
  const drop = compareBaseline(current, setAdmitted(530), { file: "b" }); // 53 → 50 = −5.66 %
  const c = find(drop.comparisons, "admitted_rps", "rate-limit", "75 req/s");
  assert.deepEqual([c.baseline, c.current, c.changePct, c.regression], [53, 50, -5.66, true]);
  const within = compareBaseline(current, setAdmitted(520), { file: "b" }); // 52 → 50 = −3.85 %
  assert.equal(find(within.comparisons, "admitted_rps", "rate-limit", "75 req/s").regression, false);
  const rise = compareBaseline(current, setAdmitted(400), { file: "b" });
  assert.equal(find(rise.comparisons, "admitted_rps", "rate-limit", "75 req/s").regression, false);
});

test("eviction latency compares the worst run; custom tolerances apply", () => {
  const current = buildFixtureSummary(); // one run, 10 650 ms
  const baseline = baselineWith((b) => {
    const runs = sectionData<EvictionResult>(scenario(b, "heartbeat-eviction"), "eviction")?.runs;
    assert.ok(runs?.[0]);
    runs[0].latencyMs = 9_500;
    runs.push({ ...runs[0], latencyMs: 9_600 });
  });
  const def = find(
    compareBaseline(current, baseline, { file: "b" }).comparisons,
    "eviction_latency_ms",
    "heartbeat-eviction",
  );
  assert.deepEqual([def.baseline, def.current, def.changePct, def.regression], [9_600, 10_650, 10.94, true]);
  const loose = compareBaseline(current, baseline, { file: "b", tolerances: { evictionLatencyPct: 15 } });
  assert.equal(find(loose.comparisons, "eviction_latency_ms", "heartbeat-eviction").regression, false);
  assert.equal(loose.tolerances.p95LatencyPct, DEFAULT_TOLERANCES.p95LatencyPct);
  assert.deepEqual(compareBaseline(current, baseline, { file: "b" }).notes, []);
  // A version 1 baseline (read as version 2: its runs have no resolution) measured eviction latency differently:
  // compared all the same, and said so.
  const v1Baseline = baselineWith((b) => {
    const runs = sectionData<EvictionResult>(scenario(b, "heartbeat-eviction"), "eviction")?.runs ?? [];
    for (const r of runs) {
      r.latencyMs = 9_600;
      delete r.resolutionMs;
      delete r.truth;
    }
  });
  const v1 = compareBaseline(current, v1Baseline, { file: "b" });
  assert.equal(find(v1.comparisons, "eviction_latency_ms", "heartbeat-eviction").regression, true);
  assert.deepEqual(v1.notes, [
    "heartbeat-eviction: the baseline (schemaVersion 1) measured eviction latency to the answer that showed it, up to one heartbeat interval later than this run's middle of its probe window",
  ]);
});

test("what exists on one side only is noted, never silently dropped", () => {
  const current = buildFixtureSummary();
  const baseline = baselineWith((b) => {
    const rate = scenario(b, "rate-limit");
    const data = sectionData<{ stages: RateLimitStage[] }>(rate, "rate-limit");
    assert.ok(data?.stages[0]);
    data.stages = data.stages.filter((s) => s.name !== "100 req/s").concat([{ ...data.stages[0], name: "10 req/s" }]);
    delete scenario(b, "heartbeat-eviction").metrics.http_req_duration;
    b.load?.scenarios.push({ ...rate, name: "old-scenario" });
  });
  const notes = compareBaseline(current, baseline, { file: "b" }).notes;
  assert.deepEqual(notes.sort(), [
    "heartbeat-eviction: http_req_duration p(95) is only in the current run",
    "rate-limit: baseline stage '10 req/s' did not run now",
    "rate-limit: stage '100 req/s' is not in the baseline",
    "scenario 'old-scenario' is in the baseline but did not run now",
  ]);
});

test("a baseline of 0 gives changePct null and flags any increase", () => {
  const current = buildFixtureSummary();
  const c = find(
    compareBaseline(
      current,
      baselineWith((b) => setP95(b, "rate-limit", 0)),
      { file: "b" },
    ).comparisons,
    "p95_latency_ms",
    "rate-limit",
  );
  assert.equal(c.changePct, null);
  assert.equal(c.regression, true);
});

test("negative or non-finite tolerances are refused", () => {
  const s = buildFixtureSummary();
  assert.throws(
    () => compareBaseline(s, s, { file: "b", tolerances: { p95LatencyPct: -1 } }),
    /p95LatencyPct must be a finite percentage/,
  );
  assert.throws(() => compareBaseline(s, s, { file: "b", tolerances: { admittedRatePct: Number.NaN } }), RangeError);
});

test("property: regression is monotonic in the current p95, and never at or below the baseline", () => {
  fc.assert(
    fc.property(
      fc.double({ min: 0.5, max: 5_000, noNaN: true }),
      fc.double({ min: 0.5, max: 5_000, noNaN: true }),
      fc.double({ min: 0.5, max: 5_000, noNaN: true }),
      fc.double({ min: 0, max: 100, noNaN: true }),
      (base, a, b, tol) => {
        const baseline = baselineWith((x) => setP95(x, "rate-limit", base));
        const opts = { file: "b", tolerances: { p95LatencyPct: tol } };
        const regressionAt = (p95: number) => {
          const current = buildFixtureSummary();
          setP95(current, "rate-limit", p95);
          const section = compareBaseline(current, baseline, opts);
          assert.ok(validateRunSummary({ ...current, baseline: section }).ok, "the section is schema-valid");
          return find(section.comparisons, "p95_latency_ms", "rate-limit").regression;
        };
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        if (regressionAt(lo)) assert.equal(regressionAt(hi), true, `${lo} regressed but ${hi} did not`);
        if (lo <= base) assert.equal(regressionAt(lo), false);
      },
    ),
    { numRuns: 60 },
  );
});

test("applyBaseline: a regression fails a passed run; failed and interrupted runs keep their verdict", () => {
  const passed: RunSummary = { ...buildFixtureSummary(), verdict: "passed", exitCode: 0 };
  const regressed = compareBaseline(
    passed,
    baselineWith((b) => setP95(b, "rate-limit", 1)),
    { file: "b" },
  );
  const clean = compareBaseline(
    passed,
    baselineWith(() => {}),
    { file: "b" },
  );
  assert.deepEqual(
    [applyBaseline(passed, regressed).verdict, applyBaseline(passed, regressed).exitCode],
    ["failed", 1],
  );
  assert.deepEqual([applyBaseline(passed, clean).verdict, applyBaseline(passed, clean).exitCode], ["passed", 0]);
  const interrupted: RunSummary = { ...passed, verdict: "interrupted", exitCode: 130 };
  assert.equal(applyBaseline(interrupted, regressed).exitCode, 130);
  assert.equal(applyBaseline(passed, regressed).baseline, regressed);
});
