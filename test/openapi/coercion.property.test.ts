import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { compileSpec } from "../../src/openapi/compile-spec.ts";
import { loadFixture } from "./load-fixture.ts";

/** A one-operation RPC document whose only parameter `P` has `schema`. */
function specWith(schema: object) {
  const doc = loadFixture("rpc") as { paths: Record<string, { get: { parameters: unknown[] } }> };
  const op = doc.paths["/?Action=ListEventSubEvent"];
  if (!op) throw new Error("fixture changed");
  op.get.parameters = [
    { name: "P", in: "query", required: true, schema },
    { name: "StartTime", in: "query", schema: { type: "integer" } },
    { name: "EndTime", in: "query", schema: { type: "integer" } },
  ];
  const compiled = compileSpec(doc).matchRpc("ListEventSubEvent");
  if (!compiled) throw new Error("not compiled");
  return compiled;
}

const randomCase = (s: string) =>
  fc
    .array(fc.boolean(), { minLength: s.length, maxLength: s.length })
    .map((up) => [...s].map((ch, i) => (up[i] ? ch.toUpperCase() : ch)).join(""));

/** A parameter schema with a generator of valid values rendered as the wire string (or repeated keys). */
const schemaAndValue: fc.Arbitrary<{ schema: object; raw: string | string[] }> = fc.oneof(
  fc
    .tuple(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: 0, max: 1e6 }))
    .chain(([min, span]) =>
      fc
        .integer({ min, max: min + span })
        .map((v) => ({ schema: { type: "integer", minimum: min, maximum: min + span }, raw: String(v) })),
    ),
  fc.boolean().chain((b) => randomCase(String(b)).map((raw) => ({ schema: { type: "boolean" }, raw }))),
  fc
    .tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 10 }))
    .chain(([minLength, extra]) =>
      fc
        .string({ minLength, maxLength: minLength + extra })
        .map((raw) => ({ schema: { type: "string", minLength, maxLength: minLength + extra }, raw })),
    ),
  fc
    .array(fc.integer({ min: 0, max: 999 }), { minLength: 1, maxLength: 5 })
    .map((vs) => ({ schema: { type: "array", items: { type: "integer", maximum: 999 } }, raw: vs.map(String) })),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => ({ schema: { type: "number" }, raw: String(v) })),
);

describe("coercion properties", () => {
  it("any value valid per a parameter's schema, rendered as a string, coerces and validates", () => {
    fc.assert(
      fc.property(schemaAndValue, ({ schema, raw }) => {
        const r = specWith(schema).validateRequest({ path: {}, query: { P: raw } });
        assert.equal(r.ok, true, JSON.stringify(r));
      }),
      { numRuns: 60 },
    );
  });

  it("Live PageSize/PageNo: in-range integers pass and coerce to the same number", () => {
    const op = compileSpec(loadFixture("rpc")).matchRpc("ListEventSubEvent");
    assert.ok(op);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 2 ** 40 }), (size, page) => {
        const r = op.validateRequest({
          path: {},
          query: { AppId: "a", StartTime: "1", EndTime: "2", PageSize: String(size), PageNo: String(page) },
        });
        assert.ok(r.ok);
        assert.equal(r.params.PageSize, size);
        assert.equal(r.params.PageNo, page);
      }),
      { numRuns: 300 },
    );
  });

  it("out-of-range integers always produce a violation naming the parameter", () => {
    const op = compileSpec(loadFixture("rpc")).matchRpc("ListEventSubEvent");
    assert.ok(op);
    const outOfRange = fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 101 }));
    fc.assert(
      fc.property(outOfRange, (size) => {
        const r = op.validateRequest({
          path: {},
          query: { AppId: "a", StartTime: "1", EndTime: "2", PageSize: String(size), PageNo: "1" },
        });
        assert.equal(r.ok, false);
        if (r.ok) return;
        assert.equal(r.violations.length, 1);
        const [v] = r.violations;
        assert.equal(v?.parameter, "PageSize");
        assert.equal(v?.check, "request.query");
        assert.equal(v?.actual, String(size));
        assert.equal(v?.expected, "integer ≥ 1 and ≤ 100");
      }),
      { numRuns: 300 },
    );
  });

  it("strings that are not integers never pass an integer parameter", () => {
    const op = compileSpec(loadFixture("rpc")).matchRpc("ListEventSubEvent");
    assert.ok(op);
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/^-?\d+$/.test(s)),
        (raw) => {
          const r = op.validateRequest({
            path: {},
            query: { AppId: "a", StartTime: "1", EndTime: "2", PageSize: "1", PageNo: raw },
          });
          assert.equal(r.ok, false);
          assert.equal(r.ok ? undefined : r.violations[0]?.parameter, "PageNo");
        },
      ),
      { numRuns: 300 },
    );
  });
});
