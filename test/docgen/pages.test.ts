import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { generateDocuments } from "../../src/docgen/docgen.ts";
import { DocgenError } from "../../src/docgen/docgen-error.ts";
import { parsePage } from "../../src/docgen/parse-page.ts";
import { dig, FIXTURES, keysAt, type ParamView, sourcePages } from "./helpers.ts";

function fixture(name: string): { name: string; text: string } {
  return { name, text: readFileSync(join(FIXTURES, "pages", name), "utf8") };
}

function docOf(name: string): unknown {
  const page = sourcePages().find((p) => p.name === name);
  assert.ok(page);
  const [d] = generateDocuments([page]);
  assert.ok(d);
  return d.document;
}

test("Live ListEventSubEvent: RPC operation, 6 parameters, PageSize 1..100, Logs[] of 8 fields, errors, QPS 50", () => {
  const doc = docOf("live-ListEventSubEvent.txt");
  const op = dig(doc, "paths", "/?Action=ListEventSubEvent", "get");
  const params = dig(op, "parameters") as ParamView[];
  assert.equal(dig(op, "operationId"), "ListEventSubEvent");
  assert.deepEqual(dig(op, "x-rpc"), { action: "ListEventSubEvent", version: "2016-11-01" });
  assert.deepEqual(
    params.map((p) => [p.name, p.in, p.required, p.schema.type]),
    [
      ["AppId", "query", true, "string"],
      ["SubscribeId", "query", false, "string"],
      ["StartTime", "query", true, "integer"],
      ["EndTime", "query", true, "integer"],
      ["PageSize", "query", true, "integer"],
      ["PageNo", "query", true, "integer"],
    ],
  );
  const pageSize = params.find((p) => p.name === "PageSize");
  assert.equal(pageSize?.schema.minimum, 1);
  assert.equal(pageSize?.schema.maximum, 100);
  assert.equal(pageSize?.schema.format, "int64");
  const body = dig(op, "responses", "200", "content", "application/json", "schema");
  assert.deepEqual(keysAt(body, "properties"), ["RequestId", "Count", "HasMore", "Logs"]);
  assert.deepEqual(keysAt(body, "properties", "Logs", "items", "properties"), [
    "AppId",
    "SubId",
    "MessageId",
    "Data",
    "Cost",
    "Time",
    "Url",
    "Code",
  ]);
  assert.deepEqual(
    (dig(op, "x-error-codes") as { status: number; code: string }[]).map((e) => `${e.status} ${e.code}`),
    ["400 InputInvalid", "403 NoAuth", "404 ResourceNotExist", "500 ServerError"],
  );
  assert.deepEqual(keysAt(op, "responses"), ["200", "400", "403", "404", "500", "default"]);
  assert.equal(dig(op, "x-qps-limit"), 50);
  assert.equal(dig(op, "x-qps-limit-scope"), "account");
  assert.equal(dig(op, "x-qps-limit-overflow"), "dropped");
  assert.equal(dig(op, "x-ram-action"), "live:ListEventSubEvent");
  assert.equal(dig(op, "x-time-window", "maxSpanSeconds"), 7 * 86_400);
  assert.equal(dig(op, "x-time-window", "maxAgeSeconds"), 7 * 86_400);
  assert.equal(dig(op, "x-time-window", "granularitySeconds"), 60);
  // The doubly-escaped Data example is unescaped once: it is the JSON text the API returns.
  const data = dig(
    op,
    "responses",
    "200",
    "content",
    "application/json",
    "examples",
    "success",
    "value",
    "Logs",
    0,
    "Data",
  );
  assert.equal(JSON.parse(String(data)).MsgId, "875d5266cbabb1834cc84a105cf68454");
  assert.deepEqual(dig(doc, "x-signature-schemes"), ["acs3-hmac-sha256", "rpc-v1"]);
});

test("SLS heartbeat: ROA path with fixed query, project as server variable, array body, RAM action", () => {
  const doc = docOf("sls-ConsumerGroupHeartBeat.txt");
  const op = dig(doc, "paths", "/logstores/{logstore}/consumergroups/{consumerGroup}?type=heartbeat", "post");
  assert.deepEqual(dig(op, "x-fixed-query"), { type: "heartbeat" });
  assert.deepEqual(
    (dig(op, "parameters") as ParamView[]).map((p) => `${p.in}:${p.name}`),
    ["path:logstore", "path:consumerGroup", "query:consumer"],
  );
  assert.equal(dig(doc, "servers", 0, "variables", "project", "default"), "ali-test-project");
  const rb = dig(op, "requestBody", "content", "application/json");
  assert.equal(dig(rb, "schema", "type"), "array");
  assert.equal(dig(rb, "schema", "items", "type"), "integer");
  assert.deepEqual(dig(rb, "example"), [0]);
  assert.equal(dig(op, "x-ram-action"), "log:ConsumerGroupHeartBeat");
  assert.equal(dig(op, "x-source", "inferredFromExample"), true);
});

