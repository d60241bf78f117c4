import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import {
  checkBodiesWith,
  describeBodyViolation,
  errorContractFromSpec,
  type GeneratedValidator,
} from "../../load/scenarios/error-contract.ts";
import { classifyAnswer } from "../../load/scenarios/rate-limit.ts";
import { checkBundledValidators } from "../../src/load-runner/build-k6-bundles.ts";
import { compileSpec } from "../../src/openapi/compile-spec.ts";
import { loadSpecs } from "../../src/openapi/load-specs.ts";
import { OPENAPI_FORMATS } from "../../src/openapi/openapi-formats.ts";
import { generateValidatorModule } from "../../src/openapi/precompiled-validators.ts";

const specText = readFileSync("specs/live.openapi.json", "utf8");
const doc = JSON.parse(specText) as Record<string, unknown>;
const op = loadSpecs().spec("live").operations.get("ListEventSubEvent");
// What the k6 script bundles: the generated module, given the formats the script passes.
const generated = (
  createRequire(import.meta.url)("../../specs/live.validators.cjs") as {
    create(formats: unknown): Record<string, GeneratedValidator>;
  }
).create(OPENAPI_FORMATS);
const k6Check = checkBodiesWith(generated, "ListEventSubEvent", doc);
const nodeCheck = (status: number, body: unknown) =>
  (op?.validateResponse(status, body, "application/json") ?? []).map(describeBodyViolation);
const k6 = errorContractFromSpec(doc, "ListEventSubEvent", k6Check);
const node = errorContractFromSpec(doc, "ListEventSubEvent", nodeCheck);

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

test("the spec documents throttling at 400 (the POP gateway's status, docs/alibaba/pop-errors.md#flow-control)", () => {
  assert.deepEqual(k6.throttlingStatuses, [400]);
});

for (const [name, contract] of [
  ["k6 (generated validators)", k6],
  ["Node (compiled validators)", node],
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
    assert.match(classifyAnswer(answer(400, noId), contract).violations.join(";"), /at \/RequestId: .*RequestId/);
    assert.match(
      classifyAnswer(answer(400, { ...good, Message: 5 }), contract).violations.join(";"),
      /at \/Message/,
      "Message as a number",
    );
    assert.match(
      classifyAnswer(answer(503, "<html>busy</html>", { "x-acs-retry-after": "100" }), contract).violations.join(";"),
      /not JSON/,
    );
  });
}

test("k6 and Node report the same violations, word for word, for every documented status", () => {
  const bodies: unknown[] = [
    good,
    {},
    { ...good, RequestId: 7 },
    { ...good, extra: true },
    [],
    "text",
    null,
    { Code: 1 },
  ];
  for (const status of [400, 403, 404, 500, 503, 418])
    for (const body of bodies)
      assert.deepEqual(k6Check(status, body), nodeCheck(status, body), `${status} ${JSON.stringify(body)}`);
});

test("k6 and Node agree where the spec has a status range, a response without a schema, and no default", () => {
  // ListEventSubEvent with 500 documented as 5XX, 404 without a body schema, and no default response.
  const changed = JSON.parse(specText) as {
    paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, unknown> }>>;
  };
  for (const item of Object.values(changed.paths))
    for (const o of Object.values(item))
      if (o.operationId === "ListEventSubEvent" && o.responses) {
        const { default: _d, "500": five, "404": _n, ...rest } = o.responses;
        o.responses = { ...rest, "404": { description: "not found" }, "5XX": five };
      }
  const text = JSON.stringify(changed);
  const dir = mkdtempSync(join(tmpdir(), "specgate-k6-parity-"));
  try {
    writeFileSync(join(dir, "v.cjs"), generateValidatorModule(text, "changed"));
    const validators = (
      createRequire(import.meta.url)(join(dir, "v.cjs")) as { create(f: unknown): Record<string, GeneratedValidator> }
    ).create(OPENAPI_FORMATS);
    const compiled = compileSpec(changed).operations.get("ListEventSubEvent");
    const nodeChanged = (status: number, body: unknown) =>
      (compiled?.validateResponse(status, body, "application/json") ?? []).map(describeBodyViolation);
    const k6Changed = checkBodiesWith(validators, "ListEventSubEvent", changed);
    for (const status of [400, 404, 500, 502, 418])
      for (const body of [good, {}, "text"])
        assert.deepEqual(k6Changed(status, body), nodeChanged(status, body), `${status} ${JSON.stringify(body)}`);
    assert.match(
      k6Changed(418, good).join(";"),
      /response\.status .*Received 418 \/ Documented 200, 400, 403, 404, 503, 5XX/,
    );
    assert.deepEqual(k6Changed(404, "text"), [], "a response without a schema takes any body");
    assert.notDeepEqual(k6Changed(502, {}), [], "502 is checked against 5XX");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("build:k6 refuses a validator module generated from another spec version, or needing a format it lacks", () => {
  const root = mkdtempSync(join(tmpdir(), "specgate-k6-validators-"));
  try {
    cpSync("specs", join(root, "specs"), { recursive: true });
    checkBundledValidators(["live"], root);
    writeFileSync(
      join(root, "specs/live.openapi.json"),
      specText.replace('"ListEventSubEvent"', '"ListEventSubEvent" '),
    );
    assert.throws(
      () => checkBundledValidators(["live"], root),
      /specs\/live\.validators\.cjs was generated from another version of specs\/live\.openapi\.json; run npm run gen:validators/,
    );
    writeFileSync(join(root, "specs/live.openapi.json"), specText);
    const code = readFileSync(join(root, "specs/live.validators.cjs"), "utf8");
    writeFileSync(join(root, "specs/live.validators.cjs"), code.replace("formats.int64", 'formats["date-time"]'));
    assert.throws(
      () => checkBundledValidators(["live"], root),
      /needs format\(s\) date-time, which the k6 scripts do not pass/,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
