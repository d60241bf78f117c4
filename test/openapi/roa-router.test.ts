import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compileSpec } from "../../src/openapi/compile-spec.ts";
import { compilePathTemplate, RoaRouter } from "../../src/openapi/roa-router.ts";
import { loadFixture } from "./load-fixture.ts";

const CG = "/logstores/{logstore}/consumergroups/{consumerGroup}";

function router(): RoaRouter<string> {
  const r = new RoaRouter<string>();
  r.add("post", CG, {}, "plain-post");
  r.add("post", CG, { type: "heartbeat" }, "heartbeat");
  r.add("post", CG, { type: "checkpoint" }, "checkpoint");
  r.add("get", CG, {}, "get-checkpoint");
  r.add("get", "/logstores/{logstore}/consumergroups", {}, "list");
  r.add("get", "/logstores/special/consumergroups", {}, "literal");
  r.add("get", "/files/{name}.json", {}, "suffixed");
  r.seal();
  return r;
}

describe("RoaRouter", () => {
  it("picks the operation whose fixed query matches, whatever the insertion order", () => {
    const r = router();
    assert.equal(r.match("POST", "/logstores/ls/consumergroups/g", { type: "heartbeat" })?.operation, "heartbeat");
    assert.equal(r.match("POST", "/logstores/ls/consumergroups/g", { type: "checkpoint" })?.operation, "checkpoint");
    assert.equal(r.match("POST", "/logstores/ls/consumergroups/g", {})?.operation, "plain-post");
    assert.equal(r.match("POST", "/logstores/ls/consumergroups/g", { type: "other" })?.operation, "plain-post");
  });

  it("does not match an operation with a fixed query when the request lacks it", () => {
    const r = new RoaRouter<string>();
    r.add("post", CG, { type: "heartbeat" }, "heartbeat");
    r.seal();
    assert.equal(r.match("POST", "/logstores/ls/consumergroups/g", {}), undefined);
    assert.equal(r.match("POST", "/logstores/ls/consumergroups/g", { type: ["heartbeat", "x"] }), undefined);
    assert.equal(r.match("POST", "/logstores/ls/consumergroups/g", { type: ["heartbeat"] })?.operation, "heartbeat");
  });

  it("prefers literal segments over parameters", () => {
    const r = router();
    assert.equal(r.match("GET", "/logstores/special/consumergroups", {})?.operation, "literal");
    assert.equal(r.match("GET", "/logstores/other/consumergroups", {})?.operation, "list");
  });

  it("URI-decodes path parameters and ignores a ?query suffix in the path", () => {
    const m = router().match("post", "/logstores/my%20ls/consumergroups/g%2Fh%E2%9C%93?type=heartbeat", {
      type: "heartbeat",
    });
    assert.deepEqual(m, { operation: "heartbeat", pathParams: { logstore: "my ls", consumerGroup: "g/h✓" } });
  });

  it("returns no match (not a throw) for a malformed %-escape", () => {
    const r = router();
    assert.equal(r.match("POST", "/logstores/a%2/consumergroups/g", {}), undefined);
    assert.equal(r.match("POST", "/logstores/%E0%A4%A/consumergroups/g", {}), undefined);
  });

  it("matches prefix/suffix segments and rejects empty parameters, wrong lengths and relative paths", () => {
    const r = router();
    assert.deepEqual(r.match("GET", "/files/a%2Eb.json", {})?.pathParams, { name: "a.b" });
    assert.equal(r.match("GET", "/files/.json", {}), undefined);
    assert.equal(r.match("GET", "/logstores//consumergroups", {}), undefined);
    // a trailing slash makes an empty {consumerGroup}: no match
    assert.equal(r.match("GET", "/logstores/ls/consumergroups/", {}), undefined);
    assert.equal(r.match("GET", "logstores/ls/consumergroups", {}), undefined);
    assert.equal(r.match("GET", "/logstores/ls", {}), undefined);
  });

  it("tells 404 from 405: pathExists ignores method and fixed query", () => {
    const r = router();
    assert.equal(r.match("DELETE", "/logstores/ls/consumergroups/g", {}), undefined);
    assert.equal(r.pathExists("/logstores/ls/consumergroups/g"), true); // → 405
    assert.equal(r.pathExists("/logstores/ls/shards"), false); // → 404
    assert.equal(r.pathExists("/logstores/a%2/consumergroups/g"), false);
  });

  it("rejects bad templates at compile time", () => {
    assert.throws(() => compilePathTemplate("logstores"), /must start with '\/'/);
    assert.throws(() => compilePathTemplate("/a/{x}{y}"), /exactly one \{parameter\}/);
    assert.throws(() => compilePathTemplate("/a/{}"), /empty parameter name/);
    assert.throws(() => compilePathTemplate("/a/b}"), /unbalanced/);
    const r = new RoaRouter<string>();
    r.seal();
    assert.throws(() => r.add("get", "/a", {}, "x"), /sealed/);
  });
});

describe("CompiledSpec routing", () => {
  it("routes ROA operations by method, path and fixed query; RPC by action", () => {
    const sls = compileSpec(loadFixture("roa"));
    const m = sls.matchRoa("POST", "/logstores/ls/consumergroups/g", { type: "heartbeat", consumer: "c1" });
    assert.equal(m?.operation.id, "ConsumerGroupHeartBeat");
    assert.deepEqual(m?.pathParams, { logstore: "ls", consumerGroup: "g" });
    assert.equal(sls.matchRoa("POST", "/logstores/ls/consumergroups/g", { consumer: "c1" }), undefined);
    assert.equal(sls.pathExists("/logstores/ls/consumergroups/g"), true);
    assert.equal(sls.matchRoa("PUT", "/logstores/ls/consumergroups", {}), undefined);
    assert.equal(sls.pathExists("/logstores/ls/consumergroups"), true);
    assert.equal(sls.pathExists("/projects"), false);

    const live = compileSpec(loadFixture("rpc"));
    assert.equal(live.matchRpc("ListEventSubEvent")?.id, "ListEventSubEvent");
    assert.equal(live.matchRpc("listeventsubevent"), undefined);
    assert.equal(live.matchRoa("GET", "/", {}), undefined); // RPC operations are not ROA routes
  });
});
