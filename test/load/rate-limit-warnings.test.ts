// A drifted target breaks the contract on every throttled answer, hundreds a second: the scenario counts each
// (contract_violations) but writes each distinct warning once, and at most a bounded number in all.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { errorContractFromSpec } from "../../load/scenarios/error-contract.ts";
import { runFlowSync } from "../../load/scenarios/flow.ts";
import { operationCall } from "../../load/scenarios/operation-call.ts";
import {
  planRateLimit,
  rateLimitRequest,
  readDocumentedLimit,
  resolveRateLimitOptions,
} from "../../load/scenarios/rate-limit.ts";
import type { HttpResult, ScenarioPort } from "../../load/scenarios/scenario-port.ts";
import type { ScenarioTarget } from "../../load/scenarios/scenario-target.ts";
import { nodeCrypto } from "../../src/signing/node-crypto.ts";

const doc = JSON.parse(readFileSync("specs/live.openapi.json", "utf8")) as Record<string, unknown>;
const call = operationCall(doc, "live", "ListEventSubEvent");
const o = resolveRateLimitOptions(readDocumentedLimit(doc, "ListEventSubEvent"), {
  multipliers: [2, 4],
  kneeSteps: 0,
});
const steps = planRateLimit(o);
// Every body breaks the contract in the same way (the check's words come from the violation).
const contract = errorContractFromSpec(doc, "ListEventSubEvent", (_status, body) =>
  (body as { RequestId?: unknown }).RequestId === undefined ? ["RequestId is missing"] : [],
);
const target: ScenarioTarget = {
  kind: "url",
  credentials: { accessKeyId: "id", accessKeySecret: "secret" },
  products: { live: { url: "http://127.0.0.1:1", host: "live.aliyuncs.com", settings: { appId: "app" } } },
};

test("each distinct warning is written once; every violation is still counted", () => {
  const warnings: string[] = [];
  let violations = 0;
  let answer: HttpResult = {
    status: 400,
    headers: {},
    body: JSON.stringify({ Code: "Throttling.User", Message: "m" }),
    durationMs: 1,
  };
  const port: ScenarioPort = {
    request: () => answer,
    nowMs: () => 0,
    wallMs: () => Date.UTC(2026, 10, 23),
    sleep: () => undefined,
    metrics: {
      add(name, value) {
        if (name === "contract_violations") violations += value;
      },
    },
    log: { info: () => {}, warn: (m) => warnings.push(m) },
    crypto: nodeCrypto,
  };
  for (const step of steps.filter((s) => s.kind === "stage"))
    for (let i = 0; i < 50; i++)
      runFlowSync(rateLimitRequest(port, target, call, contract, { step, intendedStartMs: i, stepStartMs: 0 }));
  assert.equal(violations, 100, "all 100 throttled answers counted");
  assert.deepEqual(warnings, [
    "rate-limit 2x: throttled answer breaks the contract: RequestId is missing",
    "rate-limit 4x: throttled answer breaks the contract: RequestId is missing",
  ]);
  // Failures that differ are each written, up to a bound.
  const step = steps[0] as (typeof steps)[number];
  for (let i = 0; i < 100; i++) {
    answer = { status: 0, headers: {}, body: "", durationMs: 1, error: `ECONN${i}` };
    runFlowSync(rateLimitRequest(port, target, call, contract, { step, intendedStartMs: i, stepStartMs: 0 }));
  }
  assert.equal(warnings.length, 20);
  assert.match(warnings.at(-1) ?? "", /\(further warnings are only counted\)$/);
});
