import { UsageError } from "../core/usage-error.ts";

/**
 * A committed spec that cannot be compiled: missing file, invalid JSON, a schema Ajv rejects in strict mode,
 * a malformed `x-` extension. The message names the document/operation, the problem and the fix.
 * It extends `UsageError` so the CLI prints it as one line (exit 2) instead of a stack trace:
 * the fix is always in the user's hands (regenerate the specs or correct an overlay).
 */
export class SpecError extends UsageError {
  override name = "SpecError";
}

/** The fix appended to every SpecError about a committed spec's content. */
export const REGENERATE_HINT =
  "Fix the page in specs/sources/ or the overlay in specs/overlays/, then run npm run gen:specs.";