test("SLS CreateConsumerGroup: object body made of the rows after `body`, with required flags", () => {
  const op = dig(docOf("sls-CreateConsumerGroup.txt"), "paths", "/logstores/{logstore}/consumergroups", "post");
  const schema = dig(op, "requestBody", "content", "application/json", "schema");
  assert.deepEqual(keysAt(schema, "properties"), ["consumerGroup", "timeout", "order"]);
  assert.deepEqual(dig(schema, "required"), ["consumerGroup", "timeout", "order"]);
  assert.equal(dig(schema, "properties", "timeout", "type"), "integer");
  assert.equal(dig(schema, "properties", "order", "type"), "boolean");
  assert.deepEqual(
    (dig(op, "parameters") as ParamView[]).map((p) => p.name),
    ["logstore"],
  );
});

test("SLS ListConsumerGroup: thin 'Array of ConsumerGroup' inferred from the HTTP transcript's JSON", () => {
  const doc = docOf("sls-ListConsumerGroup.txt");
  const op = dig(doc, "paths", "/logstores/{logstore}/consumergroups", "get");
  assert.deepEqual(dig(op, "responses", "200", "content", "application/json", "schema", "items"), {
    $ref: "#/components/schemas/ConsumerGroup",
  });
  assert.deepEqual(keysAt(doc, "components", "schemas", "ConsumerGroup", "properties"), ["name", "timeout", "order"]);
  assert.equal(dig(op, "x-source", "inferredFromExample"), true);
  assert.deepEqual(
    (dig(op, "x-error-codes") as { status: number; code: string }[]).map((e) => `${e.status} ${e.code}`),
    ["404 ProjectNotExist", "404 LogStoreNotExist", "500 InternalServerError"],
  );
  assert.deepEqual(keysAt(op, "responses", "404", "content", "application/json", "examples"), [
    "ProjectNotExist",
    "LogStoreNotExist",
  ]);
});

test("another page of the same style (fixture): nested arrays, enum bullets, words as numbers, rejected overflow", () => {
  const [d] = generateDocuments([fixture("live-DescribeChannelUsers.txt")]);
  const op = dig(d?.document, "paths", "/?Action=DescribeChannelUsers", "get");
  const schema = dig(op, "responses", "200", "content", "application/json", "schema");
  assert.deepEqual(keysAt(schema, "properties"), ["RequestId", "Users", "Total"]);
  assert.deepEqual(keysAt(schema, "properties", "Users", "items", "properties", "Sessions", "items", "properties"), [
    "SessionId",
  ]);
  const role = (dig(op, "parameters") as ParamView[]).find((p) => p.name === "RoleType");
  assert.deepEqual(role?.schema.enum, ["anchor", "audience"]);
  assert.equal(dig(op, "x-time-window", "maxSpanSeconds"), 86_400);
  assert.equal(dig(op, "x-qps-limit"), 100);
  assert.equal(dig(op, "x-qps-limit-overflow"), "rejected");
  assert.equal(dig(op, "x-ram-action"), "live:DescribeChannelUsers");
});

const BAD: [string, number, RegExp][] = [
  ["sls-TruncatedJson.txt", 20, /JSON example is cut off/],
  ["sls-TruncatedTable.txt", 19, /cut off/],
  ["sls-NoSyntax.txt", 4, /no 'Request syntax'/],
  ["live-MissingColumn.txt", 7, /no Type column/],
];

for (const [name, line, message] of BAD) {
  test(`bad page ${name} → DocgenError naming page and line ${line}`, () => {
    assert.throws(
      () => generateDocuments([fixture(name)]),
      (e: unknown) =>
        e instanceof DocgenError && e.page === name && e.line === line && message.test(e.message) && e.hint.length > 0,
    );
  });
}

test("--lenient: warnings listed in x-docgen-warnings and the readable part still produced", () => {
  const [d] = generateDocuments([fixture("sls-TruncatedJson.txt")], { lenient: true });
  assert.ok(d);
  type Warning = { page: string; line: number; message: string };
  assert.deepEqual(
    (dig(d.document, "x-docgen-warnings") as Warning[]).map((w) => [w.page, w.line]),
    [["sls-TruncatedJson.txt", 20]],
  );
  const op = dig(d.document, "paths", "/logstores/{logstore}/things", "get");
  assert.deepEqual(
    (dig(op, "parameters") as ParamView[]).map((p) => p.name),
    ["logstore"],
  );
  const [m] = generateDocuments([fixture("live-MissingColumn.txt")], { lenient: true });
  assert.ok((dig(m?.document, "x-docgen-warnings") as Warning[]).some((w) => /no Type column/.test(w.message)));
  assert.ok(dig(m?.document, "paths", "/?Action=DescribeThing", "get", "responses", "200"));
  // A page without request syntax cannot become an operation: the document says so and holds no path for it.
  const [n] = generateDocuments([fixture("sls-NoSyntax.txt")], { lenient: true });
  assert.deepEqual(dig(n?.document, "paths"), {});
  assert.equal(dig(n?.document, "x-docgen-warnings", 0, "line"), 4);
});

test("strict output never carries x-docgen-warnings", () => {
  for (const p of sourcePages()) {
    const { warnings } = parsePage(p.name, p.text);
    assert.deepEqual(warnings, [], p.name);
  }
});
