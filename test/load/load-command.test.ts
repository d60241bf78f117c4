// `specgate load` as users run it: usage errors exit 2 with a message, and `--engine k6` drives a `k6`
// found on PATH (here the shim's stand-in, test/load/fixtures/bin/k6) end to end against a mock it starts.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import { after, test } from "node:test";

const ROOT = resolve(import.meta.dirname, "../..");
const out = mkdtempSync(join(tmpdir(), "specgate-load-cli-"));
after(() => rmSync(out, { recursive: true, force: true }));

function specgate(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli.ts", "load", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, SPECGATE_TARGET: "", ...env },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("usage errors name the problem and exit 2", () => {
  const unknown = specgate(["burst"]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown scenario "burst"; scenarios: heartbeat-eviction, rate-limit/);
  const engine = specgate(["rate-limit", "--engine", "jmeter"]);
  assert.equal(engine.code, 2);
  assert.match(engine.stderr, /--engine must be auto, node or k6/);
  const noK6 = specgate(["rate-limit", "--engine", "k6"], { PATH: "/nonexistent" });
  assert.equal(noK6.code, 2);
  assert.match(noK6.stderr, /no k6 on PATH/);
  const option = specgate(["heartbeat-eviction", "--option", "intervalMs=5000"]);
  assert.equal(option.code, 2);
  assert.match(option.stderr, /interval 5000 ms must be shorter than the timeout 2000 ms/);
});

test("a real account is refused overload unless --allow-overload is given", () => {
  const r = specgate(["rate-limit", "--target", "real", "--engine", "node"], {
    ALIBABA_CLOUD_ACCESS_KEY_ID: "id",
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: "secret-value",
    SPECGATE_SLS_ENDPOINT: "cn-hangzhou.log.aliyuncs.com",
    SPECGATE_SLS_PROJECT: "p",
    SPECGATE_SLS_LOGSTORE: "l",
    SPECGATE_LIVE_APP_ID: "a",
  });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /pass --allow-overload to accept/);
  assert.doesNotMatch(r.stdout + r.stderr, /secret-value/);
});

test("--engine k6 runs the bundle with the k6 on PATH and reads back its summary and round lines", () => {
  // A folder that does not exist yet: k6 never creates one for handleSummary's files, specgate must.
  const fresh = join(out, "new", "reports");
  const r = specgate(
    ["heartbeat-eviction", "--engine", "k6", "--out", fresh, "--option", "rounds=1", "--option", "timeoutMs=1000"],
    { PATH: `${join(ROOT, "test/load/fixtures/bin")}${delimiter}${process.env.PATH ?? ""}` },
  );
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /engine: k6 \(.*test\/load\/fixtures\/bin\/k6\)/);
  assert.match(
    r.stdout,
    /round 0: last heartbeat \d+ ms, detected \d+ ms, latency \d+\.\d ± \d+\.\d ms .*mock's event log \d+\.\d ms/,
  );
  assert.match(r.stdout, /heartbeat-eviction on k6: PASSED/);
  const saved = JSON.parse(readFileSync(join(fresh, "load-heartbeat-eviction.json"), "utf8")) as {
    engine: string;
    series: { seconds: number; metrics: Record<string, { count: number[]; p95?: (number | null)[] }> };
  };
  assert.equal(saved.engine, "k6");
  // The per-second series come from k6's metric stream, as the built-in engine records them; the stream is gone.
  assert.ok(saved.series.seconds >= 2, JSON.stringify(saved.series));
  const reqs = saved.series.metrics.http_reqs?.count ?? [];
  assert.equal(reqs.length, saved.series.seconds);
  assert.ok(reqs.reduce((a, b) => a + b, 0) >= 8, `heartbeats per second: ${reqs.join(",")}`);
  assert.ok((saved.series.metrics.heartbeat_rtt_ms?.p95 ?? []).some((v) => typeof v === "number" && v > 0));
  assert.equal(existsSync(join(fresh, "load-heartbeat-eviction.k6-metrics.jsonl")), false, "stream removed");
});

