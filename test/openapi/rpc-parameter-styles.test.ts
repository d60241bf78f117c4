/**
 * RPC lists and objects on the wire (docs/alibaba/rpc-parameters.md): what flattenRpcValue sends is what the SDK's
 * `query()` sends (its own test vector), and validateRequest gathers those pairs back into the documented value,
 * bounded, refusing pairs the shape has no place for.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { compileSpec, type RequestValidation, SpecError } from "../../src/openapi/compile-spec.ts";
import { flattenRpcValue } from "../../src/openapi/flatten-rpc-value.ts";
import { MAX_FLATTENED_PAIRS } from "../../src/openapi/gather-rpc-value.ts";
import type { Violation } from "../../src/openapi/violation.ts";

type Json = Record<string, unknown>;

const TAG = {
  type: "object",
  properties: { Key: { type: "string" }, Value: { type: "string" } },
  required: ["Key"],
};

/** An RPC operation with one parameter of each style. */
function rpcDocument(parameters: Json[]): Json {
  return {
    openapi: "3.1.0",
    info: { title: "styles", version: "2020-01-01" },
    servers: [{ url: "https://demo.aliyuncs.com" }],
    "x-product": { id: "demo", style: "RPC", errorBody: "rpc", version: "2020-01-01" },
    "x-signature-schemes": ["acs3-hmac-sha256", "rpc-v1"],
    paths: {
      "/?Action=Tag": {
        get: {
          operationId: "Tag",
          "x-rpc": { action: "Tag", version: "2020-01-01" },
          parameters,
          responses: { "200": { description: "ok" } },
        },
      },
    },
    components: { schemas: { Tag: TAG } },
  };
}

const PARAMETERS: Json[] = [
  {
    name: "Events",
    in: "query",
    required: true,
    schema: { type: "array", items: { type: "string", enum: ["ChannelEvent", "UserEvent"] } },
    "x-rpc-style": "repeatList",
  },
  { name: "Users", in: "query", schema: { type: "array", items: { type: "string" } }, "x-rpc-style": "repeatList" },
  {
    name: "Tag",
    in: "query",
    schema: { type: "array", maxItems: 20, items: { $ref: "#/components/schemas/Tag" } },
    "x-rpc-style": "repeatList",
  },
  {
    name: "Grid",
    in: "query",
    schema: { type: "array", items: { type: "array", items: { type: "integer" } } },
    "x-rpc-style": "repeatList",
  },
  {
    name: "SystemDisk",
    in: "query",
    schema: {
      type: "object",
      properties: { Category: { type: "string" }, Size: { type: "integer" }, Ids: { type: "array" } },
    },
    "x-rpc-style": "flat",
  },
  {
    name: "Ids",
    in: "query",
    schema: { type: "array", items: { type: "integer" } },
    "x-rpc-style": "json",
  },
  { name: "Names", in: "query", schema: { type: "array", items: { type: "string" } }, "x-rpc-style": "simple" },
  { name: "RegionId", in: "query", schema: { type: "string" } },
];

const op = compileSpec(rpcDocument(PARAMETERS)).matchRpc("Tag");
if (op === undefined) throw new Error("fixture operation missing");

/** The query a client sends for `values` (the SDK's pairs), plus the common parameters. */
function sent(values: Json): Record<string, string> {
  const query: Record<string, string> = { Action: "Tag", Version: "2020-01-01", Format: "JSON" };
  for (const p of PARAMETERS) {
    const name = p.name as string;
    for (const [k, v] of flattenRpcValue(name, values[name], p["x-rpc-style"] as never)) query[k] = v;
  }
  return query;
}

function validate(query: Record<string, string | string[]>): RequestValidation {
  return (op as NonNullable<typeof op>).validateRequest({ path: {}, query });
}

function violationsOf(r: RequestValidation): Violation[] {
  assert.equal(r.ok, false, "expected violations");
  return r.ok ? [] : r.violations;
}

