// The hand-written overlays (specs/overlays/*.json): well-formed, citing their sources, and — merged by
// docgen into the page-generated documents — compiling to operations with the documented error codes.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { generateDocuments } from "../../src/docgen/docgen.ts";
import { compileSpec } from "../../src/openapi/compile-spec.ts";
import type { CompiledSpec } from "../../src/openapi/compiled-spec.ts";

type Obj = Record<string, unknown>;
const overlay = (id: string): Obj => JSON.parse(readFileSync(`specs/overlays/${id}.json`, "utf8"));
const overlays = { sls: overlay("sls"), live: overlay("live") };
const pages = readdirSync("specs/sources")
  .sort()
  .map((name) => ({ name, text: readFileSync(`specs/sources/${name}`, "utf8") }));

function generated(withOverlays: boolean): Record<string, Obj> {
  const docs = generateDocuments(pages, withOverlays ? { overlays } : {});
  return Object.fromEntries(docs.map((d) => [d.product, d.document]));
}
const merged = generated(true);
const compiled: Record<string, CompiledSpec> = {
  sls: compileSpec(merged.sls),
  live: compileSpec(merged.live),
};

function operationsOf(doc: Obj): [string, string, Obj][] {
  const out: [string, string, Obj][] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Obj>))
    for (const [method, op] of Object.entries(item)) out.push([path, method, op as Obj]);
  return out;
}

function op(product: "sls" | "live", id: string) {
  const o = compiled[product]?.operations.get(id);
  assert.ok(o, `${product} has no operation ${id}`);
  return o;
}

function codes(product: "sls" | "live", id: string): string[] {
  return op(product, id).errorCodes.map((e) => `${e.status} ${e.code}${e.unconfirmed ? " (unconfirmed)" : ""}`);
}

/** Asserts that the operation documents every code of `expected` ("status code", " (unconfirmed)" when marked). */
function assertDocuments(product: "sls" | "live", id: string, expected: readonly string[]): void {
  const has = codes(product, id);
  const missing = expected.filter((c) => !has.includes(c));
  assert.deepEqual(missing, [], `${id} lacks ${missing.join(", ")}; has ${has.join(", ")}`);
}

/** A citation of a section of a docs/ file (the citation test checks that it exists). */
const DOCS_SECTION = /docs\/[\w/.-]+\.md#[\w-]+/;