test("--keep-k6-metrics keeps k6's metric stream, without signatures or credentials in it", () => {
  const dir = join(out, "keep");
  const r = specgate(
    [
      "rate-limit",
      "--engine",
      "k6",
      "--out",
      dir,
      "--keep-k6-metrics",
      "--option",
      "multipliers=[1]",
      "--option",
      "stageMs=1000",
      "--option",
      "settleMs=0",
      "--option",
      "kneeSteps=0",
    ],
    { PATH: `${join(ROOT, "test/load/fixtures/bin")}${delimiter}${process.env.PATH ?? ""}` },
  );
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const stream = readFileSync(join(dir, "load-rate-limit.k6-metrics.jsonl"), "utf8");
  assert.match(stream, /"metric":"admitted_requests","type":"Point"/);
  assert.doesNotMatch(stream, /Signature|AccessKeyId|specgate-test-secret/);
  const saved = JSON.parse(readFileSync(join(dir, "load-rate-limit.json"), "utf8")) as {
    series: { metrics: Record<string, { count: number[] }> };
  };
  const admitted = saved.series.metrics.admitted_requests?.count ?? [];
  assert.ok(admitted.reduce((a, b) => a + b, 0) >= 40, `admitted per second: ${admitted.join(",")}`);
});

/** Runs `specgate load ARGS`, sends it SIGINT once its scenario has run `afterMs`, and collects what it said. */
function interruptLoad(args: string[], afterMs: number, env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "load", ...args], {
      cwd: ROOT,
      env: { ...process.env, SPECGATE_TARGET: "", ...env },
    });
    let stdout = "";
    let stderr = "";
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (timer === undefined && stdout.includes("scenario:")) timer = setTimeout(() => child.kill("SIGINT"), afterMs);
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

for (const engine of ["k6", "node"] as const) {
  test(`Ctrl-C during a ${engine} run: interrupted, exit 130, the partial result kept, nothing "crashed"`, async () => {
    const dir = join(out, `interrupt-${engine}`);
    const r = await interruptLoad(
      ["heartbeat-eviction", "--engine", engine, "--out", dir, "--option", "rounds=4", "--option", "timeoutMs=1000"],
      3500,
      { PATH: `${join(ROOT, "test/load/fixtures/bin")}${delimiter}${process.env.PATH ?? ""}` },
    );
    assert.equal(r.code, 130, r.stdout + r.stderr);
    assert.match(r.stdout, /heartbeat-eviction on \w+: INTERRUPTED/);
    assert.match(r.stdout, /interrupted \(Ctrl-C\) before it finished/);
    assert.doesNotMatch(r.stdout + r.stderr, /crash/i);
    const saved = JSON.parse(readFileSync(join(dir, "load-heartbeat-eviction.json"), "utf8")) as {
      engine: string;
      aborted: boolean;
      abortReason?: string;
      metrics: Record<string, { values: { count?: number } }>;
    };
    assert.equal(saved.engine, engine);
    assert.equal(saved.aborted, true);
    assert.equal(saved.abortReason, "signal");
    // Stopped before the 4th round (k6 stops between iterations here, the engine at once): partial, not empty.
    assert.ok((saved.metrics.eviction_rounds?.values.count ?? 0) < 4);
  });
}

test("a k6 that writes no summary fails the run in one line, and an earlier run's summary is not read instead", () => {
  const bin = mkdtempSync(join(tmpdir(), "specgate-fake-k6-"));
  try {
    writeFileSync(join(bin, "k6"), "#!/bin/sh\necho 'k6 could not save the summary' >&2\nexit 0\n", { mode: 0o755 });
    const stale = join(out, "stale");
    mkdirSync(stale, { recursive: true });
    writeFileSync(join(stale, "load-rate-limit.json"), JSON.stringify({ engine: "k6", ok: true }));
    const r = specgate(["rate-limit", "--engine", "k6", "--out", stale], {
      PATH: `${bin}${delimiter}${process.env.PATH ?? ""}`,
    });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /specgate load: k6 finished but its summary .*load-rate-limit\.json could not be read/);
    assert.doesNotMatch(r.stderr, /^\s+at /m, "no stack trace");
    assert.equal(existsSync(join(stale, "load-rate-limit.json")), false, "the stale summary was removed");
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
});