describe("flattenRpcValue: the official SDKs' pairs", () => {
  it("matches openapi-util's own query() test vector (aliyun/darabonba-openapi-util ts/test/client.spec.ts)", () => {
    const pairs = [
      ...flattenRpcValue("val1", "string"),
      ...flattenRpcValue("val4", 1),
      ...flattenRpcValue("val5", true),
      ...flattenRpcValue("val6", {
        subval1: "string",
        subval2: 1,
        subval3: true,
        subval5: [1, 2, true, { val1: "string" }],
      }),
      ...flattenRpcValue("val7", [1, 2, null, undefined, true, { val1: "string" }, ["substring"]]),
      ...flattenRpcValue("val8", [{ Grant: "test1", Other: "test2", Age: 123 }]),
    ];
    assert.deepEqual(Object.fromEntries(pairs), {
      val1: "string",
      val4: "1",
      val5: "true",
      "val6.subval1": "string",
      "val6.subval2": "1",
      "val6.subval3": "true",
      "val6.subval5.1": "1",
      "val6.subval5.2": "2",
      "val6.subval5.3": "true",
      "val6.subval5.4.val1": "string",
      "val7.1": "1",
      "val7.2": "2",
      "val7.5": "true",
      "val7.6.val1": "string",
      "val7.7.1": "substring",
      "val8.1.Grant": "test1",
      "val8.1.Other": "test2",
      "val8.1.Age": "123",
    });
  });

  it("serialises json and simple parameters into one pair (arrayToStringWithSpecifiedStyle's vectors)", () => {
    assert.deepEqual(flattenRpcValue("instance", ["ok", "test", 2, 3], "json"), [["instance", '["ok","test",2,3]']]);
    assert.deepEqual(flattenRpcValue("instance", ["ok", "test", 2, 3], "simple"), [["instance", "ok,test,2,3"]]);
    assert.deepEqual(flattenRpcValue("Empty", [], "repeatList"), []);
  });
});

