// Validations per second of the compiled request/response validators (src/openapi/compile-spec.ts).
// Uses the committed specs/*.openapi.json; falls back to the contract-shaped fixtures of test/openapi/fixtures/
// (and says so) while docgen has not produced them. Each row runs batches until ≥ 400 ms have passed.
import { existsSync, readFileSync } from "node:fs";
import { compileSpec, loadSpecs } from "../src/openapi/compile-spec.ts";
import type { CompiledSpec } from "../src/openapi/compiled-spec.ts";

function load(): { sls: CompiledSpec; live: CompiledSpec; source: string } {
  if (existsSync("specs/sls.openapi.json") && existsSync("specs/live.openapi.json")) {
    const specs = loadSpecs("specs");
    return { sls: specs.spec("sls"), live: specs.spec("live"), source: "specs/*.openapi.json" };
  }
  const fixture = (n: string) =>
    compileSpec(JSON.parse(readFileSync(`test/openapi/fixtures/${n}.openapi.json`, "utf8")));
  return {
    sls: fixture("roa"),
    live: fixture("rpc"),
    source: "test/openapi/fixtures (specs/*.openapi.json not generated yet)",
  };
}

const compileStart = performance.now();
const { sls, live, source } = load();
const compileMs = performance.now() - compileStart;

const listEvents = live.matchRpc("ListEventSubEvent");
if (listEvents === undefined) throw new Error("ListEventSubEvent not in the Live spec");
/** The first example of the Live 200 response, read from the document (the page's JSON example). */
function firstSuccessExample(): unknown {
  type Media = { examples?: Record<string, { value?: unknown }> };
  type Op = { responses?: Record<string, { content?: Record<string, Media> }> };
  const paths = live.document.paths as Record<string, { get?: Op }>;
  const media = paths["/?Action=ListEventSubEvent"]?.get?.responses?.["200"]?.content?.["application/json"];
  return Object.values(media?.examples ?? {})[0]?.value;
}
const example = firstSuccessExample();
if (example === undefined) throw new Error("the Live 200 response has no example");

const now = Math.floor(Date.UTC(2026, 0, 1) / 1000);
const liveQuery = {
  Action: "ListEventSubEvent",
  Version: "2016-11-01",
  AppId: "9qb1test",
  StartTime: String(now - 3600),
  EndTime: String(now),
  PageSize: "10",
  PageNo: "1",
};
const badQuery = { ...liveQuery, PageSize: "0" };
const hbPath = "/logstores/ali-test-logstore/consumergroups/cg1";
const hbQuery = { type: "heartbeat", consumer: "consumer_1" };
const heartbeat = sls.matchRoa("POST", hbPath, hbQuery)?.operation;
if (heartbeat === undefined) throw new Error("ConsumerGroupHeartBeat not routable in the SLS spec");

const rows: [string, () => unknown][] = [
  ["Live ListEventSubEvent validateRequest (valid)", () => listEvents.validateRequest({ path: {}, query: liveQuery })],
  [
    "Live ListEventSubEvent validateRequest (PageSize=0)",
    () => listEvents.validateRequest({ path: {}, query: badQuery }),
  ],
  [
    "Live ListEventSubEvent validateResponse 200 example",
    () => listEvents.validateResponse(200, example, "application/json"),
  ],
  [
    "Live validateResponse 400 error body",
    () => listEvents.validateResponse(400, { RequestId: "r", Code: "Throttling.User", Message: "m" }),
  ],
  [
    "SLS heartbeat matchRoa + validateRequest",
    () => {
      const m = sls.matchRoa("POST", hbPath, hbQuery);
      return m?.operation.validateRequest({ path: m.pathParams, query: hbQuery, body: [0, 1] });
    },
  ],
  ["SLS heartbeat validateResponse 200 [0,1]", () => heartbeat.validateResponse(200, [0, 1], "application/json")],
];

let sink = 0;
function measure(fn: () => unknown): number {
  for (let i = 0; i < 5_000; i++) if (fn()) sink++; // warm-up
  globalThis.gc?.();
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < 400) {
    for (let i = 0; i < 2_000; i++) if (fn()) sink++;
    n += 2_000;
    elapsed = performance.now() - start;
  }
  return (n / elapsed) * 1000;
}

console.log(`specs: ${source}; compileSpec of both: ${compileMs.toFixed(1)} ms (once per process)\n`);
const width = Math.max(...rows.map(([name]) => name.length));
console.log(`${"validator".padEnd(width)} | ops/s       | µs/op`);
console.log(`${"-".repeat(width)}-|-------------|------`);
for (const [name, fn] of rows) {
  const ops = measure(fn);
  console.log(
    `${name.padEnd(width)} | ${Math.round(ops).toLocaleString("en-US").padStart(11)} | ${(1e6 / ops).toFixed(2)}`,
  );
}
if (sink < 0) console.log(sink);
