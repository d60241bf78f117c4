/**
 * Fuzz: 3000 malformed requests (fast-check generated, fixed seed) over raw sockets — broken JSON, wrong types,
 * huge bodies, missing and duplicated headers, bad dates, invalid UTF-8, unknown paths, wrong methods, hostile
 * Host values, garbage RPC parameters, unparsable HTTP. Each must get a 4xx whose body validates against the
 * product's error schema from the spec (SlsError / RpcError); the server never crashes, hangs or answers 5xx.
 * Then 2500 more against operations added from pages (extended-specs.ts: SLS ListShards, Live
 * DescribeLiveStreamsOnlineList, VPC DescribeRegions, and Function Compute GetFunction, a generic ROA product),
 * signed with RPC v1 and with V3 (ACS3-HMAC-SHA256, routed by x-acs-action/x-acs-version), each error in its own
 * product's body: a POP error names the product's own host as HostId, also before an operation is known (an
 * unknown Action or path, a wrong method), where the request's Host is all there is to tell the product.
 * Then hostile shapes (issue 16, docs/mock-limits.md): huge values where the verifier quotes them, large form bodies
 * from strangers and with wrong secrets, over-long and replayed nonces, long consumer names and checkpoints, bodies of
 * more values than validation takes, request heads over Node's limit, and cross-site requests to every admin route.
 * No answer to any of these failed requests is larger than 64 KB.
 * Requests that must pass the signature check to reach validation are signed over the exact bytes sent.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import fc from "fast-check";
import { XMLParser } from "fast-xml-parser";
import type { RunningMock } from "../../src/mock/create-mock-server.ts";
import { startMock } from "../../src/mock/create-mock-server.ts";
import { signAcs3 } from "../../src/signing/acs3.ts";
import { nodeCrypto } from "../../src/signing/node-crypto.ts";
import { formatQuery } from "../../src/signing/query-string.ts";
import { signRpcV1 } from "../../src/signing/rpc-v1.ts";
import { signSlsV1 } from "../../src/signing/sls-v1.ts";
import { buildExtendedSpecs, type ExtendedSpecs } from "./extended-specs.ts";
import { APP_ID, CREDS, LOGSTORE, PROJECT, specs } from "./mock-fixture.ts";
import { type RawRequest, type RawResponse, sendRaw, serializeRequest } from "./raw-http.ts";

const RUNS = 3000;
const NEW_OPERATION_RUNS = 2500;
const HOSTILE_RUNS = 400;
const CONCURRENCY = 16;
const HOST = `${PROJECT}.sls.localtest`;
const GROUP_PATH = `/logstores/${LOGSTORE}/consumergroups`;

const ajv = new Ajv2020({ strict: false, allErrors: true });
const schemaOf = (doc: Readonly<Record<string, unknown>>, name: string) =>
  ((doc.components as Record<string, Record<string, object>>).schemas as Record<string, object>)[name] as object;
const validSlsError = ajv.compile(schemaOf(specs.spec("sls").document, "SlsError"));
const validRpcError = ajv.compile(schemaOf(specs.spec("live").document, "RpcError"));
/** The host each POP product (RPC, or ROA with the POP error body) names as HostId in its errors. */
const RPC_HOSTS: Readonly<Record<PopProduct, string>> = {
  live: "live.aliyuncs.com",
  vpc: "vpc.aliyuncs.com",
  fc: "fc.aliyuncs.com",
};

type PopProduct = "live" | "vpc" | "fc";
type Product = "sls" | PopProduct | "admin" | "any";
/** No answer to a request that failed authentication or validation is larger than this (docs/mock-limits.md). */
const MAX_REFUSAL_BYTES = 64 * 1024;
const validAdminError = (body: unknown) =>
  typeof body === "object" && body !== null && Object.keys(body).join() === "error";
interface Case {
  label: string;
  product: Product;
  bytes: Buffer;
}

/** Signs an SLS request over the exact body bytes; returns header pairs. */
function signedSls(
  method: string,
  path: string,
  query: Record<string, string>,
  body?: Buffer,
  extra: [string, string][] = [],
): [string, string][] {
  const headers: Record<string, string> = { host: HOST, "x-log-apiversion": "0.6.0", ...Object.fromEntries(extra) };
  if (body !== undefined) headers["content-type"] = "application/json";
  const added = signSlsV1(nodeCrypto, { method, path, query, headers, ...(body ? { body } : {}) }, CREDS, {
    algorithm: "hmac-sha256",
    date: new Date(),
  });
  const all = { ...headers, ...added };
  if (body !== undefined) all["content-length"] = String(body.length);
  return Object.entries(all);
}

