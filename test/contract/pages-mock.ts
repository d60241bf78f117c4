/**
 * A mock serving specs that docgen made from reference pages (test/mock/extended-specs.ts), and a temporary out
 * directory for `specgate contract`, for the suites that check a new page end to end: started before the suite's
 * tests, closed and removed after them.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before } from "node:test";
import { type RunningMock, startMock } from "../../src/mock/create-mock-server.ts";
import { buildExtendedSpecs, type ExtendedSpecs } from "../mock/extended-specs.ts";

/** What the hooks set up; `ext` and `mock` are there once the suite's `before` has run. */
export interface PagesMock {
  readonly ext: ExtendedSpecs;
  readonly mock: RunningMock;
  /** Where `specgate contract --out` writes. */
  readonly out: string;
}

/** Registers the suite's hooks: the extended specs plus `morePages` (corpus page names), and a mock serving them. */
export function servePages(morePages: readonly string[] = []): PagesMock {
  let ext: ExtendedSpecs | undefined;
  let mock: RunningMock | undefined;
  const out = mkdtempSync(join(tmpdir(), "specgate-pages-contract-"));
  before(async () => {
    ext = await buildExtendedSpecs(morePages);
    mock = await startMock({ port: 0, specs: ext.specs });
  });
  after(async () => {
    await mock?.close();
    ext?.cleanup();
    rmSync(out, { recursive: true, force: true });
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("servePages: used before the suite's before hook ran");
    return value;
  };
  return {
    get ext() {
      return started(ext);
    },
    get mock() {
      return started(mock);
    },
    out,
  };
}
