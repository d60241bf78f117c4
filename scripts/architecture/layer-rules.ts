/**
 * The layers of specgate and what each may import: the one statement of these rules. ARCHITECTURE.md's
 * "Layers and their rules" tables are rendered from it (`npm run gen:architecture`), and
 * test/architecture/layers.test.ts checks every import of the repository against it, so the document and
 * the code cannot drift apart: a new import across layers either fits a row or changes the row here, in
 * the same commit that the reviewer reads.
 *
 * Paths are repository-relative. A folder ends in `/`; the longest path that contains a file owns it.
 */

/** One layer: a folder (or a single file) and what its files may import. */
export interface LayerRule {
  path: string;
  /** What the layer is, for the table. */
  what: string;
  /**
   * Layers (their `path`) or single files whose code this layer may import. `"product"`: every layer
   * that is not tooling. A layer always imports its own files.
   */
  mayImport: readonly string[] | "product";
  /** Layers or files this layer may import types from (`import type`: erased at compile time). */
  mayImportTypes?: readonly string[];
  /** Packages and `node:` modules (`node:*`: all of them) the layer's code must not import. */
  mustNotImport?: readonly string[];
  /** Global functions the layer's code must not call (time must come from an injected clock). */
  mustNotCall?: readonly string[];
  /** Files of the layer exempt from `mustNotImport` and `mustNotCall`, each with the reason. */
  exceptions?: readonly { file: string; why: string }[];
  /** Data, not code: imported, never scanned. */
  data?: boolean;
  /** Scripts, tests and benches: may import any layer, and no layer may import them. */
  tooling?: boolean;
}

/** A package whose run-time imports are kept to a few places, and why. */
export interface PackageRule {
  /** Package names; a specifier matches its package (`ajv/dist/2020.js` is `ajv`). */
  packages: readonly string[];
  /** The layers or files that may import it (tooling always may). */
  only: readonly string[];
  why: string;
}

