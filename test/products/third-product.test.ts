// A product specgate has no code for (VPC DescribeRegions, test/products/fixtures/vpc.openapi.json), added in a
// temporary copy of specs/ beside SLS and Live: with no code change it loads, gets its types and validators,
// resolves its target settings (SPECGATE_VPC_ENDPOINT, config vpc.endpoint), is reachable with V3 and RPC v1
// signatures that a verifier accepts, and gets contract cases. A generic ROA product is reached with V3 too.
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Exchange } from "../../src/client/exchange.ts";
import { clientForProduct } from "../../src/client/product-client.ts";
import { exportTargetEnv, parseTargetConfig, resolveTarget, withBaseUrl } from "../../src/client/target.ts";
import { generateCases } from "../../src/contract-cases/generate-cases.ts";
import { compileSpec } from "../../src/openapi/compile-spec.ts";
import { writeTypes } from "../../src/openapi/generate-types.ts";
import { writeValidatorModules } from "../../src/openapi/generate-validators.ts";
import { loadSpecs } from "../../src/openapi/load-specs.ts";
import { loadPrecompiledValidators } from "../../src/openapi/precompiled-validators.ts";
import { productForDocument } from "../../src/products/registry.ts";
import { nodeCrypto } from "../../src/signing/node-crypto.ts";
import { parseQuery } from "../../src/signing/query-string.ts";
import type { VerifySuccess } from "../../src/signing/types.ts";
import { verifyRpc } from "../../src/signing/verify-rpc.ts";

const dir = mkdtempSync(join(tmpdir(), "specgate-third-product-"));
const specsDir = join(dir, "specs");
const CREDS = { accessKeyId: "specgate-test-id", accessKeySecret: "specgate-test-secret" };
const EXAMPLE = {
  RequestId: "611CB80C-B6A9-43DB-9E38-0B0AC3D9B58F",
  Regions: [{ RegionEndpoint: "vpc.aliyuncs.com", LocalName: "China (Qingdao)", RegionId: "cn-qingdao" }],
};

/** What the loopback server saw of each request: its verification and its Host. */
interface Seen {
  result: ReturnType<typeof verifyRpc>;
  host: string | undefined;
  path: string;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((done) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => {
      text += c;
    });
    req.on("end", () => done(text));
  });
}

/** A server that verifies every request as the mock's RPC/V3 verifier does and answers the page's example. */
function verifyingServer(seen: Seen[]) {
  return createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const [path = "/", query = ""] = (req.url ?? "/").split("?");
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    const result = verifyRpc(
      nodeCrypto,
      { method: req.method ?? "GET", path, query: parseQuery(query), headers, ...(body === "" ? {} : { body }) },
      (id) => (id === CREDS.accessKeyId ? { secret: CREDS.accessKeySecret } : undefined),
      { now: Date.now() },
    );
    seen.push({ result, host: req.headers.host, path });
    res.writeHead(result.ok ? 200 : 403, { "content-type": "application/json" });
    res.end(JSON.stringify(result.ok ? EXAMPLE : { RequestId: "r", Code: "SignatureDoesNotMatch", Message: "no" }));
  });
}

