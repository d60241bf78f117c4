/**
 * The OpenAPI security docgen declares follows `x-signature-schemes` (document and operation level), and each
 * declared scheme describes what specgate's own signers really put on the wire.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isHeaderScheme, signWithHeaders } from "../../src/client/header-signers.ts";
import { generateDocuments } from "../../src/docgen/docgen.ts";
import { declareSecurity } from "../../src/docgen/security-schemes.ts";
import type { SignatureScheme } from "../../src/openapi/extensions.ts";
import { nodeCrypto } from "../../src/signing/node-crypto.ts";
import { signRpcV1 } from "../../src/signing/rpc-v1.ts";
import { sourcePages } from "./helpers.ts";

type Obj = Record<string, unknown>;

/** Every scheme: a `Record` over the union, so a new scheme fails the typecheck until it is listed here. */
const EVERY_SCHEME: Record<SignatureScheme, true> = {
  "acs3-hmac-sha256": true,
  "rpc-v1": true,
  "sls-v1-hmac-sha256": true,
  "sls-v1-hmac-sha1": true,
  "sls-v4": true,
};
const SIGNATURE_SCHEMES = Object.keys(EVERY_SCHEME) as SignatureScheme[];

const credentials = { accessKeyId: "specgate-test-id", accessKeySecret: "specgate-test-secret" };

function docWith(schemes: readonly string[], operationSchemes?: readonly string[]): Obj {
  const op: Obj = { operationId: "Op", responses: { "200": { description: "OK" } } };
  if (operationSchemes !== undefined) op["x-signature-schemes"] = operationSchemes;
  return {
    openapi: "3.1.0",
    info: { title: "t", version: "1" },
    servers: [{ url: "https://example.aliyuncs.com" }],
    paths: { "/a": { get: op }, "/b": { get: { operationId: "Other", responses: {} } } },
    components: { schemas: { E: { type: "object" } } },
    "x-signature-schemes": schemes,
  };
}

function schemesOf(doc: Obj): Record<string, Obj> {
  return (doc.components as { securitySchemes: Record<string, Obj> }).securitySchemes;
}

describe("declareSecurity", () => {
  it("lists the document's schemes as alternatives, in preference order, right after servers", () => {
    const out = declareSecurity(docWith(["acs3-hmac-sha256", "rpc-v1"]));
    assert.deepEqual(out.security, [{ "acs3-hmac-sha256": [] }, { "rpc-v1": [] }]);
    assert.deepEqual(Object.keys(schemesOf(out)), ["acs3-hmac-sha256", "rpc-v1"]);
    const keys = Object.keys(out);
    assert.equal(keys.indexOf("security"), keys.indexOf("servers") + 1);
    assert.deepEqual((out.components as Obj).schemas, { E: { type: "object" } }, "other components are kept");
  });

  it("gives an operation with schemes of its own its own security, and declares their union", () => {
    const out = declareSecurity(docWith(["sls-v1-hmac-sha256"], ["sls-v4"]));
    const paths = out.paths as Record<string, Record<string, Obj>>;
    assert.deepEqual(paths["/a"]?.get?.security, [{ "sls-v4": [] }]);
    assert.equal(paths["/b"]?.get?.security, undefined, "an operation without schemes inherits the root's");
    assert.deepEqual(out.security, [{ "sls-v1-hmac-sha256": [] }]);
    assert.deepEqual(Object.keys(schemesOf(out)).sort(), ["sls-v1-hmac-sha256", "sls-v4"]);
  });

  it("declares no scheme it does not know, and replaces a stale root security", () => {
    const out = declareSecurity({ ...docWith(["no-such-scheme", "rpc-v1"]), security: [{ old: [] }] });
    assert.deepEqual(out.security, [{ "rpc-v1": [] }]);
    assert.deepEqual(Object.keys(schemesOf(out)), ["rpc-v1"]);
  });

  it("leaves its input unchanged", () => {
    const input = docWith(["rpc-v1"], ["acs3-hmac-sha256"]);
    const before = structuredClone(input);
    declareSecurity(input);
    assert.deepEqual(input, before);
  });
});

/** What each scheme's signer puts on a request: its Authorization header, or its query parameters. */
function wireOf(scheme: SignatureScheme): { authorization?: string; query?: Obj } {
  const date = new Date(Date.UTC(2026, 0, 5, 10, 0, 0));
  if (!isHeaderScheme(scheme)) {
    const params = { Action: "DescribeRegions", Version: "2016-04-28", Format: "JSON" };
    return { query: signRpcV1(nodeCrypto, { method: "GET", params }, credentials, { nonce: "n1", timestamp: date }) };
  }
  const req = { method: "GET", path: "/", query: {}, headers: { host: "example.aliyuncs.com" } };
  const ctx = { crypto: nodeCrypto, credentials, date, action: "Op", version: "1", region: "cn-hangzhou" };
  const headers = signWithHeaders(scheme, req, ctx);
  return { authorization: headers.authorization ?? "" };
}

describe("each declared scheme says what specgate's signer sends", () => {
  const declared = schemesOf(declareSecurity(docWith([...SIGNATURE_SCHEMES])));
  for (const scheme of SIGNATURE_SCHEMES) {
    it(scheme, () => {
      const s = declared[scheme];
      assert.ok(s, `${scheme} is declared`);
      assert.match(String(s.description), /docs\/alibaba\/[a-z0-9-]+\.md/, "cites the repository's signature doc");
      const wire = wireOf(scheme);
      if (s.type === "http") {
        assert.ok(
          wire.authorization?.startsWith(`${String(s.scheme)} `),
          `${wire.authorization} starts with ${s.scheme}`,
        );
      } else {
        assert.equal(s.type, "apiKey");
        assert.equal(s.in, "query");
        assert.equal(typeof wire.query?.[String(s.name)], "string", `the signer sets the query parameter ${s.name}`);
      }
    });
  }
});

it("docgen declares the security of every committed product's pages", () => {
  for (const d of generateDocuments(sourcePages().map((p) => ({ name: p.name, text: p.text })))) {
    const schemes = d.document["x-signature-schemes"] as string[];
    assert.deepEqual(
      d.document.security,
      schemes.map((s) => ({ [s]: [] })),
      d.product,
    );
    assert.deepEqual(Object.keys(schemesOf(d.document)).sort(), [...schemes].sort(), d.product);
  }
});
