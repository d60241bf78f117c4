/**
 * The SLS project from `Host` (docs/alibaba/sls-requests.md#addressing) and the documented refusals of hostile values.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { readHostProject } from "../../src/mock/host-project.ts";

test("the project is the first label, with or without a port, case-insensitive", () => {
  for (const [host, project] of [
    ["ali-test-project.cn-hangzhou.log.aliyuncs.com", "ali-test-project"],
    ["ali-test-project.sls.localtest:8080", "ali-test-project"],
    ["ALI-TEST-PROJECT.sls.localtest", "ali-test-project"],
    ["proj.127.0.0.1:9000", "proj"],
    ["localhost", "localhost"],
  ] as const) {
    assert.deepEqual(readHostProject(host), { ok: true, project }, host);
  }
});

test("missing, empty, long, IPv6, unicode and port-garbage hosts are 400 MissingHost / InvalidHost", () => {
  for (const host of [undefined, "", "   "]) {
    const r = readHostProject(host);
    assert.ok(!r.ok && r.error.status === 400 && r.error.code === "MissingHost");
  }
  for (const host of [
    "a".repeat(300),
    "[::1]:8080",
    "prøject.sls.localtest",
    "p.sls:99999",
    "p.sls:abc",
    "p q.sls",
    "-p.sls",
    "p..sls",
  ]) {
    const r = readHostProject(host);
    assert.ok(!r.ok, host);
    assert.equal(r.error.status, 400);
    assert.equal(r.error.code, "InvalidHost");
    assert.ok(r.error.message.length < 200, "the message does not echo the value at length");
  }
});
