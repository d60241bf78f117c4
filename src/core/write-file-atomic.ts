/**
 * Writes a file so that a reader sees the old content or the new, never half of it: the text goes to a
 * temp file beside the target, which is then renamed over it (rename(2) within one directory is atomic on
 * POSIX). A failed write or rename (full disk, a directory in the way) removes the temp file and throws
 * the error as it was.
 */
import { renameSync, rmSync, writeFileSync } from "node:fs";

/** Writes `text` to `path` atomically (temp file + rename). */
export function writeFileAtomicSync(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