function slsCase(
  label: string,
  method: string,
  path: string,
  query: Record<string, string>,
  body: Buffer | undefined,
  mutate?: (h: [string, string][]) => [string, string][],
): Case {
  const headers = signedSls(method, path, query, body);
  const q = formatQuery(query);
  const req: RawRequest = {
    method,
    target: q ? `${path}?${q}` : path,
    headers: mutate ? mutate(headers) : headers,
    ...(body ? { body } : {}),
  };
  return { label, product: "sls", bytes: serializeRequest(req) };
}

/** A signed heartbeat of consumer `c` in group `g` (the route most malformations target). */
function heartbeatCase(label: string, body: Buffer, mutate?: (h: [string, string][]) => [string, string][]): Case {
  return slsCase(label, "POST", `${GROUP_PATH}/g`, { type: "heartbeat", consumer: "c" }, body, mutate);
}

interface RpcCaseOptions {
  method?: "GET" | "POST";
  corrupt?: (q: string) => string;
  body?: Buffer;
  product?: "live" | "vpc";
  /** Signing key and nonce (default: the test account, a fresh nonce); `after` replaces signed parameters. */
  creds?: typeof CREDS;
  nonce?: string;
  after?: Record<string, string>;
}

function rpcCase(label: string, params: Record<string, string>, options: RpcCaseOptions = {}): Case {
  const method = options.method ?? "GET";
  const signed = signRpcV1(nodeCrypto, { method, params }, options.creds ?? CREDS, {
    timestamp: new Date(),
    nonce: options.nonce ?? nodeCrypto.randomHex(16),
  });
  const query = formatQuery({ ...signed, ...options.after });
  const target = `/?${options.corrupt ? options.corrupt(query) : query}`;
  const product = options.product ?? "live";
  const headers: [string, string][] = [["host", RPC_HOSTS[product]]];
  if (options.body !== undefined)
    headers.push(
      ["content-type", "application/x-www-form-urlencoded"],
      ["content-length", String(options.body.length)],
    );
  return {
    label,
    product,
    bytes: serializeRequest({ method, target, headers, ...(options.body ? { body: options.body } : {}) }),
  };
}

/** What a V3 request calls: RPC operations on `/` with their parameters in the query, ROA ones on their path. */
interface V3Call {
  method?: string;
  path?: string;
  query?: Record<string, string>;
  action: string;
  version: string;
}

/** A V3 (ACS3-HMAC-SHA256) request signed over the exact bytes sent; `mutate` changes its headers afterwards. */
function v3Case(
  label: string,
  product: PopProduct,
  call: V3Call,
  mutate?: (h: [string, string][]) => [string, string][],
): Case {
  const method = call.method ?? "GET";
  const path = call.path ?? "/";
  const query = call.query ?? {};
  const headers = { host: RPC_HOSTS[product] };
  const added = signAcs3(nodeCrypto, { method, path, query, headers }, CREDS, {
    action: call.action,
    version: call.version,
    date: new Date(),
    nonce: nodeCrypto.randomHex(16),
  });
  const pairs = Object.entries({ ...headers, ...added });
  const q = formatQuery(query);
  const target = q ? `${path}?${q}` : path;
  return { label, product, bytes: serializeRequest({ method, target, headers: mutate ? mutate(pairs) : pairs }) };
}

const notJson = fc.string({ maxLength: 40 }).filter((s) => {
  try {
    JSON.parse(s);
    return false;
  } catch {
    return true;
  }
});
const createOp = specs.spec("sls").operations.get("CreateConsumerGroup");
const heartbeatOp = specs.spec("sls").operations.get("ConsumerGroupHeartBeat");
const invalidCreateBody = fc
  .jsonValue({ maxDepth: 2 })
  .filter((v) => createOp?.validateRequest({ path: { logstore: LOGSTORE }, query: {}, body: v }).ok === false);
