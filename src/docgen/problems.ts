import type { XDocgenWarning } from "../openapi/extensions.ts";
import { DocgenError } from "./docgen-error.ts";

/** Every error and warning is one line: text quoted from the page (a cell over several lines) is joined. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ");
}

/**
 * Where parsers report what they cannot read. Strict mode throws a `DocgenError` at the first problem,
 * so no half-read spec is ever emitted; `--lenient` records a warning and lets the caller skip the
 * unreadable part (docs/design.md#command-line, `--lenient`).
 */
export class Problems {
  readonly warnings: XDocgenWarning[] = [];
  /** Lenient: the first problem `report` let through, as the error strict mode would have thrown. */
  firstError: DocgenError | undefined;
  readonly page: string;
  readonly lenient: boolean;

  constructor(page: string, lenient: boolean) {
    this.page = page;
    this.lenient = lenient;
  }

  /** A problem that never stops docgen (the output is complete but needs the user's eye): always recorded. */
  warn(line: number, message: string, hint: string): void {
    this.warnings.push({ page: this.page, line, message: `${oneLine(message)} (fix: ${oneLine(hint)})` });
  }

  /** Strict: throws. Lenient: records `{page, line, message}` and returns so the caller can skip the part. */
  report(line: number, message: string, hint: string): void {
    const error = new DocgenError(this.page, line, oneLine(message), oneLine(hint));
    if (!this.lenient) throw error;
    this.firstError ??= error;
    this.warnings.push({ page: this.page, line, message: `${error.message} (fix: ${error.hint})` });
  }
}
