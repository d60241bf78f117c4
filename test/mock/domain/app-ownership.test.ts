import assert from "node:assert/strict";
import { test } from "node:test";
import { AppOwnership } from "../../../src/mock/domain/app-ownership.ts";

test("the owner may read its AppId; another account gets 403 NoAuth; an unknown AppId 404 ResourceNotExist", () => {
  const ownership = new AppOwnership();
  ownership.register("9qb1test", "specgate-test-id");
  assert.equal(ownership.checkAccess("9qb1test", "specgate-test-id"), undefined);
  assert.equal(ownership.ownerOf("9qb1test"), "specgate-test-id");
  const denied = ownership.checkAccess("9qb1test", "other-id");
  assert.equal(denied?.status, 403);
  assert.equal(denied?.code, "NoAuth");
  assert.match(denied?.message ?? "", /9qb1test/);
  const missing = ownership.checkAccess("nope", "specgate-test-id");
  assert.equal(missing?.status, 404);
  assert.equal(missing?.code, "ResourceNotExist");
});