const invalidHeartbeatBody = fc.jsonValue({ maxDepth: 2 }).filter(
  (v) =>
    heartbeatOp?.validateRequest({
      path: { logstore: LOGSTORE, consumerGroup: "g" },
      query: { consumer: "c" },
      body: v,
    }).ok === false,
);
const segment = fc.stringMatching(/^[A-Za-z0-9._~%-]{1,12}$/);
const singleton = fc.constantFrom(
  "date",
  "authorization",
  "host",
  "content-type",
  "content-md5",
  "x-log-apiversion",
  "x-log-signaturemethod",
  "x-log-bodyrawsize",
);
const dropped = fc.constantFrom(
  "date",
  "authorization",
  "host",
  "x-log-signaturemethod",
  "x-log-apiversion",
  "content-type",
);
const invalidUtf8 = fc.constantFrom(
  [0xff],
  [0xc3, 0x28],
  [0xe2, 0x28, 0xa1],
  [0xf0, 0x90, 0x28, 0xbc],
  [0xed, 0xa0, 0x80],
  [0xc0, 0xaf],
);
const window = () => {
  const end = Math.floor(Date.now() / 60_000) * 60;
  return { StartTime: String(end - 3600), EndTime: String(end) };
};
const goodRpc = () => ({
  Action: "ListEventSubEvent",
  Version: "2016-11-01",
  Format: "JSON",
  AppId: APP_ID,
  ...window(),
  PageSize: "10",
  PageNo: "1",
});

/** One generator per kind of malformation; the test checks that every kind was really sent. */
const KINDS: fc.Arbitrary<Case>[] = [
  notJson.map((s) => heartbeatCase("broken JSON (heartbeat)", Buffer.from(s))),
  notJson.map((s) => slsCase("broken JSON (create)", "POST", GROUP_PATH, {}, Buffer.from(s))),
  invalidCreateBody.map((v) => slsCase("wrong types (create)", "POST", GROUP_PATH, {}, Buffer.from(JSON.stringify(v)))),
  invalidHeartbeatBody.map((v) => heartbeatCase("wrong types (heartbeat)", Buffer.from(JSON.stringify(v)))),
  fc
    .integer({ min: 10_485_761, max: 2 ** 40 })
    .map((n) =>
      slsCase("huge body", "POST", GROUP_PATH, {}, Buffer.from("[0]"), (h) =>
        h.map(([k, v]) => (k === "content-length" ? [k, String(n)] : [k, v])),
      ),
    ),
  fc.integer({ min: 10_485_761, max: 2 ** 40 }).map((n) => {
    const c = rpcCase("huge RPC body", goodRpc(), { method: "POST", body: Buffer.from("a=b") });
    return {
      ...c,
      bytes: Buffer.from(c.bytes.toString("latin1").replace(/content-length: \d+/, `content-length: ${n}`), "latin1"),
    };
  }),
  dropped.map((name) => heartbeatCase(`missing ${name}`, Buffer.from("[]"), (h) => h.filter(([k]) => k !== name))),
  fc.tuple(singleton, fc.boolean()).map(([name, same]) =>
    heartbeatCase(`duplicated ${name}`, Buffer.from("[]"), (h) => {
      const found = h.find(([k]) => k === name);
      return [...h, [name, same && found ? found[1] : "other-value"]];
    }),
  ),
  fc
    .string({ maxLength: 40 })
    .filter((s) => !/[\r\n\0]/.test(s))
    .map((d) =>
      slsCase("bad date", "GET", GROUP_PATH, {}, undefined, (h) => h.map(([k, v]) => (k === "date" ? [k, d] : [k, v]))),
    ),
  invalidUtf8.map((bytes) =>
    slsCase("invalid UTF-8 body", "POST", GROUP_PATH, {}, Buffer.from([0x7b, 0x22, ...bytes, 0x22, 0x3a, 0x31, 0x7d])),
  ),
  invalidUtf8.map((bytes) => ({
    label: "invalid UTF-8 path",
    product: "sls" as Product,
    bytes: Buffer.concat([
      Buffer.from("GET /logstores/"),
      Buffer.from(bytes),
      Buffer.from(`/consumergroups HTTP/1.1\r\nhost: ${HOST}\r\nconnection: close\r\n\r\n`),
    ]),
  })),
  fc
    .array(segment, { minLength: 1, maxLength: 5 })
    .map((segs) => slsCase("unknown path", "GET", `/${segs.join("/")}`, {}, undefined)),
  fc
    .constantFrom("PUT", "PATCH", "DELETE", "OPTIONS")
    .map((m) => slsCase(`wrong method ${m}`, m, GROUP_PATH, {}, undefined)),
  fc
    .constantFrom("PUT", "DELETE", "PATCH", "OPTIONS")
    .map((m) => rpcCase(`wrong RPC method ${m}`, goodRpc(), { corrupt: (q) => q }))
    .map((c) => ({ ...c, bytes: Buffer.from(c.bytes.toString("latin1").replace(/^GET/, "PUT"), "latin1") })),
  fc
    .oneof(
      fc.constant(""),
      fc.constant("x".repeat(1000)),
      fc.constant("[::1]:8080"),
      fc.constant(`${PROJECT}.sls:99999`),
      fc.constant(`${PROJECT}.sls:port`),
      fc.constant("pröject.sls.localtest"),
      fc.string({ maxLength: 30 }).filter((s) => !/[\r\n\0]/.test(s)),
    )
    .map((host) =>
      slsCase("hostile Host", "GET", GROUP_PATH, {}, undefined, (h) =>
        h.map(([k, v]) => (k === "host" ? [k, Buffer.from(host, "utf8").toString("latin1")] : [k, v])),
      ),
    ),
  fc
    .dictionary(fc.stringMatching(/^[A-Za-z]{1,10}$/), fc.string({ maxLength: 12 }), { maxKeys: 6 })
    .map((params) => rpcCase("random RPC parameters", params)),
  fc
    .tuple(
      fc.constantFrom("AppId", "StartTime", "EndTime", "PageSize", "PageNo", "Action", "Version"),
      fc.oneof(
        fc.constant(""),
        fc.constant("-1"),
        fc.constant("0"),
        fc.constant("101"),
        fc.constant("abc"),
        fc.constant("1.5"),
        fc.constant("99999999999999999999"),
      ),
    )
    // PageNo=101 is a valid page (beyond the last one: an empty page), so it is not a bad value.
    .filter(([name, value]) => !(name === "PageNo" && value === "101"))
    .map(([name, value]) => rpcCase(`bad RPC ${name}=${value}`, { ...goodRpc(), [name]: value })),
  fc.constantFrom("AppId", "StartTime", "EndTime", "PageSize", "PageNo").map((name) => {
    const p: Record<string, string> = goodRpc();
    delete p[name];
    return rpcCase(`missing RPC ${name}`, p);
  }),
  fc
    .constantFrom("PageSize", "PageNo", "AppId")
    .map((name) => rpcCase(`duplicated RPC ${name}`, goodRpc(), { corrupt: (q) => `${q}&${name}=2` })),
  fc
    .constant(0)
    .map(() =>
      rpcCase("tampered RPC signature", goodRpc(), { corrupt: (q) => q.replace("PageSize=10", "PageSize=11") }),
    ),
  invalidUtf8.map((bytes) =>
    rpcCase("invalid UTF-8 form body", goodRpc(), {
      method: "POST",
      body: Buffer.concat([Buffer.from("AppId="), Buffer.from(bytes)]),
    }),
  ),
  fc.uint8Array({ minLength: 1, maxLength: 40 }).map((bytes) => ({
    label: "garbage bytes",
    product: "any" as Product,
    bytes: Buffer.concat([Buffer.from([0x01]), bytes, Buffer.from("\r\n\r\n")]),
  })),
  fc
    .tuple(fc.stringMatching(/^[A-Z]{1,8}$/), fc.constantFrom("HTTP/1.1", "HTTP/9.9", "HTTX/1.1", ""))
    .map(([m, v]) => ({
      label: `odd request line ${m} ${v}`,
      product: "any" as Product,
      bytes: Buffer.from(
        `${m} /logstores/${LOGSTORE}/consumergroups ${v}\r\nhost: ${HOST}\r\nconnection: close\r\n\r\n`,
        "latin1",
      ),
    })),
];

