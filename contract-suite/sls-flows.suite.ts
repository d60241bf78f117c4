/**
 * Stateful SLS flow (docs/alibaba/sls-consumer-groups.md): create a group → several consumers heartbeat → shard
 * invariants (no shard twice, counts within 1, all shards assigned) → checkpoint → GetCheckPoint → delete →
 * heartbeat gets 404 ConsumerGroupNotExist. Every answer is also validated against the spec.
 */
import type { Exchange } from "../src/client/exchange.ts";
import { describeAnswer, readErrorCode, validateAnswerBody } from "../src/contract-cases/check-exchange.ts";
import type { CaseIdentity } from "../src/contract-cases/contract-reporter-keys.ts";
import type { CaseRecord } from "../src/contract-cases/contract-results.ts";
import { checkShardAssignment } from "../src/contract-cases/flow-checks.ts";
import { loadSpecs } from "../src/openapi/load-specs.ts";
import { createViolation, renderActual, type Violation } from "../src/openapi/violation.ts";
import { casesAnnotation, test } from "./fixtures.ts";

const spec = loadSpecs().sls;
const HEARTBEAT = "ConsumerGroupHeartBeat";
const CONSUMERS = ["c1", "c2", "c3"];
/** Heartbeat rounds allowed for the hand-off to settle (each consumer reports its last answer, as the SDKs do). */
const MAX_ROUNDS = 10;

const flow: CaseIdentity = {
  caseId: `${HEARTBEAT}/stateful/lifecycle`,
  title: `${HEARTBEAT} stateful: group lifecycle, shard invariants, checkpoint round trip, heartbeat after delete`,
  operationId: HEARTBEAT,
  product: "sls",
  kind: "stateful",
};

test(flow.title, { annotation: casesAnnotation([flow]) }, async ({ run, recordFlow }) => {
  const violations: Violation[] = [];
  const logstore = run.target.sls.logstore;
  const validate = (operationId: string, ex: Exchange, step: string): void => {
    const op = spec.operations.get(operationId);
    if (op === undefined) return;
    for (const v of validateAnswerBody(op, ex)) violations.push({ ...v, message: `${step}: ${v.message}` });
  };
  const expectStatus = (operationId: string, ex: Exchange, status: number, step: string): boolean => {
    if (ex.status === status) return true;
    violations.push(
      createViolation(
        operationId,
        "response.status",
        "",
        `${status} (${step})`,
        renderActual(describeAnswer(ex, "sls")),
      ),
    );
    return false;
  };

  const shardCount = await run.shardCount();
  const group = await run.createGroup();
  const held: Record<string, number[]> = {};
  for (const c of CONSUMERS) held[c] = [];
  let settled: Violation[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    for (const c of CONSUMERS) {
      const ex = await run.sls.consumerGroupHeartBeat(logstore, group, c, held[c] ?? []);
      validate(HEARTBEAT, ex, `heartbeat round ${round + 1} of ${c}`);
      if (!expectStatus(HEARTBEAT, ex, 200, `heartbeat of ${c}`) || !Array.isArray(ex.body)) break;
      held[c] = ex.body as number[];
    }
    // No shard may ever be in two answers, whatever the round (hand-off without double ownership,
    // docs/alibaba/sls-consumer-groups.md#heartbeat-answer-contents).
    settled = checkShardAssignment(HEARTBEAT, held, shardCount);
    violations.push(...settled.filter((v) => v.check === "flow.shard-ownership"));
    if (settled.length === 0) break;
  }
  // Balance and coverage are judged on the last round only (ownership was already recorded every round).
  violations.push(...settled.filter((v) => v.check !== "flow.shard-ownership"));

  // Checkpoint of a shard c1 holds, without force: only the holder may update it
  // (docs/alibaba/sls-consumer-groups.md#checkpoints).
  const shard = held.c1?.[0] ?? 0;
  const checkpoint = Buffer.from(`specgate-${Date.now()}`).toString("base64");
  const up = await run.sls.consumerGroupUpdateCheckPoint(logstore, group, {
    consumer: "c1",
    shard,
    checkpoint,
    forceSuccess: false,
  });
  validate("ConsumerGroupUpdateCheckPoint", up, "checkpoint update");
  expectStatus("ConsumerGroupUpdateCheckPoint", up, 200, "checkpoint update by the holder");
  const got = await run.sls.getCheckPoint(logstore, group, shard);
  validate("GetCheckPoint", got, "GetCheckPoint");
  if (expectStatus("GetCheckPoint", got, 200, "GetCheckPoint")) {
    const entries = Array.isArray(got.body) ? (got.body as { shard?: unknown; checkpoint?: unknown }[]) : [];
    const entry = entries.find((e) => e.shard === shard);
    if (entry?.checkpoint !== checkpoint)
      violations.push(
        createViolation(
          "GetCheckPoint",
          "flow.checkpoint-round-trip",
          `/${entries.indexOf(entry as never)}/checkpoint`,
          JSON.stringify(checkpoint),
          renderActual(entry?.checkpoint ?? "(no entry)"),
        ),
      );
  }

  const del = await run.sls.deleteConsumerGroup(logstore, group);
  validate("DeleteConsumerGroup", del, "delete");
  expectStatus("DeleteConsumerGroup", del, 200, "delete");
  const after = await run.sls.consumerGroupHeartBeat(logstore, group, "c1", held.c1 ?? []);
  validate(HEARTBEAT, after, "heartbeat after delete");
  if (expectStatus(HEARTBEAT, after, 404, "heartbeat after delete")) {
    const code = readErrorCode(after.body, "sls");
    if (code !== "ConsumerGroupNotExist")
      violations.push(
        createViolation(
          HEARTBEAT,
          "response.error-code",
          "/errorCode",
          "ConsumerGroupNotExist (docs/alibaba/sls-consumer-groups.md#operation-errors)",
          renderActual(code ?? "(none)"),
        ),
      );
  }

  const record: CaseRecord = {
    caseId: flow.caseId,
    title: `${HEARTBEAT} stateful: lifecycle with ${CONSUMERS.length} consumers over ${shardCount} shards`,
    operationId: HEARTBEAT,
    product: "sls",
    kind: "stateful",
    violations,
  };
  await run.cleanup();
  await recordFlow(record);
});
