// The product registry: SLS and Live keep exactly the variable names and config keys of the README's "Real
// accounts" table, and any other product gets an entry from its spec alone (settings from its server, Host rule,
// signing schemes), with variable names following one rule.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { envName } from "../../src/products/product-definition.ts";
import { PRODUCT_MODULES, productForDocument } from "../../src/products/registry.ts";

function settingsTable(id: string): [string, string, string, boolean][] {
  const product = PRODUCT_MODULES.get(id);
  assert.ok(product, `no module for ${id}`);
  return product.settings.map((s) => [s.env, `${id}.${s.key}`, s.mockDefault, s.requiredForReal]);
}

function spec(id: string, server: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    openapi: "3.1.0",
    info: { title: `${id.toUpperCase()} API`, version: "2020-01-01" },
    servers: [server],
    "x-product": { id, style: "ROA", errorBody: "rpc" },
    "x-signature-schemes": ["acs3-hmac-sha256"],
    paths: {},
    ...extra,
  };
}

describe("product registry", () => {
  it("SLS and Live settings are today's variables, config keys and mock defaults", () => {
    assert.deepEqual(settingsTable("sls"), [
      ["SPECGATE_SLS_ENDPOINT", "sls.endpoint", "cn-hangzhou.log.aliyuncs.com", true],
      ["SPECGATE_SLS_PROJECT", "sls.project", "ali-test-project", true],
      ["SPECGATE_SLS_LOGSTORE", "sls.logstore", "ali-test-logstore", true],
    ]);
    assert.deepEqual(settingsTable("live"), [
      ["SPECGATE_LIVE_ENDPOINT", "live.endpoint", "live.aliyuncs.com", false],
      ["SPECGATE_LIVE_APP_ID", "live.appId", "9qb1test", true],
    ]);
  });

  it("each setting's variable follows SPECGATE_<PRODUCT>_<KEY> (camelCase → SNAKE_CASE)", () => {
    for (const p of PRODUCT_MODULES.values()) for (const s of p.settings) assert.equal(s.env, envName(p.id, s.key));
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/),
        fc.stringMatching(/^[a-z]+([A-Z][a-z0-9]+){0,3}$/),
        (id, key) => {
          const name = envName(id, key);
          assert.match(name, /^SPECGATE_[A-Z0-9_]+$/);
          assert.equal(name.replace(/_/g, "").toLowerCase(), `specgate${id.replace(/-/g, "")}${key}`.toLowerCase());
        },
      ),
    );
  });

  it("the committed specs get their modules; their facts agree with the modules", async () => {
    const { loadSpecs } = await import("../../src/openapi/load-specs.ts");
    for (const { definition, spec: compiled } of loadSpecs().products.values()) {
      assert.equal(definition, PRODUCT_MODULES.get(definition.id) ?? definition);
      assert.equal(definition.style, compiled.product.style);
      assert.equal(definition.errorBody, compiled.product.errorBody);
      const declared = compiled.document["x-signature-schemes"];
      assert.deepEqual([...definition.signatureSchemes], declared, `${definition.id} signature schemes`);
    }
  });

  it("a product without a module: endpoint from its server, Host = the endpoint, schemes and version from the spec", () => {
    const vpc = productForDocument(
      spec(
        "vpc",
        { url: "https://vpc.aliyuncs.com" },
        { "x-product": { id: "vpc", style: "RPC", errorBody: "rpc", version: "2016-04-28" } },
      ),
    );
    assert.deepEqual(
      vpc.settings.map((s) => [s.env, s.key, s.mockDefault, s.requiredForReal]),
      [["SPECGATE_VPC_ENDPOINT", "endpoint", "vpc.aliyuncs.com", false]],
    );
    assert.equal(vpc.host({ endpoint: "vpc-vpc.cn-hangzhou.aliyuncs.com" }), "vpc-vpc.cn-hangzhou.aliyuncs.com");
    assert.deepEqual(
      [vpc.style, vpc.apiVersion, vpc.errorBody, [...vpc.signatureSchemes]],
      ["RPC", "2016-04-28", "rpc", ["acs3-hmac-sha256"]],
    );
    assert.deepEqual(vpc.contract.safeWrites, {});
  });

  it("server variables become settings and fill the Host template", () => {
    const fc2 = productForDocument(
      spec("fc", {
        url: "https://{accountId}.{endpoint}",
        variables: {
          accountId: { default: "1234", description: "The account ID." },
          endpoint: { default: "cn-hangzhou.fc.aliyuncs.com" },
        },
      }),
    );
    assert.deepEqual(
      fc2.settings.map((s) => [s.env, s.mockDefault]),
      [
        ["SPECGATE_FC_ENDPOINT", "cn-hangzhou.fc.aliyuncs.com"],
        ["SPECGATE_FC_ACCOUNT_ID", "1234"],
      ],
    );
    assert.equal(
      fc2.host({ endpoint: "cn-shanghai.fc.aliyuncs.com", accountId: "42" }),
      "42.cn-shanghai.fc.aliyuncs.com",
    );
    assert.equal(fc2.apiVersion, "2020-01-01", "info.version when x-product has none");
  });

  it("a spec without a server host is refused with the fix", () => {
    assert.throws(
      () => productForDocument(spec("x", { url: "/relative" })),
      /'x' spec has no servers\[0\]\.url with a host/,
    );
  });
});