/** Malformed requests to the operations added from pages, and to their products. */
function newOperationKinds(): fc.Arbitrary<Case>[] {
  const online = () => ({ Action: "DescribeLiveStreamsOnlineList", Version: "2016-11-01", DomainName: "example.com" });
  const regions = () => ({ Action: "DescribeRegions", Version: "2016-04-28" });
  const shards = `/logstores/${LOGSTORE}/shards`;
  const badInteger = fc.constantFrom("", "-1", "0", "abc", "1.5", "99999999999999999999");
  return [
    fc
      .tuple(fc.constantFrom("PageSize", "PageNum"), badInteger)
      .map(([name, value]) => rpcCase(`bad Live ${name}=${value}`, { ...online(), [name]: value })),
    fc.constant(0).map(() => rpcCase("Live PageSize above 3000", { ...online(), PageSize: "3001" })),
    fc
      .tuple(fc.constantFrom("StreamType", "QueryType", "OnlyStream"), fc.stringMatching(/^[A-Za-z]{0,8}$/))
      .filter(([, value]) => !["all", "raw", "trans", "fuzzy", "strict", "yes", "no"].includes(value))
      .map(([name, value]) => rpcCase(`Live ${name} outside its enum: ${value}`, { ...online(), [name]: value })),
    fc.constant(0).map(() => {
      const { DomainName: _d, ...rest } = online();
      return rpcCase("Live without DomainName", rest);
    }),
    fc
      .constantFrom("2014-05-26", "2016-11-01", "", "x")
      .map((version) =>
        rpcCase(`VPC DescribeRegions Version ${version}`, { ...regions(), Version: version }, { product: "vpc" }),
      ),
    fc.dictionary(fc.stringMatching(/^[A-Za-z]{1,10}$/), fc.string({ maxLength: 12 }), { maxKeys: 6 }).map((params) =>
      rpcCase(
        "VPC random parameters, tampered",
        { ...params, ...regions() },
        {
          product: "vpc",
          corrupt: (q) => `${q}&Extra=1`,
        },
      ),
    ),
    fc
      .constantFrom("PageSize", "PageNum", "DomainName")
      .map((name) => rpcCase(`duplicated Live ${name}`, online(), { corrupt: (q) => `${q}&${name}=2` })),
    fc
      .constantFrom("PUT", "DELETE", "PATCH", "POST")
      .map((m) => slsCase(`wrong method ${m} on ListShards`, m, shards, {}, undefined)),
    fc
      .array(segment, { minLength: 1, maxLength: 2 })
      .map((segs) => slsCase("below ListShards", "GET", `${shards}/${segs.join("/")}`, {}, undefined)),
    segment
      .filter((s) => s !== LOGSTORE)
      .map((name) => slsCase("ListShards of an unknown logstore", "GET", `/logstores/${name}/shards`, {}, undefined)),
    // A GET has no Content-Type to drop.
    dropped
      .filter((name) => name !== "content-type")
      .map((name) =>
        slsCase(`ListShards missing ${name}`, "GET", shards, {}, undefined, (h) => h.filter(([k]) => k !== name)),
      ),
    fc
      .string({ maxLength: 30 })
      .filter((host) => !/[\r\n\0]/.test(host) && !host.startsWith(PROJECT))
      .map((host) =>
        slsCase("ListShards with a hostile Host", "GET", shards, {}, undefined, (h) =>
          h.map(([k, v]) => (k === "host" ? [k, Buffer.from(host, "utf8").toString("latin1")] : [k, v])),
        ),
      ),
    ...productsBeforeTheOperationIsKnown(),
    ...v3Kinds(),
  ];
}

