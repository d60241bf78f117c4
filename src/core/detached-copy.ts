/**
 * A copy of a string that shares no storage with it, for strings a long-lived store keeps (nonces, names,
 * checkpoints). V8 represents a slice of a long string (a query value, a JSON string in a request body) as a view
 * that keeps the whole parent alive, and a concatenation as a pair of pointers: a 30-character key kept for
 * 15 minutes could hold a 2 MB request text. Slicing a fresh concatenation makes V8 flatten it into a new string
 * first, so the result owns its characters; the copy costs one allocation the size of the text.
 */

/** `text`, copied into storage of its own. */
export function detachedCopy(text: string): string {
  return ` ${text}`.slice(1);
}
