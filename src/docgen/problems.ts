import type { XDocgenWarning } from "../openapi/extensions.ts";
import { DocgenError } from "./docgen-error.ts";

/**
 * Where parsers report what they cannot read. Strict mode throws a `DocgenError` at the first problem,
 * so no half-read spec is ever emitted; `--lenient` records a warning and lets the caller skip the
 * unreadable part (docs/design.md#command-line, `--lenient`).
 */
export class Problems {
  readonly warnings: XDocgenWarning[] = [];
  readonly page: string;
  readonly lenient: boolean;

  constructor(page: string, lenient: boolean) {
    this.page = page;
    this.lenient = lenient;
  }

  /** Strict: throws. Lenient: records `{page, line, message}` and returns so the caller can skip the part. */
  report(line: number, message: string, hint: string): void {
    if (!this.lenient) throw new DocgenError(this.page, line, message, hint);
    this.warnings.push({ page: this.page, line, message: `${message} (fix: ${hint})` });
  }
}
