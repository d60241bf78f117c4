// The small pure helpers the signers rest on: RFC 1123 and ISO dates, RFC 3986 encoding, UTF-8,
// query strings, constant-time comparison. Properties compare them with Node's own implementations.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { equalConstantTime } from "../../src/signing/equal-constant-time.ts";
import { formatHttpDate, parseHttpDate } from "../../src/signing/http-date.ts";
import { formatIsoCompact, formatIsoSeconds, parseIsoCompact, parseIsoSeconds } from "../../src/signing/iso-date.ts";
import { percentDecode, percentEncode } from "../../src/signing/percent-encode.ts";
import { formatQuery, parseQuery } from "../../src/signing/query-string.ts";
import { byteLength, decodeUtf8, encodeUtf8 } from "../../src/signing/utf8.ts";

const date = fc
  .date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2099-12-31T23:59:59Z"), noInvalidDate: true })
  .map((d) => new Date(Math.floor(d.getTime() / 1000) * 1000));

describe("http-date (RFC 1123, docs/alibaba/sls-requests.md#common-request-headers)", () => {
  it("formats a two-digit day like Go time.RFC1123 and Date.toUTCString", () => {
    assert.equal(formatHttpDate(new Date(Date.UTC(2010, 0, 3, 8, 33, 47))), "Sun, 03 Jan 2010 08:33:47 GMT");
    fc.assert(fc.property(date, (d) => assert.equal(formatHttpDate(d), d.toUTCString())));
  });
  it("parses what it formats", () => {
    fc.assert(fc.property(date, (d) => assert.equal(parseHttpDate(formatHttpDate(d))?.getTime(), d.getTime())));
  });
  it("accepts the doc's 1-digit day, no weekday, and UTC/+0000 zones", () => {
    const t = Date.UTC(2010, 0, 3, 8, 33, 47);
    for (const s of [
      "Mon, 3 Jan 2010 08:33:47 GMT",
      "3 Jan 2010 08:33:47 GMT",
      "Sun, 03 Jan 2010 08:33:47 UTC",
      "Sun, 03 jan 2010 08:33:47 +0000",
    ])
      assert.equal(parseHttpDate(s)?.getTime(), t, s);
  });
  it("rejects malformed and impossible dates", () => {
    for (const s of [
      "",
      "2010-01-03T08:33:47Z",
      "Sun, 31 Feb 2010 08:33:47 GMT",
      "Sun, 03 Jan 2010 24:00:00 GMT",
      "Sun, 03 Jan 2010 08:33:47 CET",
      "Sun, 03 Jan 10 08:33:47 GMT",
    ])
      assert.equal(parseHttpDate(s), undefined, s);
  });
});

describe("iso-date", () => {
  it("formats and parses both forms", () => {
    const d = new Date(Date.UTC(2022, 7, 8, 3, 23, 30));
    assert.equal(formatIsoCompact(d), "20220808T032330Z");
    assert.equal(formatIsoSeconds(d), "2022-08-08T03:23:30Z");
    fc.assert(
      fc.property(date, (x) => {
        assert.equal(parseIsoSeconds(formatIsoSeconds(x))?.getTime(), x.getTime());
        assert.equal(parseIsoCompact(formatIsoCompact(x))?.getTime(), x.getTime());
        assert.equal(formatIsoSeconds(x), x.toISOString().replace(".000Z", "Z"));
      }),
    );
  });
  it("tolerates milliseconds, rejects other shapes", () => {
    assert.equal(parseIsoSeconds("2023-03-13T08:34:30.123Z")?.getTime(), Date.UTC(2023, 2, 13, 8, 34, 30, 123));
    for (const s of [
      "2023-03-13 08:34:30",
      "2023-03-13T08:34:30+08:00",
      "2023-02-30T00:00:00Z",
      "2023-13-01T00:00:00Z",
    ])
      assert.equal(parseIsoSeconds(s), undefined, s);
    assert.equal(parseIsoCompact("2022-08-08T03:23:30Z"), undefined);
  });
});