/** A runner's result of the plan `--option multipliers=[2] …` below, as a k6 runner writes it (counts only). */
function runnerResult(admittedAt2x: number): object {
  const counter = (count: number) => ({ type: "counter", contains: "default", values: { count, rate: count / 3 } });
  return {
    schemaVersion: 1,
    engine: "k6",
    startedAt: null,
    durationMs: 3000,
    aborted: false,
    scenarios: {},
    metrics: {
      dropped_iterations: counter(0),
      contract_violations: counter(0),
      error_responses: counter(0),
      "sent_requests{stage:2x}": counter(100),
      "sent_requests{stage:recovery}": counter(13),
      "admitted_requests{stage:2x,measured:yes}": counter(admittedAt2x),
      "recovery_throttled_at_ms{throttled:yes}": {
        type: "trend",
        contains: "time",
        values: { count: 0, avg: 0, min: 0, max: 0, med: 0, "p(95)": 0 },
      },
      // Real k6 adds this sub-metric of its own to every summary (the expected_response system tag).
      "http_req_duration{expected_response:true}": {
        type: "trend",
        contains: "time",
        values: { avg: 3, min: 1, med: 3, max: 9, "p(90)": 5, "p(95)": 6 },
      },
    },
    series: { intervalMs: 1000, seconds: 0, metrics: {} },
    thresholds: { ok: true, results: [] },
    errors: [],
  };
}
const PLAN = ["--option", "multipliers=[2]", "--option", "stageMs=2000", "--option", "settleMs=1000"];
const PLAN_TAIL = ["--option", "kneeSteps=0", "--option", "recoveryMs=1000"];

test("--merge judges the runners of a distributed run together against the documented limit", () => {
  const dir = join(out, "merge");
  mkdirSync(dir, { recursive: true });
  // Uneven shares of one account's 50/s (measured for 1 s at 2×): 35 + 15 passes, though neither runner got
  // its half; one runner's result comes from its load-rate-limit.json, the other from its log line.
  writeFileSync(join(dir, "a.json"), JSON.stringify(runnerResult(35)));
  // The log as Windows PowerShell 5 saves `kubectl logs POD > b.log`: UTF-16LE with a byte order mark, CRLF.
  writeFileSync(
    join(dir, "b.log"),
    Buffer.from(`\uFEFFk6 output\r\nSPECGATE_RESULT ${JSON.stringify(runnerResult(15))}\r\n`, "utf16le"),
  );
  const pass = specgate([
    "rate-limit",
    "--merge",
    join(dir, "a.json"),
    join(dir, "b.log"),
    "--out",
    dir,
    ...PLAN,
    ...PLAN_TAIL,
  ]);
  assert.equal(pass.code, 0, pass.stdout + pass.stderr);
  assert.match(pass.stdout, /merged 2 runner result\(s\)/);
  assert.match(pass.stdout, /✓ admitted_requests\{stage:2x,measured:yes\} count>=47 \(observed 50\)/);
  const saved = JSON.parse(readFileSync(join(dir, "load-rate-limit.json"), "utf8")) as {
    metrics: Record<string, { values: { count: number } }>;
  };
  assert.equal(saved.metrics["admitted_requests{stage:2x,measured:yes}"]?.values.count, 50);
  // Two runners that each got 35: the account got 70/s of a documented 50/s.
  writeFileSync(join(dir, "c.json"), JSON.stringify(runnerResult(35)));
  const fail = specgate([
    "rate-limit",
    "--merge",
    join(dir, "a.json"),
    join(dir, "c.json"),
    "--out",
    dir,
    ...PLAN,
    ...PLAN_TAIL,
  ]);
  assert.equal(fail.code, 1, fail.stdout + fail.stderr);
  assert.match(fail.stdout, /✗ admitted_requests\{stage:2x,measured:yes\} count<=53 \(observed 70\)/);
  assert.match(fail.stdout, /admitted 70\/s, documented 50\/s/);
});

test("--merge usage errors: another scenario, no files, a run option, a plan the runners did not have", () => {
  const dir = join(out, "merge-bad");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "a.json"), JSON.stringify(runnerResult(25)));
  const no2x = runnerResult(25) as { metrics: Record<string, unknown> };
  delete no2x.metrics["sent_requests{stage:2x}"];
  delete no2x.metrics["admitted_requests{stage:2x,measured:yes}"];
  writeFileSync(join(dir, "no-2x.json"), JSON.stringify(no2x));
  const extra = runnerResult(25) as { metrics: Record<string, unknown> };
  extra.metrics["sent_requests{stage:4x}"] = { type: "counter", contains: "default", values: { count: 200 } };
  writeFileSync(join(dir, "extra.json"), JSON.stringify(extra));
  const cases: [string[], RegExp][] = [
    [["heartbeat-eviction", "--merge", join(dir, "a.json")], /--merge applies to rate-limit \(/],
    [["rate-limit", "--merge"], /--merge needs the runners' results/],
    [["rate-limit", "--merge", join(dir, "a.json"), "--engine", "node"], /--engine does not apply to --merge/],
    [["rate-limit", "--merge", join(dir, "missing.json")], /cannot read .*missing\.json \(ENOENT\)/],
    [["rate-limit", "--merge", join(dir, "a.json")], /a\.json: no sent_requests\{stage:0\.5x\} of the plan/],
    // One runner ran the plan, the other one without its 2x step (other options): its counts do not add up.
    [
      ["rate-limit", "--merge", join(dir, "a.json"), join(dir, "no-2x.json"), ...PLAN, ...PLAN_TAIL],
      /no-2x\.json: no sent_requests\{stage:2x\} of the plan/,
    ],
    [
      ["rate-limit", "--merge", join(dir, "a.json"), join(dir, "extra.json"), ...PLAN, ...PLAN_TAIL],
      /extra\.json: sent_requests\{stage:4x\} is not in the plan/,
    ],
  ];
  for (const [args, message] of cases) {
    const r = specgate(args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, message, args.join(" "));
    assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
  }
});

