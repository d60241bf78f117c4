// The mock's bounds under hostile input (issue 16; docs/mock-limits.md), measured on a real `specgate mock` over
// loopback, in its own process (resident memory read from /proc/<pid>/status, CPU from /proc/<pid>/stat). Prints
// a table with PASS/MISS per target; no assertions (the tests assert each rule; this measures the figures):
// - 40 signed 2 MB requests leave the mock's RSS within 60 MB of where it started;
// - five seed calls of a million records each (and five of the largest allowed count) leave it alive and under 1 GB
//   above its start;
// - a cross-site POST (text/plain, foreign Origin) to every admin route is refused and changes nothing;
// - no answer to a request that failed authentication or validation is larger than 64 KB;
// - a 10 MB form body from an unknown AccessKeyId costs the mock little CPU;
// - a replayed request is refused (the replay window's full length is tested with an injected clock:
//   test/mock/replay-window.test.ts);
// - a config syntax error on a secret's line names the place, not the secret.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "undici";
import { nodeCrypto } from "../src/signing/node-crypto.ts";
import { formatQuery } from "../src/signing/query-string.ts";
import { signRpcV1 } from "../src/signing/rpc-v1.ts";
import { signSlsV1 } from "../src/signing/sls-v1.ts";

const CREDS = { accessKeyId: "specgate-test-id", accessKeySecret: "specgate-test-secret" };
const MB = 1024 * 1024;
const children: ChildProcess[] = [];

interface Row {
  what: string;
  value: string;
  target: string;
  pass: boolean;
}
const rows: Row[] = [];

function row(what: string, value: string, target: string, pass: boolean): void {
  rows.push({ what, value, target, pass });
  console.log(`${pass ? "PASS" : "MISS"}  ${what}: ${value} (target ${target})`);
}

/** Starts `specgate mock --port 0`; resolves with its URL once it answers health. */
async function spawnMock(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["bin/specgate.js", "mock", "--port", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`no URL line within 30 s: ${out}`)), 30_000);
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /SPECGATE_MOCK_URL=(\S+)/.exec(out);
      if (m?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
  return { url, child };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/** Resident memory of `pid`, MB (VmRSS). */
function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kb) / 1024;
}

/** CPU time `pid` has used, ms (utime + stime; clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** RSS after the mock has been idle a moment (V8 collects garbage when idle). */
async function settledRss(pid: number): Promise<number> {
  await delay(1500);
  return rssMb(pid);
}

/**
 * A signed RPC v1 ListEventSubEvent POST, the signed parameters in a form body with `extra`; `after` replaces
 * parameters once signed (what the signer sets itself, such as SignatureMethod).
 */
function signedForm(extra: Record<string, string>, creds = CREDS, after: Record<string, string> = {}): string {
  const end = Math.floor(Date.now() / 60_000) * 60;
  const params = signRpcV1(
    nodeCrypto,
    {
      method: "POST",
      params: {
        Action: "ListEventSubEvent",
        Version: "2016-11-01",
        Format: "JSON",
        AppId: "9qb1test",
        StartTime: String(end - 3600),
        EndTime: String(end),
        PageSize: "1",
        PageNo: "1",
        ...extra,
      },
    },
    creds,
    { timestamp: new Date(), nonce: nodeCrypto.randomHex(16) },
  );
  return formatQuery({ ...params, ...after });
}

