/** SLS consumer-group routes over HTTP, through the signed client (as the SDK signs), against the spec. */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Exchange } from "../../src/client/exchange.ts";
import { CREDS, LOGSTORE, skewedClock, specs, startTestMock, type TestMock } from "./mock-fixture.ts";

function op(id: string) {
  const operation = specs.spec("sls").operations.get(id);
  assert.ok(operation, `spec has ${id}`);
  return operation;
}

/** Asserts the exchange matches the documented response of `operationId` and returns it. */
function conforms(id: string, ex: Exchange): Exchange {
  const body = ex.rawBody === "" ? undefined : ex.body;
  const violations = body === undefined ? [] : op(id).validateResponse(ex.status, body, ex.headers["content-type"]);
  assert.deepEqual(violations, [], `${id} ${ex.status} ${ex.rawBody}`);
  assert.match(ex.headers["x-log-requestid"] ?? "", /^[0-9A-F]{24}$/);
  assert.equal(ex.headers.server, "AliyunSLS");
  assert.match(ex.headers["x-log-time"] ?? "", /^\d{10}$/);
  assert.ok(ex.headers.date, "Date header");
  return ex;
}

function errorCode(ex: Exchange): string {
  return (ex.body as { errorCode?: string }).errorCode ?? "(none)";
}

