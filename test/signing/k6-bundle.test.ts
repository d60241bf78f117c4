// The k6 side of the crypto port: the signers plus load/k6/k6-crypto.ts bundle with esbuild into one
// ES module that imports nothing but k6 modules, and, run against an emulation of the documented
// k6 0.48 `k6/crypto`/`k6/encoding` API, the bundle reproduces the published vectors.
import assert from "node:assert/strict";
import { createHash, createHmac, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import type { CryptoPort } from "../../src/signing/crypto-port.ts";

const root = resolve(import.meta.dirname, "../..");
const entry = `
export { k6Crypto } from "./load/k6/k6-crypto.ts";
export { signSlsV1 } from "./src/signing/sls-v1.ts";
export { signSlsV4 } from "./src/signing/sls-v4.ts";
export { signRpcV1 } from "./src/signing/rpc-v1.ts";
export { signAcs3 } from "./src/signing/acs3.ts";
export { verifySls } from "./src/signing/verify-sls.ts";
export { verifyRpc } from "./src/signing/verify-rpc.ts";
`;

async function bundle(plugins: Parameters<typeof build>[0]["plugins"] = []): Promise<string> {
  const out = await build({
    stdin: { contents: entry, resolveDir: root, loader: "ts", sourcefile: "k6-entry.ts" },
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2017",
    write: false,
    external: ["k6", "k6/*"],
    plugins,
    logLevel: "silent",
  });
  return out.outputFiles[0]?.text ?? "";
}

// k6 0.48 semantics: string inputs are UTF-8, ArrayBuffer inputs are raw bytes; "hex" output is lowercase.
const shim = {
  hmac(alg: string, secret: string | ArrayBuffer, input: string | ArrayBuffer, enc: string): string {
    assert.equal(enc, "hex", "the adapter must ask for hex output");
    const key = typeof secret === "string" ? Buffer.from(secret, "utf8") : Buffer.from(secret);
    return createHmac(alg, key)
      .update(typeof input === "string" ? Buffer.from(input, "utf8") : Buffer.from(input))
      .digest("hex");
  },
  hash(alg: string, input: string | ArrayBuffer, enc: string): string {
    assert.equal(enc, "hex");
    return createHash(alg)
      .update(typeof input === "string" ? Buffer.from(input, "utf8") : Buffer.from(input))
      .digest("hex");
  },
  b64encode(input: string | ArrayBuffer, variant = "std"): string {
    assert.equal(variant, "std");
    return (typeof input === "string" ? Buffer.from(input, "utf8") : Buffer.from(input)).toString("base64");
  },
  randomBytes(n: number): ArrayBuffer {
    return new Uint8Array(randomBytes(n)).buffer;
  },
};
(globalThis as Record<string, unknown>).__k6shim = shim;

const dir = mkdtempSync(join(tmpdir(), "specgate-k6-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("k6 bundle of the signers", () => {
  it("imports only k6 modules (no node:, no require, no Buffer/TextEncoder)", async () => {
    const code = await bundle();
    const imports = [...code.matchAll(/from\s+"([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(imports)].sort(), ["k6/crypto", "k6/encoding"]);
    assert.doesNotMatch(code, /\brequire\(|\bBuffer\b|\bTextEncoder\b|\bTextDecoder\b|node:/);
  });

  it("reproduces the SLS v1, v4, RPC v1 and V3 vectors through k6Crypto", async () => {
    const code = await bundle([
      {
        name: "k6-shim",
        setup(b) {
          b.onResolve({ filter: /^k6\/(crypto|encoding)$/ }, (args) => ({ path: args.path, namespace: "k6shim" }));
          b.onLoad({ filter: /.*/, namespace: "k6shim" }, (args) => ({
            loader: "js",
            contents:
              args.path === "k6/crypto"
                ? `const s = globalThis.__k6shim;
                   export const hmac = s.hmac; export const randomBytes = s.randomBytes;
                   export const sha256 = (i, e) => s.hash("sha256", i, e); export const md5 = (i, e) => s.hash("md5", i, e);`
                : "export const b64encode = globalThis.__k6shim.b64encode;",
          }));
        },
      },
    ]);
    const file = join(dir, "bundle.mjs");
    writeFileSync(file, code);
    const m = (await import(pathToFileURL(file).href)) as {
      k6Crypto: CryptoPort;
      signSlsV1: typeof import("../../src/signing/sls-v1.ts").signSlsV1;
      signSlsV4: typeof import("../../src/signing/sls-v4.ts").signSlsV4;
      signRpcV1: typeof import("../../src/signing/rpc-v1.ts").signRpcV1;
      signAcs3: typeof import("../../src/signing/acs3.ts").signAcs3;
    };
    const c = m.k6Crypto;
    const v1 = m.signSlsV1(
      c,
      {
        method: "POST",
        path: "/logstores/ls/consumergroups/cg",
        query: { consumer: "c1", type: "heartbeat" },
        headers: { "x-log-apiversion": "0.6.0", "x-log-bodyrawsize": "0", "Content-Type": "application/json" },
        body: "[0]",
      },
      { accessKeyId: "mockAccessKeyID", accessKeySecret: "mockAccessKeySecret" },
      { algorithm: "hmac-sha1", date: "Mon, 3 Jan 2010 08:33:47 GMT" },
    );
    assert.equal(v1["content-md5"], "8D5162CA104FA7E79FE80FD92BB657FB");
    assert.equal(v1.authorization, "LOG mockAccessKeyID:DgrlDpGMsv+3Obt4YYabAERvlt8=");
    const v4 = m.signSlsV4(
      c,
      {
        method: "POST",
        path: "/logstores",
        query: {},
        headers: {},
        body: new Uint8Array(Buffer.from("adasd= -asd zcas")),
      },
      { accessKeyId: "acsddda21dsd", accessKeySecret: "zxasdasdasw2" },
      { region: "cn-shanghai", date: new Date(Date.UTC(2022, 7, 8, 3, 23, 30)) },
    );
    assert.match(v4.authorization ?? "", /Signature=8a10a5e723cb2e75964816de660b2c16a58af8bc0261f7f0722d832468c76ce8$/);
    const rpc = m.signRpcV1(
      c,
      {
        method: "GET",
        params: { Action: "DescribeDedicatedHosts", Format: "JSON", RegionId: "cn-beijing", Version: "2014-05-26" },
      },
      { accessKeyId: "testid", accessKeySecret: "testsecret" },
      { timestamp: new Date(Date.UTC(2023, 2, 13, 8, 34, 30)), nonce: "edb2b34af0af9a6d14deaf7c1a5315eb" },
    );
    assert.equal(rpc.Signature, "9NaGiOspFP5UPcwX8Iwt2YJXXuk=");
    const v3 = m.signAcs3(
      c,
      {
        method: "POST",
        path: "/",
        query: { ImageId: "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd", RegionId: "cn-shanghai" },
        headers: { host: "ecs.cn-shanghai.aliyuncs.com" },
      },
      { accessKeyId: "YourAccessKeyId", accessKeySecret: "YourAccessKeySecret" },
      {
        action: "RunInstances",
        version: "2014-05-26",
        date: new Date(Date.UTC(2023, 9, 26, 10, 22, 32)),
        nonce: "3156853299f313e23d1673dc12e1703d",
      },
    );
    assert.match(v3.authorization ?? "", /Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0$/);
    assert.match(c.randomHex(16), /^[0-9a-f]{32}$/);
    assert.equal(
      c.hex(c.hmacSha256(Uint8Array.of(1, 2, 3), "x")),
      createHmac("sha256", Buffer.of(1, 2, 3))
        .update("x")
        .digest("hex"),
    );
  });
});
