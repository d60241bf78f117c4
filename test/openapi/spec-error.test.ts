import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { UsageError } from "../../src/core/usage-error.ts";
import { compileSpec, loadSpecs, SpecError } from "../../src/openapi/compile-spec.ts";
import { loadFixture } from "./load-fixture.ts";

/** A fresh fixture with the value at `path` replaced (`undefined` deletes it). */
function mutated(name: "roa" | "rpc", path: readonly string[], value: unknown): Record<string, unknown> {
  const d = loadFixture(name);
  let node = d as Record<string, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = path[path.length - 1] as string;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return d;
}

function throwsSpec(doc: unknown, pattern: RegExp): void {
  assert.throws(
    () => compileSpec(doc),
    (err: unknown) => {
      assert.ok(err instanceof SpecError, `expected SpecError, got ${String(err)}`);
      assert.ok(err instanceof UsageError, "SpecError is a UsageError: the CLI prints it without a stack");
      assert.match(err.message, pattern);
      return true;
    },
  );
}

const OP = ["paths", "/?Action=ListEventSubEvent", "get"];
const CG = "/logstores/{logstore}/consumergroups/{consumerGroup}";

describe("SpecError", () => {
  it("rejects non-3.1 documents and documents without x-product", () => {
    throwsSpec([], /not a JSON object/);
    throwsSpec(mutated("rpc", ["openapi"], "3.0.3"), /declares openapi "3.0.3".*OpenAPI 3\.1/);
    throwsSpec(mutated("rpc", ["x-product"], undefined), /malformed x-product.*npm run gen:specs/);
    throwsSpec(mutated("rpc", ["x-product", "style"], "REST"), /'style' must be "ROA" or "RPC"/);
  });

  it("names the operation for a malformed x-time-window", () => {
    throwsSpec(
      mutated("rpc", [...OP, "x-time-window", "maxSpanSeconds"], "7d"),
      /operation 'ListEventSubEvent' \(GET \/\?Action=ListEventSubEvent\) has a malformed x-time-window: 'maxSpanSeconds' must be a positive number \(got "7d"\)/,
    );
    throwsSpec(mutated("rpc", [...OP, "x-time-window", "end"], "Until"), /x-time-window names parameter 'Until'/);
  });

  it("names the operation and the schema Ajv's strict mode rejects", () => {
    throwsSpec(
      mutated("rpc", [...OP, "parameters", "0", "schema"], { type: "string", minimun: 1 }),
      /operation 'ListEventSubEvent'.*parameters schema is rejected by Ajv \(strict mode\).*minimun/,
    );
    throwsSpec(
      mutated("roa", ["components", "schemas", "SlsError", "properties", "errorCode", "format"], "no-such-format"),
      /unknown format "no-such-format"/,
    );
  });

  it("rejects inconsistent addressing", () => {
    throwsSpec(
      mutated("rpc", [...OP, "x-rpc", "action"], "Other"),
      /path key Action 'ListEventSubEvent' differs from x-rpc.action 'Other'/,
    );
    throwsSpec(
      mutated("roa", ["paths", `${CG}?type=heartbeat`, "post", "x-fixed-query"], { type: "checkpoint" }),
      /x-fixed-query \{"type":"checkpoint"\} differs from the path key's query \{"type":"heartbeat"\}/,
    );
    throwsSpec(
      mutated(
        "roa",
        ["paths", CG, "delete", "parameters"],
        [{ name: "logstore", in: "path", required: true, schema: { type: "string" } }],
      ),
      /path template parameter '\{consumerGroup\}' is not declared/,
    );
    throwsSpec(
      mutated("roa", ["paths", "/logstores/{logstore}/consumergroups", "post", "operationId"], "ListConsumerGroup"),
      /operationId 'ListConsumerGroup' is used twice/,
    );
    throwsSpec(
      mutated(
        "roa",
        [
          "paths",
          "/logstores/{logstore}/consumergroups",
          "get",
          "responses",
          "200",
          "content",
          "application/json",
          "schema",
          "items",
          "$ref",
        ],
        "#/components/schemas/Nope",
      ),
      /ListConsumerGroup.*Nope/,
    );
  });
});

describe("loadSpecs", () => {
  const dir = mkdtempSync(join(tmpdir(), "specgate-spec-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("explains how to create the specs when there are none", () => {
    assert.throws(() => loadSpecs(dir), /no \*\.openapi\.json in .*: run npm run gen:specs/);
  });

  it("reports invalid JSON and a swapped product with the file name", () => {
    writeFileSync(join(dir, "sls.openapi.json"), "{ nope");
    assert.throws(() => loadSpecs(dir), /sls\.openapi\.json is not valid JSON .*npm run gen:specs/);
    writeFileSync(join(dir, "sls.openapi.json"), JSON.stringify(loadFixture("rpc")));
    writeFileSync(join(dir, "live.openapi.json"), JSON.stringify(loadFixture("rpc")));
    assert.throws(() => loadSpecs(dir), /sls\.openapi\.json describes product 'live', expected 'sls'/);
  });

  it("compiles every file once per process per directory, and names the products found for an absent one", () => {
    writeFileSync(join(dir, "sls.openapi.json"), JSON.stringify(loadFixture("roa")));
    const first = loadSpecs(dir);
    assert.deepEqual([...first.products.keys()], ["live", "sls"]);
    assert.equal(first.spec("sls").product.id, "sls");
    assert.equal(first.definition("live").id, "live");
    assert.throws(
      () => first.spec("vpc"),
      /no spec of product 'vpc' in .* \(found: live, sls\): add its reference pages/,
    );
    writeFileSync(join(dir, "sls.openapi.json"), "{ changed on disk");
    assert.equal(loadSpecs(`${dir}/`), first, "a second call (same resolved dir) must return the cached result");
  });
});
