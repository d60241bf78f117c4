/**
 * A reference page docgen cannot fully read. It names the page, the 1-based line where reading failed,
 * the problem, and how to fix it; the CLI prints `page:line: message` plus the hint and exits 1
 * (docs/design.md#command-line: a page it cannot fully read is an error naming page and line).
 */
export class DocgenError extends Error {
  override name = "DocgenError";
  /** Page file name, e.g. `live-ListEventSubEvent.txt`. */
  readonly page: string;
  /** 1-based line of the page where the problem was found. */
  readonly line: number;
  /** What to do about it. */
  readonly hint: string;

  constructor(page: string, line: number, message: string, hint: string) {
    super(message);
    this.page = page;
    this.line = line;
    this.hint = hint;
  }

  /** One line for humans: `page:line: message (fix: hint)`. */
  format(): string {
    return `${this.page}:${this.line}: ${this.message} (fix: ${this.hint})`;
  }
}