describe("percent-encode (RFC 3986)", () => {
  it("keeps exactly A-Za-z0-9-_.~ and decodes back", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 30 }), (s) => {
        const e = percentEncode(s);
        assert.match(e, /^(?:[A-Za-z0-9\-_.~]|%[0-9A-F]{2})*$/);
        assert.equal(percentDecode(e), s);
      }),
    );
  });
  it("encodes U+FEFF as its three UTF-8 bytes, upper-case, like every other non-unreserved character", () => {
    // The SDK rule (docs/alibaba/rpc-signature-v1.md#algorithm step 3): UTF-8 bytes, each as %XX in upper case.
    assert.equal(percentEncode("\uFEFF"), "%EF%BB%BF");
    assert.equal(percentEncode("\uFEFFa b*~"), "%EF%BB%BFa%20b%2A~");
    assert.equal(percentDecode("%EF%BB%BF"), "\uFEFF");
  });
  it("decodes + as space only for form encoding, and keeps a broken escape as written", () => {
    assert.equal(percentDecode("a+b%20c", true), "a b c");
    assert.equal(percentDecode("a+b"), "a+b");
    assert.equal(percentDecode("100%zz%41"), "100%zzA");
  });
});

// The oracle keeps a leading U+FEFF: TextDecoder drops it by default (WHATWG Encoding "UTF-8 decode"), while the
// signers must see every character of a value or form body as sent, as the WHATWG urlencoded parser does ("UTF-8
// decode without BOM", https://url.spec.whatwg.org/#concept-urlencoded-parser).
const textDecoder = new TextDecoder("utf-8", { ignoreBOM: true });

describe("utf8 (no TextEncoder in k6 0.48)", () => {
  it("matches TextEncoder/TextDecoder", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (s) => {
        const expected = new TextEncoder().encode(s);
        assert.deepEqual(encodeUtf8(s), expected);
        assert.equal(byteLength(s), expected.length);
        assert.equal(decodeUtf8(expected), textDecoder.decode(expected));
      }),
    );
  });
  it("keeps a leading U+FEFF (byte order mark) as a character, both ways", () => {
    // The property above once failed on "\uFEFF" against the default TextDecoder, which drops a leading BOM.
    for (const s of ["\uFEFF", "\uFEFFAction=x", "a\uFEFF"]) {
      assert.deepEqual([...encodeUtf8(s)], [...new TextEncoder().encode(s)], JSON.stringify(s));
      assert.equal(decodeUtf8(encodeUtf8(s)), s, JSON.stringify(s));
    }
  });
  it("decodes invalid bytes to U+FFFD like TextDecoder", () => {
    fc.assert(
      fc.property(
        // Biased towards lead and continuation bytes, where decoders differ.
        fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0x80, max: 0xf4 })), { maxLength: 24 }),
        (a) => {
          const b = Uint8Array.from(a);
          assert.equal(decodeUtf8(b), textDecoder.decode(b));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("query-string", () => {
  it("round-trips parameters, repeated keys and __proto__ included", () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string({ maxLength: 8 }).filter((k) => k !== ""),
          fc.string({ maxLength: 8 }),
        ),
        (q) => {
          assert.deepEqual(Object.entries(parseQuery(formatQuery(q))), Object.entries(q));
        },
      ),
    );
    const parsed = parseQuery("a=1&a=2&__proto__=x&flag&sp=a+b");
    assert.deepEqual(Object.entries(parsed), [
      ["a", ["1", "2"]],
      ["__proto__", "x"],
      ["flag", ""],
      ["sp", "a b"],
    ]);
  });
});

describe("equalConstantTime", () => {
  it("agrees with ===", () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => assert.equal(equalConstantTime(a, b), a === b)));
    fc.assert(fc.property(fc.string(), (a) => assert.equal(equalConstantTime(a, a), true)));
  });
});