/** Folders and files scanned for imports are every non-data layer path. */
export const LAYERS: readonly LayerRule[] = [
  {
    path: "src/core/",
    what: "clock, usage errors, atomic file writes",
    mayImport: [],
  },
  {
    path: "src/openapi/",
    what:
      "`compileSpec`, `loadSpecs`, x-extension accessors, violations; `extensions.ts` (the x- vocabulary, " +
      "types only) and `is-json-object.ts` (the JSON-object guard) are shared with docgen and the rows below; " +
      "`flatten-rpc-value.ts` (how the SDKs send an RPC list or object) with the clients; " +
      "`loadSpecs` pairs every spec found with its product entry",
    mayImport: ["src/core/", "src/products/"],
  },
  {
    path: "src/docgen/",
    what: "pages → OpenAPI (pure but for `generate-files.ts`, which the CLI and the gate call to read and write)",
    mayImport: ["src/core/", "src/openapi/is-json-object.ts"],
    mayImportTypes: ["src/openapi/extensions.ts"],
    mustNotImport: ["node:*"],
    exceptions: [{ file: "src/docgen/generate-files.ts", why: "reads the pages and writes the documents" }],
  },
  {
    path: "src/signing/",
    what: "signers/verifiers over `CryptoPort` (bundled into k6)",
    mayImport: [],
    mayImportTypes: ["src/core/", "src/openapi/extensions.ts"],
    mustNotImport: ["node:*"],
    exceptions: [
      {
        file: "src/signing/node-crypto.ts",
        why: "the Node `CryptoPort`; the k6 scripts bundle load/k6/k6-crypto.ts instead",
      },
    ],
  },
  {
    path: "src/products/",
    what:
      "the product registry: one definition per product (a module, or generic from its spec's own facts), " +
      "registered in `registry.ts`; bundled into k6",
    mayImport: ["src/openapi/is-json-object.ts", "src/openapi/read-extensions.ts", "src/openapi/spec-error.ts"],
    mayImportTypes: ["src/openapi/extensions.ts"],
    mustNotImport: ["node:*"],
  },
  {
    path: "src/client/",
    what: "signed undici clients (RPC, ROA, per product), `Target`",
    mayImport: ["src/core/", "src/signing/", "src/products/", "src/openapi/flatten-rpc-value.ts"],
    mayImportTypes: ["src/openapi/"],
  },
  {
    path: "src/mock/domain/",
    what: "coordinator, rate limiter, record store, event log (pure, injected clock)",
    mayImport: ["src/core/"],
    mayImportTypes: ["src/openapi/"],
    mustNotImport: ["node:*", "fastify", "undici", "yaml", "ajv"],
    mustNotCall: ["setTimeout", "setInterval", "setImmediate"],
    exceptions: [
      {
        file: "src/mock/domain/deadline-timer.ts",
        why: "the domain's one timer, armed for the coordinator's earliest deadline",
      },
    ],
  },
  {
    path: "src/mock/",
    what: "Fastify adapter: HTTP ⇄ domain calls, signatures, validation, faults, admin; the config file (`mock-config.ts`)",
    mayImport: ["src/core/", "src/openapi/", "src/signing/", "src/mock/domain/", "src/products/"],
  },
  {
    path: "src/engine/",
    what: "open-model load engine, metrics, thresholds, results",
    mayImport: ["src/core/"],
    mustNotImport: ["undici", "fastify", "node:http", "node:https", "node:net"],
  },
  {
    path: "load/scenarios/",
    what:
      "engine-neutral scenarios, each one value registered in `registry.ts` with its report section's view " +
      "(drawn with the report's `section-view.ts` and `format-values.ts`), and what both engines print of them " +
      "(the rate-limit analysis and its table, threshold lines), since k6's `handleSummary` prints them too",
    mayImport: [
      "src/signing/",
      "src/products/",
      "src/client/target-env.ts",
      "src/openapi/convert-ajv-errors.ts",
      "src/openapi/violation.ts",
      "src/openapi/is-json-object.ts",
      "src/openapi/read-extensions.ts",
      "src/report/format-values.ts",
      "src/report/section-view.ts",
      "src/engine/parse-duration.ts",
    ],
    mayImportTypes: ["src/engine/engine-result.ts", "src/report/rate-limit-stage.ts", "src/openapi/extensions.ts"],
    mustNotImport: ["node:*", "k6"],
  },
  {
    path: "load/k6/",
    what: "k6 entry points (bundled by `npm run build:k6` to `load/dist/`)",
    mayImport: [
      "load/scenarios/",
      "src/signing/",
      "specs/",
      "src/engine/from-k6-summary.ts",
      "src/openapi/openapi-formats.ts",
    ],
    mayImportTypes: ["src/engine/engine-result.ts"],
    mustNotImport: ["node:*"],
  },
  {
    path: "src/report/",
    what:
      "summary model, pure renderers (a scenario's section drawn through the `SectionReader` they are handed), " +
      "atomic writer",
    mayImport: ["src/core/"],
    mayImportTypes: ["src/openapi/violation.ts"],
  },
  {
    path: "src/contract-cases/",
    what: "case generation, checks, the Playwright reporter (pure but for the reporter)",
    mayImport: ["src/core/", "src/openapi/", "src/products/"],
    mayImportTypes: ["src/report/run-summary.ts"],
    mustNotImport: ["node:*"],
    exceptions: [
      { file: "src/contract-cases/contract-reporter.ts", why: "the Playwright reporter writes the results file" },
    ],
  },
  {
    path: "contract-suite/",
    what: "Playwright suites and fixtures (start a mock per worker for `--target mock`)",
    mayImport: ["src/core/", "src/openapi/", "src/client/", "src/contract-cases/", "src/mock/", "src/products/"],
  },
  {
    path: "src/load-runner/",
    what: "runs scenarios on the Node engine or real k6 (bundling the k6 scripts), converts results",
    mayImport: [
      "src/core/",
      "src/engine/",
      "load/scenarios/",
      "src/client/",
      "src/openapi/",
      "src/signing/node-crypto.ts",
    ],
    mayImportTypes: ["src/report/run-summary.ts"],
  },
  {
    path: "src/gate/",
    what: "the gate's orchestration (injected steps) and the spec drift check",
    mayImport: ["src/core/", "src/report/", "src/docgen/"],
  },
  {
    path: "src/commands/",
    what: "thin CLI commands",
    mayImport: "product",
  },
  {
    path: "src/cli.ts",
    what: "command dispatcher (`specgate <command>`)",
    mayImport: ["src/core/", "src/commands/", "package.json"],
  },
  {
    path: "specs/",
    what: "OpenAPI documents, their types and standalone validators (generated)",
    mayImport: [],
    data: true,
  },
  { path: "package.json", what: "the package manifest (name and version)", mayImport: [], data: true },
  { path: "bin/", what: "the `specgate` executable", mayImport: "product", tooling: true },
  { path: "scripts/", what: "build, test and generator scripts (`npm run …`)", mayImport: "product", tooling: true },
  { path: "test/", what: "unit, property and browser tests", mayImport: "product", tooling: true },
  { path: "bench/", what: "benchmarks (`npm run bench`)", mayImport: "product", tooling: true },
  { path: "playwright.config.ts", what: "Playwright projects", mayImport: "product", tooling: true },
];

export const PACKAGES: readonly PackageRule[] = [
  {
    packages: ["ajv", "ajv-formats"],
    only: ["src/openapi/", "src/mock/mock-config.ts", "src/report/parse-run-summary.ts"],
    why:
      "every OpenAPI document compiles in `src/openapi/compile-spec.ts`, once per process; the schemas of " +
      "specgate's own two files (the mock config, summary.json) compile where that file is read, on first " +
      "use, so `specgate mock` without `--config` never loads Ajv",
  },
  { packages: ["fastify"], only: ["src/mock/"], why: "the mock is the one server" },
  {
    packages: ["undici"],
    only: ["src/client/", "src/load-runner/"],
    why: "HTTP goes through the clients, and through the built-in engine's port",
  },
  {
    packages: ["esbuild"],
    only: ["src/load-runner/build-k6-bundles.ts"],
    why: "the k6 scripts are bundled in one place (`npm run build:k6` and `specgate load --engine k6`)",
  },
  { packages: ["k6"], only: ["load/k6/"], why: "k6's modules exist only inside k6" },
];