describe("overlays", () => {
  for (const [id, doc] of Object.entries(overlays))
    it(`${id}: every operation and response cites its docs/ section; every example $ref resolves`, () => {
      const examples = ((doc.components as Obj | undefined)?.examples ?? {}) as Record<string, Obj>;
      for (const [path, method, o] of operationsOf(doc)) {
        const where = `${method.toUpperCase()} ${path}`;
        const source = o["x-source"] as Obj | undefined;
        assert.match(String(source?.overlay), DOCS_SECTION, `${where}: x-source.overlay must cite its docs/ section`);
        if (o.operationId !== undefined) {
          assert.equal(source?.page, "overlay", `${where}: overlay-only operations carry x-source.page "overlay"`);
          assert.match(String(o.description), DOCS_SECTION, `${where}: description must cite its docs/ section`);
        }
        for (const [status, r] of Object.entries((o.responses ?? {}) as Record<string, Obj>)) {
          assert.match(String(r.description), DOCS_SECTION, `${where} ${status}: response description must cite docs/`);
          const media = (r.content as Record<string, Obj> | undefined)?.["application/json"];
          for (const [code, ex] of Object.entries((media?.examples ?? {}) as Record<string, Obj>)) {
            const ref = typeof ex.$ref === "string" ? ex.$ref : undefined;
            const target = ref === undefined ? ex : examples[ref.replace("#/components/examples/", "")];
            assert.ok(target, `${where} ${status} ${code}: dangling ${ref}`);
            if (Number(status) < 400) continue;
            const value = target.value as Obj;
            assert.equal(value.errorCode ?? value.Code, code, `${where} ${status}: example key must be the code`);
          }
        }
      }
      for (const [name, ex] of Object.entries(examples)) {
        assert.match(String(ex.description), DOCS_SECTION, `example ${name} must cite docs/`);
        if (ex["x-unconfirmed"] === true)
          assert.match(
            String(ex.description),
            /UNCONFIRMED: docs\/unconfirmed-behaviour\.md#[\w-]+/,
            `example ${name}: cite its section of docs/unconfirmed-behaviour.md`,
          );
      }
    });

  it("live: the overlay's parameter list (arrays replace on merge) equals the page's, except PageNo minimum 1", () => {
    const paramsOf = (doc: Obj | undefined): Obj[] => {
      const paths = (doc?.paths ?? {}) as Record<string, Record<string, Obj> | undefined>;
      return (paths["/?Action=ListEventSubEvent"]?.get?.parameters ?? []) as Obj[];
    };
    const fromPage = paramsOf(generated(false).live);
    const fromOverlay = paramsOf(merged.live);
    assert.equal(fromOverlay.length, fromPage.length);
    for (const [i, p] of fromPage.entries()) {
      const o = fromOverlay[i] as Obj;
      const pageSchema = p.schema as Obj;
      const expected = p.name === "PageNo" ? { ...pageSchema, minimum: 1 } : pageSchema;
      assert.deepEqual(
        [o.name, o.in, o.required, o.schema, o.example],
        [p.name, p.in, p.required, expected, p.example],
      );
    }
    const listEvents = op("live", "ListEventSubEvent");
    const r = listEvents.validateRequest({
      path: {},
      query: { AppId: "a", StartTime: "1", EndTime: "2", PageSize: "10", PageNo: "0" },
    });
    assert.deepEqual(r.ok ? [] : r.violations.map((v) => [v.parameter, v.expected]), [["PageNo", "integer ≥ 1"]]);
  });

  it("sls: adds UpdateConsumerGroup, ConsumerGroupUpdateCheckPoint and GetCheckPoint, routed beside the page operations", () => {
    const sls = compiled.sls as CompiledSpec;
    const path = "/logstores/ali-test-logstore/consumergroups/cg";
    assert.equal(sls.matchRoa("PUT", path, {})?.operation.id, "UpdateConsumerGroup");
    assert.equal(sls.matchRoa("GET", path, { shard: "0" })?.operation.id, "GetCheckPoint");
    assert.equal(sls.matchRoa("DELETE", path, {})?.operation.id, "DeleteConsumerGroup");
    assert.equal(sls.matchRoa("POST", path, { type: "checkpoint" })?.operation.id, "ConsumerGroupUpdateCheckPoint");
    assert.equal(
      sls.matchRoa("POST", path, { type: "heartbeat", consumer: "c" })?.operation.id,
      "ConsumerGroupHeartBeat",
    );
    assert.equal(sls.matchRoa("POST", path, {}), undefined);

    const update = op("sls", "UpdateConsumerGroup");
    const base = { path: { logstore: "l", consumerGroup: "g" }, query: {} };
    assert.equal(update.validateRequest({ ...base, body: { timeout: 60 } }).ok, true);
    const empty = update.validateRequest({ ...base, body: {} });
    assert.deepEqual(empty.ok ? [] : empty.violations.map((v) => v.expected), ["object ≥ 1 properties"]);

    const checkpoint = op("sls", "ConsumerGroupUpdateCheckPoint");
    const ok = checkpoint.validateRequest({
      ...base,
      query: { type: "checkpoint", forceSuccess: "True" },
      body: { shard: 0, checkpoint: "MTUyNDE1NTM3OTM3MzkwODQwNg==" },
    });
    assert.deepEqual(ok, { ok: true, params: { logstore: "l", consumerGroup: "g", forceSuccess: true } });
    const bad = checkpoint.validateRequest({ ...base, query: { type: "checkpoint" }, body: { shard: "0" } });
    assert.deepEqual(bad.ok ? [] : bad.violations.map((v) => v.jsonPointer), ["/checkpoint", "/shard"]);
    assert.deepEqual(checkpoint.validateResponse(200, undefined), []);

    const get = op("sls", "GetCheckPoint");
    assert.deepEqual(
      get.validateResponse(200, [{ shard: 0, checkpoint: "x", updateTime: 1524224984800922, consumer: "c" }]),
      [],
    );
    assert.deepEqual(
      get.validateResponse(200, [{ shard: "0" }]).map((v) => v.jsonPointer),
      ["/0/shard"],
    );
  });

  it("sls: documented per-operation errors and the common ones, unconfirmed ones marked", () => {
    assertDocuments("sls", "ConsumerGroupHeartBeat", [
      "400 NotExistConsumerWithBody",
      "404 ConsumerGroupNotExist",
      "404 ProjectNotExist",
      "404 LogStoreNotExist",
      // the common ones
      "401 SignatureNotMatch",
      "401 Unauthorized",
      "400 RequestTimeExpired",
      "400 MissingDate",
      "400 InvalidRequestTime",
      "400 PostBodyInvalid",
      "413 PostBodyTooLarge",
    ]);
    assertDocuments("sls", "CreateConsumerGroup", [
      "400 ConsumerGroupAlreadyExist",
      "400 JsonInfoInvalid",
      "400 ConsumerGroupQuotaExceed (unconfirmed)",
    ]);
    assertDocuments("sls", "DeleteConsumerGroup", ["404 ConsumerGroupNotExist (unconfirmed)"]);
    assertDocuments("sls", "ConsumerGroupUpdateCheckPoint", [
      "400 InvalidShardCheckPoint",
      "404 ConsumerNotExist (unconfirmed)",
      "404 ShardNotExist (unconfirmed)",
      "400 ConsumerNotMatch (unconfirmed)",
    ]);
    // The page's own table survives the merge (ListConsumerGroup documents 500 InternalServerError).
    assertDocuments("sls", "ListConsumerGroup", ["500 InternalServerError"]);
  });

  it("live: the page's codes plus the gateway codes, unconfirmed ones marked", () => {
    assertDocuments("live", "ListEventSubEvent", [
      "400 InputInvalid",
      "403 NoAuth",
      "404 ResourceNotExist",
      "500 ServerError",
      "400 Throttling.User (unconfirmed)",
      "400 SignatureDoesNotMatch (unconfirmed)",
      "400 InvalidTimeStamp.Expired",
      "400 SignatureNonceUsed",
      "400 MissingParameter",
      "400 IncompleteSignature",
      "404 InvalidAccessKeyId.NotFound (unconfirmed)",
      "404 InvalidApi.NotFound",
    ]);
    const throttled = { RequestId: "r", HostId: "live.aliyuncs.com", Code: "Throttling.User", Message: "m" };
    assert.deepEqual(op("live", "ListEventSubEvent").validateResponse(400, throttled), []);
  });
});
