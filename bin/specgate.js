#!/usr/bin/env node
// Entry point for `npx specgate`: the sources are TypeScript run through tsx (DEVELOPERS.md: "run with tsx"),
// so there is no build step between `npm ci` and the first command.
// `specgate mock` must be ready to serve within 0.3 s, which tsx's own start-up (~170 ms) does not leave room
// for: it runs from a self-refreshing esbuild bundle instead (bin/bundled-command.js), else through tsx.
import { importBundled } from "./bundled-command.js";

const argv = process.argv.slice(2);
// Left out of the mock's bundle: what it loads only on demand (ajv, yaml: a --config file; pino: Fastify's logger,
// off; Fastify's schema compilers, replaced) — bundling them would only add code to parse at every start.
const MOCK_EXTERNAL = [
  "ajv",
  "ajv-formats",
  "yaml",
  "pino",
  "@fastify/ajv-compiler",
  "@fastify/fast-json-stringify-compiler",
];
const bundled = argv[0] === "mock" ? await importBundled("src/commands/mock.ts", MOCK_EXTERNAL) : undefined;
if (bundled !== undefined) {
  // Stack traces name bundle lines; NODE_OPTIONS=--enable-source-maps maps them to the .ts sources (the bundle
  // has a source map; reading it costs ~20 ms of start-up, so it is not enabled by default).
  process.exitCode = await runBundled(argv[0], bundled, argv.slice(1));
} else {
  const { register } = await import("tsx/esm/api"); // imported only here: loading it alone takes ~90 ms
  register();
  const { main } = await import("../src/cli.ts");
  process.exitCode = await main(process.argv.slice(2));
}

/**
 * What `main` in src/cli.ts does around a command: a UsageError prints one line and exits 2, no stack trace. The
 * bundle has its own copy of the class, so the error is known by its name: UsageError, or its subclass SpecError
 * (src/openapi/spec-error.ts: a spec that cannot be loaded).
 */
async function runBundled(name, command, args) {
  try {
    return await command.run(args);
  } catch (err) {
    if (err?.name !== "UsageError" && err?.name !== "SpecError") throw err;
    console.error(`specgate ${name}: ${err.message}`);
    return 2;
  }
}
