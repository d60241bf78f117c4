// A fresh temporary directory per test, removed afterwards whatever the test did.
import * as fsp from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Runs `body` with a new empty directory (named after `prefix`) and removes it afterwards. */
export async function withTempDir(prefix: string, body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await fsp.mkdtemp(join(tmpdir(), prefix));
  try {
    await body(dir);
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}