async function postForm(url: string, body: string, query = ""): Promise<{ status: number; bytes: number }> {
  const res = await request(`${url}/${query}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body,
  });
  const text = await res.body.text();
  return { status: res.statusCode, bytes: Buffer.byteLength(text) };
}

async function fortySignedTwoMbRequests(url: string, pid: number): Promise<void> {
  await postForm(url, signedForm({})); // warm: the first request compiles the hot paths
  const start = await settledRss(pid);
  const statuses = new Set<number>();
  for (let i = 0; i < 40; i++) statuses.add((await postForm(url, signedForm({ Pad: "x".repeat(2 * MB) }))).status);
  const after = await settledRss(pid);
  const grown = after - start;
  row(
    "40 signed 2 MB requests: RSS growth",
    `${grown.toFixed(1)} MB (${start.toFixed(0)} → ${after.toFixed(0)} MB; answers ${[...statuses].join(",")})`,
    "≤ 60 MB",
    grown <= 60,
  );
}

async function seedCalls(url: string, child: ChildProcess, count: number): Promise<void> {
  const pid = child.pid as number;
  const start = rssMb(pid);
  const statuses: number[] = [];
  let peak = start;
  for (let i = 0; i < 5; i++) {
    const res = await request(`${url}/_specgate/seed`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ appId: `seed-app-${count}-${i}`, owner: CREDS.accessKeyId, count }),
      headersTimeout: 300_000,
      bodyTimeout: 300_000,
    });
    await res.body.text();
    statuses.push(res.statusCode);
    peak = Math.max(peak, rssMb(pid));
  }
  const grown = peak - start;
  row(
    `five seed calls of ${count} records: alive, peak RSS growth`,
    `${alive(child) ? "alive" : "DEAD"}, ${grown.toFixed(0)} MB (answers ${statuses.join(",")})`,
    "alive, < 1024 MB",
    alive(child) && grown < 1024,
  );
}

/** What the admin API could change, read with a well-formed request. */
async function adminSnapshot(url: string): Promise<string> {
  const get = async (path: string) => (await request(`${url}/_specgate/${path}`)).body.text();
  const [faults, events] = await Promise.all([get("faults"), get("events?since=0")]);
  return `${faults}|${JSON.parse(events).lastSeq}`;
}

async function crossSiteAdmin(url: string): Promise<void> {
  const before = await adminSnapshot(url);
  const routes = ["faults", "seed", "reset", "events", "health", "nothing"];
  const statuses: number[] = [];
  for (const route of routes) {
    const res = await request(`${url}/_specgate/${route}`, {
      method: "POST",
      headers: { "content-type": "text/plain;charset=UTF-8", origin: "http://evil.example" },
      body: JSON.stringify({ faults: ["error-rate=1"], appId: "evil", owner: CREDS.accessKeyId, count: 5 }),
    });
    await res.body.text();
    statuses.push(res.statusCode);
  }
  const unchanged = (await adminSnapshot(url)) === before;
  row(
    "cross-site POST (text/plain, foreign Origin) to every admin route",
    `answers ${statuses.join(",")}; state ${unchanged ? "unchanged" : "CHANGED"}`,
    "all refused, nothing changed",
    unchanged && statuses.every((s) => s === 403),
  );
}

/** Requests that fail authentication or validation, each with a hostile size. */
function refusedRequests(): { label: string; send: (url: string) => Promise<{ status: number; bytes: number }> }[] {
  const huge = "y".repeat(2 * MB);
  return [
    {
      label: "wrong secret, 2 MB form",
      send: (u) => postForm(u, signedForm({ Pad: huge }, { ...CREDS, accessKeySecret: "no" })),
    },
    {
      label: "unknown key, 2 MB form",
      send: (u) => postForm(u, signedForm({ Pad: huge }, { ...CREDS, accessKeyId: "ghost" })),
    },
    { label: "2 MB SignatureMethod", send: (u) => postForm(u, signedForm({}, CREDS, { SignatureMethod: huge })) },
    { label: "2 MB Timestamp", send: (u) => postForm(u, signedForm({}, CREDS, { Timestamp: huge })) },
    { label: "signed 2 MB PageSize", send: (u) => postForm(u, signedForm({ PageSize: huge })) },
    { label: "2 MB AccessKeyId", send: (u) => postForm(u, signedForm({}, { ...CREDS, accessKeyId: huge })) },
    {
      label: "a 14 000-byte query",
      send: (u) => postForm(u, signedForm({}), `?${Array.from({ length: 1300 }, () => "PageSize=x").join("&")}`),
    },
    { label: "SLS heartbeat, 8 MB invalid JSON", send: (u) => slsHeartbeat(u, `[${"1,".repeat(4 * MB)}x]`) },
    {
      label: "SLS heartbeat, 2 MB wrong-typed body",
      send: (u) => slsHeartbeat(u, JSON.stringify(Array(200_000).fill("s"))),
    },
    {
      label: "SLS heartbeat, 19 000 wrong-typed shards",
      send: (u) => slsHeartbeat(u, JSON.stringify(Array(19_000).fill("s"))),
    },
  ];
}

async function slsHeartbeat(url: string, body: string): Promise<{ status: number; bytes: number }> {
  const path = "/logstores/ali-test-logstore/consumergroups/g";
  const query = { type: "heartbeat", consumer: "c" };
  const headers: Record<string, string> = {
    host: "ali-test-project.sls.localtest",
    "x-log-apiversion": "0.6.0",
    "content-type": "application/json",
  };
  const added = signSlsV1(nodeCrypto, { method: "POST", path, query, headers, body }, CREDS, {
    algorithm: "hmac-sha256",
    date: new Date(),
  });
  const res = await request(`${url}${path}?${formatQuery(query)}`, {
    method: "POST",
    headers: { ...headers, ...added },
    body,
  });
  const text = await res.body.text();
  return { status: res.statusCode, bytes: Buffer.byteLength(text) };
}

async function refusalSizes(url: string): Promise<void> {
  let largest = 0;
  const details: string[] = [];
  for (const { label, send } of refusedRequests()) {
    const { status, bytes } = await send(url);
    largest = Math.max(largest, bytes);
    details.push(`${label}: ${status} ${bytes} B`);
  }
  row(
    "largest refusal (failed auth or validation)",
    `${largest} bytes [${details.join("; ")}]`,
    "≤ 65536",
    largest <= 65_536,
  );
}

async function strangerCost(url: string, pid: number): Promise<void> {
  const end = Math.floor(Date.now() / 60_000) * 60;
  const query = `?${formatQuery({ Action: "ListEventSubEvent", Version: "2016-11-01", AccessKeyId: "ghost", StartTime: String(end - 60), EndTime: String(end) })}`;
  const body = `Data=${"%C3%A9".repeat(Math.floor((10 * MB - 100) / 6))}`;
  const inBody = signedForm({ Pad: "é".repeat(Math.floor((10 * MB - 600) / 6)) }, { ...CREDS, accessKeyId: "ghost" });
  for (const [label, send] of [
    ["key in the query", () => postForm(url, body, query)],
    ["everything in the body", () => postForm(url, inBody)],
  ] as const) {
    const before = cpuMs(pid);
    const { status } = await send();
    const used = cpuMs(pid) - before;
    row(
      `10 MB form from an unknown AccessKeyId (${label}): mock CPU`,
      `${used} ms (answer ${status})`,
      "≤ 300 ms",
      used <= 300,
    );
  }
}

async function replay(url: string): Promise<void> {
  const body = signedForm({});
  const first = await postForm(url, body);
  const again = await postForm(url, body);
  row(
    "a replayed signed request",
    `first ${first.status}, replay ${again.status}`,
    "200 then 400",
    first.status === 200 && again.status === 400,
  );
}

function configSecret(): void {
  const secret = "s3cr3t-Do-Not-Print";
  const dir = mkdtempSync(join(tmpdir(), "specgate-limits-"));
  const file = join(dir, "mock.yaml");
  writeFileSync(file, `accounts:\n  - accessKeyId: user-key\n    accessKeySecret: ${secret}: oops\n`);
  const r = spawnSync(process.execPath, ["bin/specgate.js", "mock", "--config", file], { encoding: "utf8" });
  rmSync(dir, { recursive: true, force: true });
  const message = r.stderr.trim().replace(file, "mock.yaml");
  const ok = r.status === 2 && /mock\.yaml:3:\d+/.test(message) && !message.includes("s3cr3t");
  row("config syntax error on the secret's line", message, "file:line, no secret", ok);
}

async function main(): Promise<void> {
  const a = await spawnMock();
  await fortySignedTwoMbRequests(a.url, a.child.pid as number);
  await crossSiteAdmin(a.url);
  await refusalSizes(a.url);
  await strangerCost(a.url, a.child.pid as number);
  await replay(a.url);
  await stop(a.child);
  // A million a call, as the issue sent; then the most one call may seed (the cap less the 2000 seeded at start).
  for (const count of [1_000_000, 298_000]) {
    const b = await spawnMock();
    await seedCalls(b.url, b.child, count);
    await stop(b.child);
  }
  configSecret();
  const missed = rows.filter((r) => !r.pass).length;
  console.log(`\n${rows.length - missed}/${rows.length} targets met`);
}

try {
  await main();
} finally {
  await Promise.all(children.map(stop));
}