test("--merge takes the plan the runners recorded; runners of other plans, or a contradicting --option, are refused", () => {
  const dir = join(out, "merge-recorded");
  mkdirSync(dir, { recursive: true });
  const plan = (stageMs: number) => ({
    limit: 50,
    windowMs: 1000,
    operation: "ListEventSubEvent",
    multipliers: [2],
    stageMs,
    settleMs: 1000,
    kneeSteps: 0,
    recoveryMs: 1000,
  });
  const withPlan = (admitted: number, stageMs = 2000) => ({ ...runnerResult(admitted), options: plan(stageMs) });
  writeFileSync(join(dir, "a.json"), JSON.stringify(withPlan(30)));
  writeFileSync(join(dir, "b.json"), JSON.stringify(withPlan(20)));
  const pass = specgate(["rate-limit", "--merge", join(dir, "a.json"), join(dir, "b.json"), "--out", dir]);
  assert.equal(pass.code, 0, pass.stdout + pass.stderr);
  assert.match(pass.stdout, /✓ admitted_requests\{stage:2x,measured:yes\} count<=53 \(observed 50\)/);
  const saved = JSON.parse(readFileSync(join(dir, "load-rate-limit.json"), "utf8")) as {
    options?: { stageMs?: number };
  };
  assert.equal(saved.options?.stageMs, 2000, "the merged result records the plan too");
  writeFileSync(join(dir, "c.json"), JSON.stringify(withPlan(20, 3000)));
  const other = specgate(["rate-limit", "--merge", join(dir, "a.json"), join(dir, "c.json"), "--out", dir]);
  assert.equal(other.code, 2);
  assert.match(other.stderr, /c\.json ran another plan than .*a\.json \(stageMs: 3000 vs 2000\)/);
  const contra = specgate(["rate-limit", "--merge", join(dir, "a.json"), "--option", "stageMs=4000", "--out", dir]);
  assert.equal(contra.code, 2);
  assert.match(contra.stderr, /--option stageMs=4000, but the runners ran with stageMs=2000/);
});

test("--merge fails runners that started too far apart to line up their measured windows", () => {
  const dir = join(out, "merge-start");
  mkdirSync(dir, { recursive: true });
  const at = (ms: number) => new Date(Date.UTC(2026, 10, 23, 18, 0, 0) + ms).toISOString();
  const started = (admitted: number, ms: number) => ({ ...runnerResult(admitted), startedAt: at(ms) });
  writeFileSync(join(dir, "a.json"), JSON.stringify(started(25, 0)));
  writeFileSync(join(dir, "b.json"), JSON.stringify(started(25, 40)));
  writeFileSync(join(dir, "late.json"), JSON.stringify(started(25, 400)));
  const args = ["--out", dir, ...PLAN, ...PLAN_TAIL];
  const together = specgate(["rate-limit", "--merge", join(dir, "a.json"), join(dir, "b.json"), ...args]);
  assert.equal(together.code, 0, together.stdout + together.stderr);
  assert.match(together.stdout, /runners started within 40 ms of each other/);
  // The plan measures 1 s at 2×: 400 ms apart is more than a tenth of it.
  const apart = specgate(["rate-limit", "--merge", join(dir, "a.json"), join(dir, "late.json"), ...args]);
  assert.equal(apart.code, 1, apart.stdout + apart.stderr);
  assert.match(apart.stdout, /the runners started 400 ms apart \(allowed 100 ms, .*k6 run --paused/);
});