describe("validateRequest gathers RPC lists and objects from their pairs", () => {
  it("reads back whatever the SDK sends, in any order (property)", () => {
    const tag = fc.record({ Key: fc.string({ minLength: 1 }), Value: fc.string() });
    const values = fc.record(
      {
        Events: fc.array(fc.constantFrom("ChannelEvent", "UserEvent"), { minLength: 1, maxLength: 5 }),
        Users: fc.array(fc.string(), { minLength: 1, maxLength: 5 }),
        Tag: fc.array(tag, { minLength: 1, maxLength: 20 }),
        Grid: fc.array(fc.array(fc.integer(), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
        SystemDisk: fc.record({ Category: fc.string(), Size: fc.nat() }),
        Ids: fc.array(fc.integer()),
        Names: fc.array(fc.stringMatching(/^[a-z]{1,5}$/), { minLength: 1, maxLength: 4 }),
      },
      { requiredKeys: ["Events"] },
    );
    fc.assert(
      fc.property(values, fc.boolean(), (v, reverse) => {
        const query = sent(v);
        const entries = Object.entries(query);
        const r = validate(Object.fromEntries(reverse ? entries.reverse() : entries));
        assert.deepEqual(r, { ok: true, params: JSON.parse(JSON.stringify(v)) });
      }),
      { numRuns: 200 },
    );
  });

  it("closes gaps in the numbering and reads the items in the order of their numbers", () => {
    const r = validate({ "Events.1": "UserEvent", "Users.3": "c", "Users.10": "d", "Users.1": "a" });
    assert.deepEqual(r, { ok: true, params: { Events: ["UserEvent"], Users: ["a", "c", "d"] } });
  });

  it("a hostile item number is one item, not a billion-slot array; ten digits are refused", () => {
    const start = process.hrtime.bigint();
    const r = validate({ "Events.1": "UserEvent", "Users.999999999": "a" });
    assert.ok(process.hrtime.bigint() - start < 50_000_000n, "no allocation proportional to the number");
    assert.deepEqual(r, { ok: true, params: { Events: ["UserEvent"], Users: ["a"] } });
    for (const key of ["Users.1000000000", "Users.0", "Users.01", "Users.x", "Users.-1", "Users."]) {
      const [v, ...rest] = violationsOf(validate({ "Events.1": "UserEvent", [key]: "a" }));
      assert.equal(rest.length, 0, key);
      assert.equal(v?.parameter, "Users");
      assert.match(v?.actual ?? "", /is not an item number/, key);
      assert.equal(v?.expected, "array of string, sent as Users.1, Users.2, …");
    }
  });

  it("refuses the whole list sent under its bare name, as the gateway would not read it", () => {
    const [v] = violationsOf(validate({ "Events.1": "UserEvent", Users: "a" }));
    assert.deepEqual([v?.parameter, v?.actual], ["Users", '"Users=a"']);
  });

  it("refuses pairs the documented shape has no place for, naming the pair", () => {
    const cases: [Record<string, string | string[]>, string, RegExp][] = [
      [{ "Users.1.Key": "k" }, "Users", /"Users\.1\.Key" \(the value has no members\)/],
      [{ "Tag.1": "k" }, "Tag", /"Tag\.1" \(an object is sent as its members/],
      [{ "Tag.1": "k", "Tag.1.Key": "k" }, "Tag", /"Tag\.1\.Key" \(its parent was sent as a value of its own\)/],
      [{ "Tag.1.Key": "k", "Tag.1": "k" }, "Tag", /"Tag\.1" \(it has members of its own\)/],
      [{ "Users.1": ["a", "b"] }, "Users", /"Users\.1" \(sent twice\)/],
      [{ "SystemDisk.Size": "big" }, "SystemDisk", /"SystemDisk\.Size" \(not of the documented type\)/],
      [{ "Grid.1.x": "1" }, "Grid", /is not an item number/],
    ];
    for (const [query, parameter, actual] of cases) {
      const vs = violationsOf(validate({ "Events.1": "UserEvent", ...query }));
      assert.equal(vs[0]?.parameter, parameter, JSON.stringify(query));
      assert.match(vs[0]?.actual ?? "", actual, JSON.stringify(query));
    }
  });

  it("validates the gathered value against its schema: item enum, object required member, maxItems", () => {
    const enumBad = violationsOf(validate({ "Events.1": "UserEvent", "Events.2": "Nope" }));
    assert.deepEqual([enumBad[0]?.jsonPointer, enumBad[0]?.actual], ["/Events/1", '"Nope"']);
    const noKey = violationsOf(validate({ "Events.1": "UserEvent", "Tag.1.Value": "v" }));
    assert.equal(noKey[0]?.jsonPointer, "/Tag/0/Key");
    const many: Record<string, string> = { "Events.1": "UserEvent" };
    for (let i = 1; i <= 21; i++) many[`Tag.${i}.Key`] = `k${i}`;
    assert.equal(violationsOf(validate(many))[0]?.jsonPointer, "/Tag");
  });

  it("a required list with no pair is missing; an optional one is absent from the parameters", () => {
    const [v] = violationsOf(validate({ "Users.1": "a" }));
    assert.deepEqual([v?.parameter, v?.actual], ["Events", "(missing)"]);
    assert.deepEqual(validate({ "Events.1": "ChannelEvent", RegionId: "cn" }), {
      ok: true,
      params: { Events: ["ChannelEvent"], RegionId: "cn" },
    });
  });

  it("keeps an undeclared member named __proto__ as a member, never as the prototype", () => {
    const r = validate({ "Events.1": "UserEvent", "Tag.1.Key": "k", "Tag.1.__proto__": "x" });
    assert.equal(r.ok, true);
    const tag = (r.ok ? (r.params.Tag as Json[]) : [])[0] ?? {};
    assert.equal(Object.getPrototypeOf(tag), Object.prototype);
    assert.equal(Object.getOwnPropertyDescriptor(tag, "__proto__")?.value, "x");
  });

  it("refuses more than MAX_FLATTENED_PAIRS pairs before reading any, in one violation", () => {
    const query: Record<string, string> = { "Events.1": "UserEvent" };
    for (let i = 1; i <= MAX_FLATTENED_PAIRS; i++) query[`Users.${i}`] = "u";
    const vs = violationsOf(validate(query));
    assert.equal(vs.length, 1);
    assert.match(vs[0]?.expected ?? "", /at most 20000 pairs/);
  });

  it("parses json parameters and splits simple ones; bad JSON and oversized JSON are violations", () => {
    assert.deepEqual(validate({ "Events.1": "UserEvent", Ids: "[1,2]", Names: "a,b" }), {
      ok: true,
      params: { Events: ["UserEvent"], Ids: [1, 2], Names: ["a", "b"] },
    });
    const [bad] = violationsOf(validate({ "Events.1": "UserEvent", Ids: "[1," }));
    assert.deepEqual([bad?.parameter, bad?.expected], ["Ids", "array of integer, sent as JSON text"]);
    const huge = `[${Array.from({ length: 20_001 }, () => "1").join(",")}]`;
    assert.equal(violationsOf(validate({ "Events.1": "UserEvent", Ids: huge }))[0]?.parameter, "Ids");
  });
});

describe("x-rpc-style in a spec", () => {
  const bad = (parameter: Json) => () => compileSpec(rpcDocument([parameter]));
  it("is refused on a parameter outside the query, on a type it cannot serialise, and when unknown", () => {
    assert.throws(
      bad({ name: "X", in: "header", schema: { type: "array" }, "x-rpc-style": "repeatList" }),
      (e: Error) => e instanceof SpecError && /is in the header/.test(e.message),
    );
    assert.throws(
      bad({ name: "X", in: "query", schema: { type: "string" }, "x-rpc-style": "repeatList" }),
      (e: Error) => e instanceof SpecError && /serialises array; its schema is string/.test(e.message),
    );
    assert.throws(
      bad({ name: "X", in: "query", schema: { type: "array" }, "x-rpc-style": "form" }),
      (e: Error) =>
        e instanceof SpecError &&
        /malformed x-rpc-style: expected one of repeatList, flat, json, simple/.test(e.message),
    );
  });

  it("is exposed on the compiled parameter", () => {
    assert.deepEqual(
      op.parameters.map((p) => [p.name, p.rpcStyle]),
      PARAMETERS.map((p) => [p.name, p["x-rpc-style"]]),
    );
  });
});
