import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { errorContractFromSpec, validateSubset } from "../../load/scenarios/error-contract.ts";
import { classifyAnswer } from "../../load/scenarios/rate-limit.ts";
import { loadSpecs } from "../../src/spec/load-specs.ts";

const doc = JSON.parse(readFileSync("specs/live.openapi.json", "utf8")) as Record<string, unknown>;
const subset = errorContractFromSpec(doc, "ListEventSubEvent");
const op = loadSpecs().live.operations.get("ListEventSubEvent");
const ajv = errorContractFromSpec(doc, "ListEventSubEvent", (s, b) =>
  (op?.validateResponse(s, b) ?? []).map((v) => v.message),
);

const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers,
  body: typeof body === "string" ? body : JSON.stringify(body),
  durationMs: 1,
});
const good = {
  RequestId: "R",
  HostId: "live.aliyuncs.com",
  Code: "Throttling.User",
  Message: "Request was denied due to user flow control.",
};

test("the spec documents throttling at 400 (the POP gateway's status, facts §5)", () => {
  assert.deepEqual(subset.throttlingStatuses, [400]);
});

for (const [name, contract] of [
  ["k6 subset checker", subset],
  ["compiled Ajv validator", ajv],
] as const) {
  test(`${name}: a documented throttled answer conforms; each kind of drift is caught`, () => {
    assert.deepEqual(classifyAnswer(answer(400, good), contract), {
      outcome: "throttled",
      code: "Throttling.User",
      violations: [],
    });
    assert.equal(classifyAnswer(answer(200, { RequestId: "R" }), contract).outcome, "admitted");
    assert.equal(classifyAnswer(answer(0, ""), contract).outcome, "error");
    assert.equal(classifyAnswer(answer(400, { ...good, Code: "InputInvalid" }), contract).outcome, "error");
    const odd = classifyAnswer(answer(400, { ...good, Code: "Throttling.Burst" }), contract);
    assert.match(odd.violations.join(";"), /not one of Throttling, Throttling.User, Throttling.Api/);
    assert.match(
      classifyAnswer(answer(429, good), contract).violations.join(";"),
      /HTTP 429, documented for throttling: 400/,
    );
    const { RequestId: _r, ...noId } = good;
    assert.ok(classifyAnswer(answer(400, noId), contract).violations.length > 0, "missing RequestId");
    assert.ok(
      classifyAnswer(answer(400, { ...good, Message: 5 }), contract).violations.length > 0,
      "Message as a number",
    );
    assert.match(
      classifyAnswer(answer(503, "<html>busy</html>", { "x-acs-retry-after": "100" }), contract).violations.join(";"),
      /not JSON/,
    );
  });
}

test("the subset checker refuses schemas it cannot check instead of passing them", () => {
  const d = { components: { schemas: { E: { type: "object", patternProperties: { "^x": {} } } } } };
  assert.throws(
    () =>
      errorContractFromSpec(
        {
          ...d,
          paths: {
            "/": {
              get: {
                operationId: "Op",
                responses: {
                  default: { content: { "application/json": { schema: { $ref: "#/components/schemas/E" } } } },
                },
              },
            },
          },
        },
        "Op",
      ),
    /keyword "patternProperties" is not supported/,
  );
  assert.deepEqual(validateSubset({}, { type: "integer", minimum: 1 }, 0), ["/: 0 < minimum 1"]);
});
