/**
 * A mistake of the user's (bad flag, missing file, malformed config). The CLI prints its message,
 * which must name the problem and the fix, and exits 2 without a stack trace.
 */
export class UsageError extends Error {
  override name = "UsageError";
}
