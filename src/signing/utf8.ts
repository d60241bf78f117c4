/**
 * UTF-8 without `TextEncoder`/`Buffer`: k6 0.48 has neither (docs/peer-conventions.md#portable-module-subset), and the
 * signing modules are bundled into k6 scripts.
 */

/** Encodes a string as UTF-8 (lone surrogates become U+FFFD, as `TextEncoder` does). */
export function encodeUtf8(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = scalarAt(text, i);
    if (c > 0xffff) i++; // a surrogate pair: two code units
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

/** The Unicode scalar value at code unit `i`: a surrogate pair read whole, a lone surrogate as U+FFFD. */
function scalarAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdfff) return c;
  const d = c <= 0xdbff && i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
  return d >= 0xdc00 && d <= 0xdfff ? 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00) : 0xfffd;
}

/**
 * Decodes UTF-8 bytes; invalid sequences become U+FFFD exactly as the WHATWG Encoding Standard's
 * UTF-8 decoder (and so `TextDecoder`) does, overlongs and surrogates included.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  const out: string[] = [];
  for (let i = 0; i < bytes.length; ) i = decodeSequence(bytes, i, out);
  return out.join("");
}

/** Decodes the sequence that starts at `i` into `out`; returns where the next one starts. */
function decodeSequence(bytes: Uint8Array, i: number, out: string[]): number {
  const b = bytes[i] as number;
  if (b <= 0x7f) {
    out.push(String.fromCharCode(b));
    return i + 1;
  }
  const lead = leadByte(b);
  if (lead === undefined) {
    out.push("\ufffd");
    return i + 1;
  }
  let { cp, lower, upper } = lead;
  for (let j = i + 1; j <= i + lead.needed; j++) {
    const c = bytes[j];
    // A sequence cut short by the end becomes one U+FFFD; a broken one too, and its byte `j` is then
    // read again as a fresh start.
    if (c === undefined || c < lower || c > upper) {
      out.push("\ufffd");
      return j;
    }
    cp = (cp << 6) | (c & 0x3f);
    lower = 0x80;
    upper = 0xbf;
  }
  out.push(String.fromCodePoint(cp));
  return i + lead.needed + 1;
}

/**
 * What a lead byte starts: how many continuation bytes follow, its bits, and the range the first
 * continuation byte must fall in (narrower after E0, ED, F0 and F4: no overlongs, surrogates or values
 * past U+10FFFF). Undefined for a byte that cannot start a sequence.
 */
function leadByte(b: number): { needed: number; cp: number; lower: number; upper: number } | undefined {
  if (b >= 0xc2 && b <= 0xdf) return { needed: 1, cp: b & 0x1f, lower: 0x80, upper: 0xbf };
  if (b >= 0xe0 && b <= 0xef)
    return { needed: 2, cp: b & 0xf, lower: b === 0xe0 ? 0xa0 : 0x80, upper: b === 0xed ? 0x9f : 0xbf };
  if (b >= 0xf0 && b <= 0xf4)
    return { needed: 3, cp: b & 0x7, lower: b === 0xf0 ? 0x90 : 0x80, upper: b === 0xf4 ? 0x8f : 0xbf };
  return undefined;
}

/** The body as bytes-or-string, its UTF-8 length in bytes. */
export function byteLength(body: Uint8Array | string | undefined): number {
  if (body === undefined) return 0;
  if (typeof body !== "string") return body.length;
  let n = 0;
  for (let i = 0; i < body.length; i++) {
    const c = scalarAt(body, i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c < 0x10000) n += 3;
    else {
      n += 4;
      i++; // a surrogate pair: two code units
    }
  }
  return n;
}

/** A body as text (UTF-8 decoded when given as bytes). */
export function bodyText(body: Uint8Array | string | undefined): string {
  if (body === undefined) return "";
  return typeof body === "string" ? body : decodeUtf8(body);
}
