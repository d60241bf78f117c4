/**
 * Case-insensitive header access. HTTP header names are case-insensitive (RFC 9110 §5.1), and the
 * signers lowercase them before canonicalising (docs/alibaba/sls-signature-v1.md#canonicalised-log-headers,
 * docs/alibaba/sls-signature-v4.md#canonical-headers, docs/alibaba/acs3-signature.md#canonical-request).
 */

/** Lowercases header names into a Map; names that collide after lowercasing are joined with "," (RFC 9110 §5.3). */
export function lowercaseHeaders(headers: Readonly<Record<string, string>>): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    const prev = out.get(lower);
    out.set(lower, prev === undefined ? value : `${prev},${value}`);
  }
  return out;
}