describe("SLS routes", () => {
  let t: TestMock;
  before(async () => {
    t = await startTestMock();
  });
  after(() => t.close());

  test("consumer group lifecycle: create, list, update, heartbeat, checkpoints, delete", async () => {
    const sls = t.sls();
    const created = conforms(
      "CreateConsumerGroup",
      await sls.createConsumerGroup(LOGSTORE, { consumerGroup: "cg1", timeout: 30, order: false }),
    );
    assert.equal(created.status, 200);
    assert.deepEqual(created.body, {});

    const again = conforms(
      "CreateConsumerGroup",
      await sls.createConsumerGroup(LOGSTORE, { consumerGroup: "cg1", timeout: 30, order: false }),
    );
    assert.equal(again.status, 400);
    assert.equal(errorCode(again), "ConsumerGroupAlreadyExist");

    const list = conforms("ListConsumerGroup", await sls.listConsumerGroup(LOGSTORE));
    assert.deepEqual(list.body, [{ name: "cg1", timeout: 30, order: false }]);

    const updated = conforms("UpdateConsumerGroup", await sls.updateConsumerGroup(LOGSTORE, "cg1", { timeout: 60 }));
    assert.equal(updated.status, 200);
    assert.equal(updated.rawBody, "", "Update answers an empty body as documented");
    assert.deepEqual((await sls.listConsumerGroup(LOGSTORE)).body, [{ name: "cg1", timeout: 60, order: false }]);

    const first = conforms("ConsumerGroupHeartBeat", await sls.consumerGroupHeartBeat(LOGSTORE, "cg1", "c1", []));
    assert.deepEqual(first.body, [0, 1, 2, 3], "a lone consumer gets every shard");
    const stranger = conforms("ConsumerGroupHeartBeat", await sls.consumerGroupHeartBeat(LOGSTORE, "cg1", "c2", [1]));
    assert.equal(stranger.status, 400);
    assert.equal(errorCode(stranger), "NotExistConsumerWithBody");

    const cp = conforms(
      "ConsumerGroupUpdateCheckPoint",
      await sls.consumerGroupUpdateCheckPoint(LOGSTORE, "cg1", {
        consumer: "c1",
        shard: 2,
        checkpoint: "MTUyNDE1NTM3OTM3MzkwODQwNg==",
        forceSuccess: false,
      }),
    );
    assert.equal(cp.status, 200);
    assert.equal(cp.rawBody, "");
    const got = conforms("GetCheckPoint", await sls.getCheckPoint(LOGSTORE, "cg1", 2));
    assert.equal(got.status, 200);
    const [entry] = got.body as { shard: number; checkpoint: string; consumer: string }[];
    assert.deepEqual([entry?.shard, entry?.checkpoint, entry?.consumer], [2, "MTUyNDE1NTM3OTM3MzkwODQwNg==", "c1"]);
    const badCp = conforms(
      "ConsumerGroupUpdateCheckPoint",
      await sls.consumerGroupUpdateCheckPoint(LOGSTORE, "cg1", { consumer: "c1", shard: 2, checkpoint: "not base64!" }),
    );
    assert.equal(errorCode(badCp), "InvalidShardCheckPoint");

    const deleted = conforms("DeleteConsumerGroup", await sls.deleteConsumerGroup(LOGSTORE, "cg1"));
    assert.equal(deleted.status, 200);
    const gone = conforms("DeleteConsumerGroup", await sls.deleteConsumerGroup(LOGSTORE, "cg1"));
    assert.equal(gone.status, 404);
    assert.equal(errorCode(gone), "ConsumerGroupNotExist");
    const hbGone = conforms("ConsumerGroupHeartBeat", await sls.consumerGroupHeartBeat(LOGSTORE, "cg1", "c1", []));
    assert.equal(errorCode(hbGone), "ConsumerGroupNotExist");
  });

  test("unknown project and logstore answer 404 with the documented codes", async () => {
    const other = conforms(
      "ListConsumerGroup",
      await t.sls({ host: "no-such-project.sls.localtest" }).listConsumerGroup(LOGSTORE),
    );
    assert.equal(other.status, 404);
    assert.equal(errorCode(other), "ProjectNotExist");
    const ls = conforms("ListConsumerGroup", await t.sls().listConsumerGroup("no-such-logstore"));
    assert.equal(ls.status, 404);
    assert.equal(errorCode(ls), "LogStoreNotExist");
  });

  test("signatures: wrong secret 401 SignatureNotMatch, unknown key 401 Unauthorized, old date 400 RequestTimeExpired", async () => {
    const wrong = await t.sls({ credentials: { ...CREDS, accessKeySecret: "wrong" } }).listConsumerGroup(LOGSTORE);
    assert.equal(wrong.status, 401);
    assert.equal(errorCode(wrong), "SignatureNotMatch");
    assert.ok(!wrong.rawBody.includes("wrong"), "no secret echoed");
    const unknown = await t
      .sls({ credentials: { accessKeyId: "nobody", accessKeySecret: "x" } })
      .listConsumerGroup(LOGSTORE);
    assert.equal(unknown.status, 401);
    assert.equal(errorCode(unknown), "Unauthorized");
    const old = conforms(
      "ListConsumerGroup",
      await t.sls({ clock: skewedClock(-16 * 60_000) }).listConsumerGroup(LOGSTORE),
    );
    assert.equal(old.status, 400);
    assert.equal(errorCode(old), "RequestTimeExpired");
    const nearly = await t.sls({ clock: skewedClock(-14 * 60_000) }).listConsumerGroup(LOGSTORE);
    assert.equal(nearly.status, 200, "14 minutes of skew is tolerated");
  });

  test("request validation names the parameter: JsonInfoInvalid for a bad body, ParameterInvalid for a bad query", async () => {
    const sls = t.sls();
    const badTimeout = await sls.send(
      "POST",
      `/logstores/${LOGSTORE}/consumergroups`,
      {},
      JSON.stringify({ consumerGroup: "x", timeout: "soon", order: true }),
    );
    assert.equal(badTimeout.status, 400);
    assert.equal(errorCode(badTimeout), "JsonInfoInvalid");
    assert.match((badTimeout.body as { errorMessage: string }).errorMessage, /timeout/);
    const broken = await sls.send("POST", `/logstores/${LOGSTORE}/consumergroups`, {}, "{not json");
    assert.equal(broken.status, 400);
    assert.equal(errorCode(broken), "PostBodyInvalid");
    await sls.createConsumerGroup(LOGSTORE, { consumerGroup: "cgq", timeout: 30, order: false });
    const badShard = await sls.send("GET", `/logstores/${LOGSTORE}/consumergroups/cgq`, { shard: "first" });
    assert.equal(badShard.status, 400);
    assert.equal(errorCode(badShard), "ParameterInvalid");
    assert.match((badShard.body as { errorMessage: string }).errorMessage, /shard/);
    const noConsumer = await sls.send("POST", `/logstores/${LOGSTORE}/consumergroups/cgq`, { type: "heartbeat" }, "[]");
    assert.equal(errorCode(noConsumer), "ParameterInvalid");
    assert.match((noConsumer.body as { errorMessage: string }).errorMessage, /consumer/);
    const wrongType = await sls.send(
      "POST",
      `/logstores/${LOGSTORE}/consumergroups/cgq`,
      { type: "nap", consumer: "c" },
      "[]",
    );
    assert.equal(wrongType.status, 400);
    assert.match((wrongType.body as { errorMessage: string }).errorMessage, /type must be one of/);
  });

  test("unknown paths 404 and wrong methods 405, both in the SLS error body", async () => {
    const sls = t.sls();
    const unknown = await sls.send("GET", "/logstores/ls/shards/0", {});
    assert.equal(unknown.status, 404);
    assert.equal(errorCode(unknown), "ParameterInvalid");
    const wrong = await sls.send("PATCH", `/logstores/${LOGSTORE}/consumergroups`, {});
    assert.equal(wrong.status, 405);
    assert.equal(errorCode(wrong), "MethodNotAllowed");
    assert.equal(typeof (wrong.body as { errorMessage?: unknown }).errorMessage, "string");
  });
});