describe("a third product, added as a spec only", () => {
  const seen: Seen[] = [];
  const server = verifyingServer(seen);
  let url = "";

  before(async () => {
    mkdirSync(specsDir);
    for (const id of ["sls", "live"])
      copyFileSync(join("specs", `${id}.openapi.json`), join(specsDir, `${id}.openapi.json`));
    copyFileSync("test/products/fixtures/vpc.openapi.json", join(specsDir, "vpc.openapi.json"));
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("gen:validators and gen:types write one module and one types file per spec, the VPC ones included", async () => {
    const written = writeValidatorModules(specsDir).map((f) => f.slice(specsDir.length + 1));
    assert.deepEqual(written, ["live.validators.cjs", "sls.validators.cjs", "vpc.validators.cjs"]);
    const types = (await writeTypes(specsDir)).map((f) => f.slice(specsDir.length + 1));
    assert.deepEqual(types, ["types/live.d.ts", "types/sls.d.ts", "types/vpc.d.ts"]);
    assert.match(readFileSync(join(specsDir, "types", "vpc.d.ts"), "utf8"), /DescribeRegions: \{/);
    const text = readFileSync(join(specsDir, "vpc.openapi.json"), "utf8");
    assert.ok(loadPrecompiledValidators(join(specsDir, "vpc.validators.cjs"), text), "the VPC module is current");
  });

  it("loads beside SLS and Live with a generic entry", () => {
    const specs = loadSpecs(specsDir);
    assert.deepEqual([...specs.products.keys()], ["live", "sls", "vpc"]);
    const vpc = specs.definition("vpc");
    assert.deepEqual(
      [vpc.style, vpc.apiVersion, vpc.host({ endpoint: "vpc.aliyuncs.com" })],
      ["RPC", "2016-04-28", "vpc.aliyuncs.com"],
    );
    const op = specs.spec("vpc").matchRpc("DescribeRegions");
    assert.deepEqual(op?.validateResponse(200, EXAMPLE, "application/json"), []);
  });

  it("resolves its settings from SPECGATE_VPC_ENDPOINT and vpc.endpoint; real targets do not require them", () => {
    const products = [...loadSpecs(specsDir).products.values()].map((p) => p.definition);
    const fromEnv = resolveTarget({ env: { SPECGATE_VPC_ENDPOINT: "vpc.cn-shanghai.aliyuncs.com" }, products });
    assert.equal(fromEnv.products.get("vpc")?.settings.endpoint, "vpc.cn-shanghai.aliyuncs.com");
    const config = parseTargetConfig("vpc:\n  endpoint: vpc.cn-beijing.aliyuncs.com\n", "c.yaml");
    const fromConfig = resolveTarget({ env: {}, config, products });
    assert.equal(fromConfig.products.get("vpc")?.settings.endpoint, "vpc.cn-beijing.aliyuncs.com");
    assert.equal(exportTargetEnv(fromConfig).SPECGATE_VPC_ENDPOINT, "vpc.cn-beijing.aliyuncs.com");
    assert.throws(
      () => resolveTarget({ target: "real", env: {}, products }),
      (e: Error) => !e.message.includes("VPC") && e.message.includes("SPECGATE_LIVE_APP_ID"),
    );
  });

  it("is called with V3 and with RPC v1, both accepted by the verifier, with its Host, Action and Version", async () => {
    const specs = loadSpecs(specsDir);
    const products = [...specs.products.values()].map((p) => p.definition);
    const target = withBaseUrl(resolveTarget({ target: "mock", env: {}, products }), url);
    const op = specs.spec("vpc").operations.get("DescribeRegions");
    assert.ok(op);
    for (const signature of ["acs3-hmac-sha256", "rpc-v1"] as const) {
      const client = clientForProduct(target, "vpc", { signature });
      const ex: Exchange = await client.call(op, { query: { AcceptLanguage: "en-US" } });
      assert.equal(ex.status, 200, `${signature}: ${ex.rawBody}`);
      assert.deepEqual(op.validateResponse(ex.status, ex.body, ex.headers["content-type"]), []);
      const last = seen.at(-1);
      assert.equal(last?.host, "vpc.aliyuncs.com");
      const ok = last?.result as VerifySuccess | undefined;
      assert.deepEqual([ok?.scheme, ok?.action, ok?.version], [signature, "DescribeRegions", "2016-04-28"]);
    }
    const wrong = await clientForProduct(target, "vpc", {
      credentials: { ...CREDS, accessKeySecret: "wrong" },
      retry: false,
    }).call(op);
    assert.equal(wrong.status, 403);
    assert.throws(
      () => clientForProduct(target, "vpc", { signature: "sls-v4" }),
      /'vpc' accepts acs3-hmac-sha256, rpc-v1, not sls-v4/,
    );
  });

  it("gets contract cases whose positive requests its own validator accepts", () => {
    const spec = loadSpecs(specsDir).spec("vpc");
    const cases = generateCases(spec, { seed: 7 });
    assert.ok(cases.length >= 20);
    const op = spec.operations.get("DescribeRegions");
    for (const c of cases.filter((x) => x.kind === "positive")) {
      const query = Object.fromEntries(Object.entries(c.request.query).map(([k, v]) => [k, String(v)]));
      assert.equal(op?.validateRequest({ path: {}, query }).ok, true, c.title);
    }
    assert.ok(cases.some((c) => c.expect?.category === "bad-signature"));
  });

  it("a generic ROA product is called with V3 over its path, with its server's Host", async () => {
    const doc = {
      openapi: "3.1.0",
      info: { title: "Container Service API", version: "2015-12-15" },
      servers: [{ url: "https://cs.{endpoint}", variables: { endpoint: { default: "cn-hangzhou.aliyuncs.com" } } }],
      "x-product": { id: "cs", style: "ROA", errorBody: "rpc" },
      "x-signature-schemes": ["acs3-hmac-sha256"],
      paths: {
        "/clusters/{ClusterId}": {
          get: {
            operationId: "DescribeClusterDetail",
            parameters: [{ name: "ClusterId", in: "path", required: true, schema: { type: "string" } }],
            responses: {
              "200": { description: "OK", content: { "application/json": { schema: { type: "object" } } } },
            },
          },
        },
      },
    };
    const cs = productForDocument(doc);
    const target = withBaseUrl(resolveTarget({ target: "mock", env: {}, products: [cs] }), url);
    const op = compileSpec(doc).operations.get("DescribeClusterDetail");
    assert.ok(op);
    const ex = await clientForProduct(target, "cs").call(op, { path: { ClusterId: "c 1/x" } });
    assert.equal(ex.status, 200, ex.rawBody);
    const last = seen.at(-1);
    assert.deepEqual([last?.host, last?.path], ["cs.cn-hangzhou.aliyuncs.com", "/clusters/c%201%2Fx"]);
    assert.equal((last?.result as VerifySuccess | undefined)?.action, "DescribeClusterDetail");
  });
});