/** An RPC call of each POP RPC product, and Function Compute's GetFunction (a generic ROA product, V3 only). */
const V3_CALLS: Readonly<Record<PopProduct, V3Call>> = {
  live: {
    action: "DescribeLiveStreamsOnlineList",
    version: "2016-11-01",
    query: { DomainName: "example.com" },
  },
  vpc: { action: "DescribeRegions", version: "2016-04-28" },
  fc: { path: "/services/svc/functions/fn", action: "GetFunction", version: "2023-03-30" },
};
const popProduct = fc.constantFrom<PopProduct>("live", "vpc", "fc");
const rpcProduct = fc.constantFrom<"live" | "vpc">("live", "vpc");
const V3_HEADERS = ["authorization", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256", "x-acs-action"];

/** Requests whose product only their Host tells: an unknown Action, path or method. */
function productsBeforeTheOperationIsKnown(): fc.Arbitrary<Case>[] {
  const action = fc.stringMatching(/^[A-Z][A-Za-z]{2,20}$/).filter((a) => !a.startsWith("Describe"));
  return [
    fc
      .tuple(rpcProduct, action)
      .map(([p, a]) =>
        rpcCase(`${p} unknown Action ${a} (RPC v1)`, { Action: a, Version: "2016-04-28" }, { product: p }),
      ),
    fc
      .tuple(popProduct, action)
      .map(([p, a]) => v3Case(`${p} unknown x-acs-action ${a} (V3)`, p, { action: a, version: V3_CALLS[p].version })),
    fc
      .tuple(rpcProduct, fc.constantFrom("PUT", "DELETE", "PATCH"))
      .map(([p, m]) => v3Case(`${p} wrong RPC method ${m} (V3)`, p, { ...V3_CALLS[p], method: m })),
    fc
      .tuple(rpcProduct, fc.array(segment, { minLength: 1, maxLength: 3 }))
      .map(([p, segs]) => v3Case(`${p} RPC call to a path (V3)`, p, { ...V3_CALLS[p], path: `/${segs.join("/")}` })),
    fc
      .array(segment, { minLength: 1, maxLength: 4 })
      .map((segs) => v3Case("fc unknown path (V3)", "fc", { ...V3_CALLS.fc, path: `/${segs.join("/")}` })),
    fc
      .constantFrom("PUT", "DELETE", "PATCH", "POST")
      .map((m) => v3Case(`fc GetFunction with ${m} (V3)`, "fc", { ...V3_CALLS.fc, method: m })),
  ];
}

/** V3-signed requests of the new operations, broken after signing or carrying bad values signed as they are. */
function v3Kinds(): fc.Arbitrary<Case>[] {
  const badInteger = fc.constantFrom("", "-1", "0", "abc", "1.5", "99999999999999999999");
  return [
    fc.tuple(fc.constantFrom("PageSize", "PageNum"), badInteger).map(([name, value]) =>
      v3Case(`bad Live ${name}=${value} (V3)`, "live", {
        ...V3_CALLS.live,
        query: { ...V3_CALLS.live.query, [name]: value },
      }),
    ),
    fc
      .tuple(popProduct, fc.constantFrom(...V3_HEADERS))
      .map(([p, name]) => v3Case(`${p} V3 without ${name}`, p, V3_CALLS[p], (h) => h.filter(([k]) => k !== name))),
    fc
      .tuple(popProduct, fc.constantFrom(...V3_HEADERS), fc.stringMatching(/^[ -~]{0,24}$/))
      .map(([p, name, value]) =>
        v3Case(`${p} V3 ${name} changed after signing to ${JSON.stringify(value)}`, p, V3_CALLS[p], (h) =>
          h.map(([k, v]) => [k, k === name ? `${v === value ? "x" : ""}${value}` : v]),
        ),
      ),
    fc.tuple(popProduct, fc.constantFrom(...V3_HEADERS)).map(([p, name]) =>
      v3Case(`${p} V3 ${name} sent twice`, p, V3_CALLS[p], (h) => {
        const found = h.find(([k]) => k === name);
        return [...h, [name, found ? found[1] : "x"]];
      }),
    ),
    fc
      .tuple(
        popProduct,
        fc.dictionary(fc.stringMatching(/^[A-Za-z]{1,10}$/), fc.string({ maxLength: 12 }), { maxKeys: 4 }),
      )
      .map(([p, extra]) =>
        v3Case(
          `${p} V3 query changed after signing`,
          p,
          { ...V3_CALLS[p], query: { ...V3_CALLS[p].query, ...extra } },
          (h) =>
            h.map(([k, v]) => [
              k,
              k === "authorization"
                ? v.replace(/Signature=([0-9a-f])/, (_m, c: string) => `Signature=${c === "0" ? "1" : "0"}`)
                : v,
            ]),
        ),
      ),
  ];
}

type ErrorValidators = Readonly<Record<Exclude<Product, "any" | "admin">, (body: unknown) => boolean>>;

const xml = new XMLParser({ parseTagValue: false });

/**
 * The error body of an answer: JSON, or for a POP product the gateway's XML `<Error>` (an RPC request that names no
 * format gets XML, docs/alibaba/rpc-parameters.md#response-format), as the same members.
 */
function errorBody(res: RawResponse, where: string): unknown {
  if (res.headers["content-type"] === "text/xml;charset=utf-8") {
    const parsed = xml.parse(res.body) as { Error?: unknown };
    assert.ok(parsed.Error !== undefined, `XML without <Error>: ${where}`);
    return parsed.Error;
  }
  try {
    return JSON.parse(res.body);
  } catch {
    return assert.fail(`neither JSON nor the gateway's XML: ${where}`);
  }
}

/**
 * One answer: a 4xx of at most MAX_REFUSAL_BYTES, in the error body of the case's product (JSON, or POP's XML), a
 * POP one naming the product's host.
 */
function checkAnswer(c: Case, res: RawResponse, validators: ErrorValidators): void {
  const where = `${c.label}: ${res.status} ${res.body.slice(0, 300)}\nrequest: ${JSON.stringify(c.bytes.toString("latin1").slice(0, 300))}`;
  assert.ok(res.status >= 400 && res.status < 500, where);
  assert.ok(res.body.length <= MAX_REFUSAL_BYTES, `a ${res.body.length}-byte refusal: ${where}`);
  const body = errorBody(res, where);
  const ok =
    c.product === "any"
      ? validators.sls(body) || validators.live(body)
      : c.product === "admin"
        ? validAdminError(body)
        : validators[c.product](body);
  assert.ok(ok, `error body does not match the ${c.product} error schema: ${where}`);
  if (c.product !== "any" && c.product !== "sls" && c.product !== "admin")
    assert.equal((body as { HostId?: string }).HostId, RPC_HOSTS[c.product], `HostId: ${where}`);
}

/** Sends `runs` samples of `kinds` to `port`; each must be a 4xx in its product's error body. */
async function fuzz(
  port: number,
  kinds: readonly fc.Arbitrary<Case>[],
  runs: number,
  seed: number,
  validators: ErrorValidators,
): Promise<void> {
  const arbitrary = fc.oneof(...kinds.map((k, kind) => k.map((c) => ({ ...c, kind }))));
  const samples = fc.sample(arbitrary, { numRuns: runs, seed });
  const covered = new Set<number>();
  let next = 0;
  const worker = async () => {
    while (next < samples.length) {
      const c = samples[next++] as Case & { kind: number };
      covered.add(c.kind);
      const res = await sendRaw(port, c.bytes).catch((e: Error) =>
        assert.fail(`${c.label}: ${e.message}\n${c.bytes.toString("latin1").slice(0, 300)}`),
      );
      checkAnswer(c, res, validators);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const missing = kinds.map((_, kind) => kind).filter((kind) => !covered.has(kind));
  assert.deepEqual(missing, [], `generators never sampled (indexes into the kinds): ${missing.join(", ")}`);
  const health = await fetch(`http://127.0.0.1:${port}/_specgate/health`);
  assert.equal(health.status, 200, "the server still answers");
}

describe("the modelled operations", () => {
  let mock: RunningMock;
  before(async () => {
    // The per-account limit would answer most RPC cases with Throttling.User before validation: lift it here
    // (the limit has its own test in timing.test.ts).
    mock = await startMock({ specs, faults: { qpsLimit: 1_000_000 } });
  });
  after(() => mock.close());

  test(`${RUNS} malformed requests each get a 4xx in the product's error body; no crash, hang or 5xx`, async () => {
    await fuzz(mock.port, KINDS, RUNS, 20261123, {
      sls: validSlsError,
      live: validRpcError,
      vpc: validRpcError,
      fc: validRpcError,
    });
  });
});

describe("operations added from pages", () => {
  let extended: ExtendedSpecs;
  let mock: RunningMock;
  before(async () => {
    extended = await buildExtendedSpecs(["fc-GetFunction.txt"]);
    mock = await startMock({ specs: extended.specs, faults: { qpsLimit: 1_000_000 } });
  });
  after(async () => {
    await mock.close();
    extended.cleanup();
  });

  test(`${NEW_OPERATION_RUNS} malformed requests to them get a 4xx in their product's error body`, async () => {
    assert.deepEqual([...extended.specs.products.keys()], ["fc", "live", "sls", "vpc"]);
    await fuzz(mock.port, [...newOperationKinds(), ...KINDS], NEW_OPERATION_RUNS, 20261206, {
      sls: ajv.compile(schemaOf(extended.specs.spec("sls").document, "SlsError")),
      live: ajv.compile(schemaOf(extended.specs.spec("live").document, "RpcError")),
      vpc: ajv.compile(schemaOf(extended.specs.spec("vpc").document, "RpcError")),
      fc: ajv.compile(schemaOf(extended.specs.spec("fc").document, "RpcError")),
    });
  });
});

/** A nonce the mock has already seen (sent once before the hostile fuzz): every later use is a replay. */
const REPLAYED_NONCE = "fuzz-replayed-nonce";
const MB = 1024 * 1024;

/** Hostile shapes (issue 16): each a refusal of its own kind, none answered with more than 64 KB. */
function hostileKinds(): fc.Arbitrary<Case>[] {
  const form = (size: number) => Buffer.from(`Data=${"%C3%A9".repeat(Math.floor(size / 6))}`);
  const formSize = fc.integer({ min: 64 * 1024, max: MB });
  const longValue = fc.integer({ min: 200, max: 12_000 }).map((n) => "v".repeat(n));
  return [
    fc
      .tuple(
        fc.constantFrom("SignatureMethod", "SignatureVersion", "Timestamp", "AccessKeyId", "SignatureNonce"),
        longValue,
      )
      .map(([name, value]) => rpcCase(`long ${name}`, goodRpc(), { after: { [name]: value } })),
    formSize.map((size) =>
      rpcCase("stranger's form body", goodRpc(), {
        method: "POST",
        body: form(size),
        creds: { ...CREDS, accessKeyId: "ghost" },
      }),
    ),
    formSize.map((size) =>
      rpcCase("form body with a wrong secret", goodRpc(), {
        method: "POST",
        body: form(size),
        creds: { ...CREDS, accessKeySecret: "wrong" },
      }),
    ),
    fc.integer({ min: 129, max: 4000 }).map((n) => rpcCase("over-long nonce", goodRpc(), { nonce: "n".repeat(n) })),
    fc.constant(0).map(() => rpcCase("replayed nonce", goodRpc(), { nonce: REPLAYED_NONCE })),
    fc
      .integer({ min: 129, max: 8000 })
      .map((n) =>
        slsCase(
          "long consumer name",
          "POST",
          `${GROUP_PATH}/g`,
          { type: "heartbeat", consumer: "c".repeat(n) },
          Buffer.from("[]"),
        ),
      ),
    fc
      .integer({ min: 1025, max: MB })
      .map((n) =>
        slsCase(
          "long checkpoint",
          "POST",
          `${GROUP_PATH}/g`,
          { type: "checkpoint", consumer: "c", forceSuccess: "true" },
          Buffer.from(JSON.stringify({ shard: 0, checkpoint: "QUJD".repeat(Math.ceil(n / 4)) })),
        ),
      ),
    fc
      .integer({ min: 20_001, max: 400_000 })
      .map((n) => heartbeatCase("more values than validation takes", Buffer.from(JSON.stringify(Array(n).fill("s"))))),
    fc
      .integer({ min: 17_000, max: 40_000 })
      .map((n) =>
        rpcCase("request head over Node's limit", goodRpc(), { corrupt: (q) => `${q}&Pad=${"p".repeat(n)}` }),
      ),
    fc
      .tuple(
        fc.constantFrom("faults", "seed", "reset", "events", "health", "nothing"),
        fc.constantFrom(
          "text/plain",
          "text/plain;charset=UTF-8",
          "application/x-www-form-urlencoded",
          "multipart/form-data",
        ),
        fc.constantFrom("http://evil.example", "null", "http://127.0.0.1:1"),
      )
      .map(([route, type, origin]) =>
        adminCase(`cross-site POST ${route}`, route, [
          ["origin", origin],
          ["content-type", type],
        ]),
      ),
    fc
      .constantFrom("faults", "seed", "reset")
      .map((route) => adminCase(`text/plain POST ${route}`, route, [["content-type", "text/plain"]])),
    fc
      .constantFrom("evil.example", "127.0.0.1.nip.io", "localhost.evil.example")
      .map((host) => adminCase("rebound Host", "reset", [["content-type", "application/json"]], host)),
  ];
}

/** A POST to an admin route that would change the mock if it were let through. */
function adminCase(label: string, route: string, headers: [string, string][], host = "127.0.0.1"): Case {
  const body = Buffer.from(
    JSON.stringify({ faults: ["error-rate=1"], appId: "evil-app", owner: CREDS.accessKeyId, count: 5 }),
  );
  return {
    label,
    product: "admin",
    bytes: serializeRequest({
      method: "POST",
      target: `/_specgate/${route}`,
      headers: [["host", host], ...headers, ["content-length", String(body.length)]],
      body,
    }),
  };
}

describe("hostile shapes (issue 16)", () => {
  let mock: RunningMock;
  before(async () => {
    mock = await startMock({ specs, faults: { qpsLimit: 1_000_000 } });
    const first = await sendRaw(
      mock.port,
      rpcCase("seed the replayed nonce", goodRpc(), { nonce: REPLAYED_NONCE }).bytes,
    );
    assert.equal(first.status, 200, first.body);
  });
  after(() => mock.close());

  test(`${HOSTILE_RUNS} hostile requests: each a 4xx of at most 64 KB in its own error body; the admin API unchanged`, async () => {
    await fuzz(mock.port, hostileKinds(), HOSTILE_RUNS, 20261207, {
      sls: validSlsError,
      live: validRpcError,
      vpc: validRpcError,
      fc: validRpcError,
    });
    assert.deepEqual(JSON.stringify(mock.state.faults), JSON.stringify({ qpsLimit: 1_000_000 }), "faults unchanged");
    assert.equal(mock.state.ownership.ownerOf("evil-app"), undefined, "nothing seeded");
  });
});
