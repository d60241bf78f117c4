/**
 * A copy of a string that shares no storage with it, for strings a long-lived store keeps (nonces, names,
 * checkpoints). V8 represents a slice of a long string (a query value, a value parsed from a form body) as a view that
 * keeps the whole parent alive, and a concatenation as a pair of pointers: a 30-character key kept for 15 minutes
 * could hold a 2 MB request text. A JSON round trip builds a new flat string (exact for any string: lone surrogates
 * are escaped and restored), as fast as the alternatives and without the view a slice of a copy would add.
 */

/** `text`, copied into storage of its own. */
export function detachedCopy(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}
