// Contract suite benchmark: checks per second of the compiled validators as the suite calls them
// (src/contract-cases/check-exchange.ts over CompiledOperation.validateRequest/validateResponse), case generation
// time, and the wall time of one `specgate contract` run against the mock (spawned once, as a user runs it).
// Rows run batches until ≥ 400 ms have passed; one table at the end, no assertions.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkNegative, checkPositive, type ExchangeView } from "../src/contract-cases/check-exchange.ts";
import { generateCases } from "../src/contract-cases/generate-cases.ts";
import { loadSpecs } from "../src/openapi/load-specs.ts";

const specs = loadSpecs();
const live = specs.spec("live").operations.get("ListEventSubEvent");
const heartbeat = specs.spec("sls").operations.get("ConsumerGroupHeartBeat");
if (live === undefined || heartbeat === undefined)
  throw new Error("ListEventSubEvent / ConsumerGroupHeartBeat missing");

const log = (i: number) => ({
  AppId: "9qb1test",
  SubId: "ad53276431c0001",
  MessageId: `875d5266cbabb1834cc84a105cf6${String(i).padStart(4, "0")}`,
  Data: '{"MsgId":"875d","Contents":[{"Event":"UserEvent"}]}',
  Cost: 22 + i,
  Time: "2023-10-17 20:26:31.988",
  Url: "http://example.com/callback",
  Code: 200,
});
const page = (n: number) => ({
  RequestId: "CC8CB656-A7BA-1811-9D6B-4CC187E988BD",
  Count: n,
  HasMore: true,
  Logs: Array.from({ length: n }, (_, i) => log(i)),
});
const asExchange = (status: number, body: unknown): ExchangeView => ({
  status,
  headers: { "content-type": "application/json" },
  body,
  rawBody: JSON.stringify(body),
});

const rows: { name: string; opsPerSec: number; note: string }[] = [];
function measure(name: string, note: string, fn: () => unknown): void {
  for (let i = 0; i < 2000; i++) fn(); // warm-up
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < 400) {
    for (let i = 0; i < 1000; i++) fn();
    n += 1000;
    elapsed = performance.now() - start;
  }
  rows.push({ name, opsPerSec: (n / elapsed) * 1000, note });
}

const page10 = asExchange(200, page(10));
const page100 = asExchange(200, page(100));
const drifted = asExchange(200, { ...page(10), Count: "10" });
const rpcError = asExchange(400, {
  RequestId: "r",
  HostId: "live.aliyuncs.com",
  Code: "InputInvalid",
  Message: "m",
  Recommend: "x",
});
const expectInput = { category: "below-minimum" as const, statuses: [400], codes: ["InputInvalid"], source: "bench" };
const hbAnswer = asExchange(200, [0, 1, 2, 3]);
const hbQuery = { consumer: "consumer-1" };
const hbPath = { logstore: "ali-test-logstore", consumerGroup: "g" };

measure("Live 200 response, 10 Logs", "checkPositive → validateResponse", () => checkPositive(live, "rpc", page10));
measure("Live 200 response, 100 Logs", "checkPositive → validateResponse", () => checkPositive(live, "rpc", page100));
measure("Live 200 response, drifted (violations)", "builds Violation objects", () =>
  checkPositive(live, "rpc", drifted),
);
measure("Live 400 InputInvalid error body", "checkNegative", () => checkNegative(live, "rpc", expectInput, rpcError));
measure("SLS heartbeat request [0,1,2,3]", "validateRequest (coercion + Ajv)", () =>
  heartbeat.validateRequest({ path: hbPath, query: hbQuery, body: [0, 1, 2, 3] }),
);
measure("SLS heartbeat 200 response [0,1,2,3]", "checkPositive → validateResponse", () =>
  checkPositive(heartbeat, "sls", hbAnswer),
);

const genStart = performance.now();
const generated =
  generateCases(specs.spec("sls"), { seed: 1 }).length + generateCases(specs.spec("live"), { seed: 1 }).length;
const genMs = performance.now() - genStart;

const out = mkdtempSync(join(tmpdir(), "specgate-contract-bench-"));
const suiteStart = performance.now();
const suite = spawnSync(process.execPath, ["--import", "tsx", "src/cli.ts", "contract", "--out", out, "--seed", "1"], {
  encoding: "utf8",
});
const suiteMs = performance.now() - suiteStart;
rmSync(out, { recursive: true, force: true });

const width = Math.max(...rows.map((r) => r.name.length));
console.log(`${"check".padEnd(width)}  ${"checks/s".padStart(12)}  note`);
console.log(`${"-".repeat(width)}  ${"-".repeat(12)}  ----`);
for (const r of rows)
  console.log(`${r.name.padEnd(width)}  ${Math.round(r.opsPerSec).toLocaleString("en-US").padStart(12)}  ${r.note}`);
console.log("");
console.log(`case generation (both specs, seed 1): ${generated} cases in ${genMs.toFixed(1)} ms`);
const target = 60_000;
console.log(
  `suite wall time (specgate contract against the mock, 2 workers): ${(suiteMs / 1000).toFixed(1)} s, exit ${suite.status} — target "well under a minute": ${suiteMs < target && suite.status === 0 ? "PASS" : "MISS"}`,
);
