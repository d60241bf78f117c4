/**
 * Stateful SLS flow (docs/alibaba/sls-consumer-groups.md): create a group → several consumers heartbeat → shard
 * invariants (no shard twice, counts within 1, all shards assigned) → checkpoint → GetCheckPoint → delete →
 * heartbeat gets 404 ConsumerGroupNotExist. Every answer is also validated against the spec. A flow is about
 * one product's behaviour, so it names it; it is skipped when the specs have no SLS spec. The group comes from
 * the SLS entry's contract resources, so it is created under the run's prefix and deleted afterwards.
 */
import type { Exchange } from "../src/client/exchange.ts";
import { SlsClient } from "../src/client/sls-client.ts";
import { targetSetting } from "../src/client/target.ts";
import { describeAnswer, readErrorCode, validateAnswerBody } from "../src/contract-cases/check-exchange.ts";
import type { CaseIdentity } from "../src/contract-cases/contract-reporter-keys.ts";
import type { CaseRecord } from "../src/contract-cases/contract-results.ts";
import { checkShardAssignment } from "../src/contract-cases/flow-checks.ts";
import type { CompiledSpec } from "../src/openapi/compiled-spec.ts";
import { loadSpecs } from "../src/openapi/load-specs.ts";
import { createViolation, renderActual, type Violation } from "../src/openapi/violation.ts";
import { casesAnnotation, settings, test } from "./fixtures.ts";

const spec = loadSpecs(settings.specsDir).products.get("sls")?.spec;
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

/** The flow's client, group and violations, with the two checks every step makes. */
class Flow {
  readonly violations: Violation[] = [];
  constructor(
    readonly spec: CompiledSpec,
    readonly sls: SlsClient,
    readonly logstore: string,
    readonly group: string,
  ) {}

  /** The answer's body against the spec, each violation prefixed with the step. */
  validate(operationId: string, ex: Exchange, step: string): void {
    const op = this.spec.operations.get(operationId);
    if (op === undefined) return;
    for (const v of validateAnswerBody(op, ex)) this.violations.push({ ...v, message: `${step}: ${v.message}` });
  }

  /** True when the answer has `status`; a violation otherwise. */
  expectStatus(operationId: string, ex: Exchange, status: number, step: string): boolean {
    if (ex.status === status) return true;
    this.violations.push(
      createViolation(
        operationId,
        "response.status",
        "",
        `${status} (${step})`,
        renderActual(describeAnswer(ex, "sls")),
      ),
    );
    return false;
  }

  /** One heartbeat round of every consumer; false when one was refused. */
  async heartbeatRound(round: number, held: Record<string, number[]>): Promise<boolean> {
    for (const c of CONSUMERS) {
      const ex = await this.sls.consumerGroupHeartBeat(this.logstore, this.group, c, held[c] ?? []);
      this.validate(HEARTBEAT, ex, `heartbeat round ${round + 1} of ${c}`);
      if (!this.expectStatus(HEARTBEAT, ex, 200, `heartbeat of ${c}`) || !Array.isArray(ex.body)) return false;
      held[c] = ex.body as number[];
    }
    return true;
  }

  /** Heartbeats until the assignment settles; ownership is judged every round, balance and coverage at the end. */
  async settle(shardCount: number): Promise<Record<string, number[]>> {
    const held: Record<string, number[]> = Object.fromEntries(CONSUMERS.map((c) => [c, []]));
    let settled: Violation[] = [];
    for (let round = 0; round < MAX_ROUNDS; round++) {
      await this.heartbeatRound(round, held);
      // No shard may ever be in two answers, whatever the round (hand-off without double ownership).
      settled = checkShardAssignment(HEARTBEAT, held, shardCount);
      this.violations.push(...settled.filter((v) => v.check === "flow.shard-ownership"));
      if (settled.length === 0) break;
    }
    this.violations.push(...settled.filter((v) => v.check !== "flow.shard-ownership"));
    return held;
  }

  /** Checkpoint of a shard c1 holds, without force (only the holder may), read back with GetCheckPoint. */
  async checkpointRoundTrip(shard: number): Promise<void> {
    const checkpoint = Buffer.from(`specgate-${Date.now()}`).toString("base64");
    const update = { consumer: "c1", shard, checkpoint, forceSuccess: false };
    const up = await this.sls.consumerGroupUpdateCheckPoint(this.logstore, this.group, update);
    this.validate("ConsumerGroupUpdateCheckPoint", up, "checkpoint update");
    this.expectStatus("ConsumerGroupUpdateCheckPoint", up, 200, "checkpoint update by the holder");
    const got = await this.sls.getCheckPoint(this.logstore, this.group, shard);
    this.validate("GetCheckPoint", got, "GetCheckPoint");
    if (!this.expectStatus("GetCheckPoint", got, 200, "GetCheckPoint")) return;
    const entries = Array.isArray(got.body) ? (got.body as { shard?: unknown; checkpoint?: unknown }[]) : [];
    const entry = entries.find((e) => e.shard === shard);
    if (entry?.checkpoint !== checkpoint)
      this.violations.push(
        createViolation(
          "GetCheckPoint",
          "flow.checkpoint-round-trip",
          `/${entries.indexOf(entry as never)}/checkpoint`,
          JSON.stringify(checkpoint),
          renderActual(entry?.checkpoint ?? "(no entry)"),
        ),
      );
  }

  /** Deletes the group; a heartbeat afterwards must get 404 ConsumerGroupNotExist. */
  async deleteThenHeartbeat(held: number[]): Promise<void> {
    const del = await this.sls.deleteConsumerGroup(this.logstore, this.group);
    this.validate("DeleteConsumerGroup", del, "delete");
    this.expectStatus("DeleteConsumerGroup", del, 200, "delete");
    const after = await this.sls.consumerGroupHeartBeat(this.logstore, this.group, "c1", held);
    this.validate(HEARTBEAT, after, "heartbeat after delete");
    if (!this.expectStatus(HEARTBEAT, after, 404, "heartbeat after delete")) return;
    const code = readErrorCode(after.body, "sls");
    if (code !== "ConsumerGroupNotExist")
      this.violations.push(
        createViolation(
          HEARTBEAT,
          "response.error-code",
          "/errorCode",
          "ConsumerGroupNotExist",
          renderActual(code ?? "(none)"),
        ),
      );
  }
}

test(flow.title, { annotation: casesAnnotation([flow]) }, async ({ run, recordFlow }) => {
  test.skip(spec === undefined, "no specs/sls.openapi.json");
  if (spec === undefined) return;
  const resources = run.scope("sls");
  const shardCount = await resources.count("shard");
  const logstore = targetSetting(run.target, "sls", "logstore");
  const f = new Flow(spec, SlsClient.forTarget(run.target), logstore, await resources.value("group"));
  const held = await f.settle(shardCount);
  await f.checkpointRoundTrip(held.c1?.[0] ?? 0);
  await f.deleteThenHeartbeat(held.c1 ?? []);
  const record: CaseRecord = {
    caseId: flow.caseId,
    title: `${HEARTBEAT} stateful: lifecycle with ${CONSUMERS.length} consumers over ${shardCount} shards`,
    operationId: HEARTBEAT,
    product: "sls",
    kind: "stateful",
    violations: f.violations,
  };
  await run.cleanup();
  await recordFlow(record);
});
