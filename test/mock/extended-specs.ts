/**
 * Specs with operations specgate has no code for, made as a user would make them: the committed pages plus three
 * real reference pages (SLS ListShards, Live DescribeLiveStreamsOnlineList, VPC DescribeRegions, from the docgen
 * corpus) copied into a temporary `sources/`, the committed overlays beside it, and docgen run over them
 * (`--lenient`: the VPC page has a response row without a type). Where today's docgen cannot read a page whole, a
 * hand-written overlay (fixtures/*.overlay.json, merged the way docgen merges any overlay) supplies what the page
 * states and docgen missed: the corpus copy of the Live page ends inside its parameter table (its parameters,
 * response table and per-minute QPS sentence come from the page and its Chinese copy), and docgen refers to the
 * VPC page's `Region` rows as a schema it does not write. The ListShards page is read by docgen alone.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { systemClock } from "../../src/core/clock.ts";
import { generateFromFiles } from "../../src/docgen/generate-files.ts";
import { mergeOverlay } from "../../src/docgen/merge-overlay.ts";
import { createDefaultMockConfig } from "../../src/mock/mock-config.ts";
import { MockState } from "../../src/mock/mock-state.ts";
import { createDefaultWireBehaviour } from "../../src/mock/wire-behaviour.ts";
import { type LoadedSpecs, loadSpecs } from "../../src/openapi/load-specs.ts";

const CORPUS = "test/docgen/corpus/pages";
/** The new pages, by the names a user would save them under. */
export const NEW_PAGES = ["sls-ListShards.txt", "live-DescribeLiveStreamsOnlineList.txt", "vpc-DescribeRegions.txt"];
/** Overlay fixtures by product, merged into the product's overlay. */
const FIXTURES: Readonly<Record<string, string>> = {
  live: "test/mock/fixtures/live-describe-live-streams-online-list.overlay.json",
  vpc: "test/mock/fixtures/vpc-region.overlay.json",
};

/** A spec directory built from the pages, and its compiled specs. */
export interface ExtendedSpecs {
  dir: string;
  specs: LoadedSpecs;
  /** docgen's `--lenient` warnings, one line each. */
  warnings: string[];
  cleanup(): void;
}

/**
 * Generates sls, live and vpc specs from the committed pages plus NEW_PAGES into a temporary directory, and the
 * specs of `morePages` (corpus page names, e.g. `fc-GetFunction.txt`: Function Compute, a generic ROA product),
 * and compiles them.
 */
export async function buildExtendedSpecs(morePages: readonly string[] = []): Promise<ExtendedSpecs> {
  const written = await writeExtendedSpecs(morePages);
  return { ...written, specs: loadSpecs(written.dir) };
}

/** Writes the specs only (`<dir>/<product>.openapi.json`), without compiling them in this process. */
export async function writeExtendedSpecs(
  morePages: readonly string[] = [],
): Promise<Omit<ExtendedSpecs, "specs"> & { products: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), "specgate-extended-specs-"));
  const sources = join(dir, "sources");
  const overlays = join(dir, "overlays");
  mkdirSync(sources);
  mkdirSync(overlays);
  for (const page of readdirSync("specs/sources")) copyFileSync(join("specs/sources", page), join(sources, page));
  for (const page of [...NEW_PAGES, ...morePages]) copyFileSync(join(CORPUS, page), join(sources, page));
  for (const overlay of readdirSync("specs/overlays"))
    copyFileSync(join("specs/overlays", overlay), join(overlays, overlay));
  for (const [product, fixture] of Object.entries(FIXTURES)) {
    const path = join(overlays, `${product}.json`);
    const base = existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : {};
    writeFileSync(path, JSON.stringify(mergeOverlay(base, JSON.parse(readFileSync(fixture, "utf8")))));
  }

  const pages = readdirSync(sources).map((p) => join(sources, p));
  const docs = await generateFromFiles(pages, { lenient: true });
  const warnings: string[] = [];
  for (const d of docs) {
    writeFileSync(join(dir, `${d.product}.openapi.json`), JSON.stringify(d.document));
    for (const w of d.warnings) warnings.push(`${w.page}:${w.line}: ${w.message}`);
  }
  return {
    dir,
    products: docs.map((d) => d.product),
    warnings,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The committed specs plus the hand-written `demo` product (fixtures/demo.openapi.json) in a temporary directory. */
export function buildDemoSpecs(): { specs: LoadedSpecs; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), "specgate-demo-specs-"));
  for (const id of ["sls", "live"]) copyFileSync(join("specs", `${id}.openapi.json`), join(dir, `${id}.openapi.json`));
  copyFileSync("test/mock/fixtures/demo.openapi.json", join(dir, "demo.openapi.json"));
  return { specs: loadSpecs(dir), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A mock's state over `specs` with the default config, wire behaviour and no fault (for tests of one stage). */
export function defaultMockState(specs: LoadedSpecs): MockState {
  return new MockState({
    config: createDefaultMockConfig(),
    specs,
    clock: systemClock,
    faults: {},
    wire: createDefaultWireBehaviour(),
  });
}
