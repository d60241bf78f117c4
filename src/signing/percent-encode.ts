/**
 * RFC 3986 percent-encoding as every Alibaba Cloud signer uses it (SLS v4
 * docs/alibaba/sls-signature-v4.md#canonical-query, RPC v1 docs/alibaba/rpc-signature-v1.md#algorithm step 3, V3
 * docs/alibaba/acs3-signature.md#canonical-request): `A-Za-z0-9-_.~` stay, every other UTF-8 byte becomes `%XX`
 * (uppercase hex), so space → `%20`, `*` → `%2A`, `~` stays.
 */

const EXTRA_RESERVED = /[!'()*]/g;

/** Percent-encodes a string per RFC 3986 §2.3 (unreserved characters only stay). */
export function percentEncode(value: string): string {
  // encodeURIComponent leaves !'()* unescaped; RFC 3986 reserves them.
  return encodeURIComponent(value).replace(EXTRA_RESERVED, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Decodes `%XX` sequences (and `+` as space when `plusAsSpace`, as HTML forms and `url.Values` encode).
 * A malformed sequence is kept as written rather than rejected: the signature check then fails on it.
 */
export function percentDecode(value: string, plusAsSpace = false): string {
  const text = plusAsSpace ? value.replace(/\+/g, " ") : value;
  if (!text.includes("%")) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}
