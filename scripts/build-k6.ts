// `npm run build:k6`: bundles each k6 entry point (load/k6/<scenario>.k6.ts) into one ES module,
// load/dist/<scenario>.js, for `k6 run` (k6 ≥ 0.48 has no TypeScript loader: peer-tools.md §4 A6).
// Only k6's own modules stay external; everything else (scenario logic, signing) is inlined.
import { readdirSync, readFileSync } from "node:fs";
import { build, type Plugin } from "esbuild";
import { OPENAPI_FORMATS } from "../src/spec/openapi-formats.ts";
import { hashSpecText } from "../src/spec/precompiled-validators.ts";

/** The specs whose generated validators the scripts bundle (load/k6/rate-limit.k6.ts checks throttled bodies). */
const BUNDLED_VALIDATORS = ["live"];

/**
 * The scripts bundle specs/<id>.validators.cjs as generated; Node notices a stale module and compiles the spec
 * instead (src/spec/precompiled-validators.ts), a bundle cannot. So: refuse a module generated from another
 * version of its spec, or one needing a format the scripts do not pass (they pass OPENAPI_FORMATS only).
 */
export function checkBundledValidators(root = "."): void {
  for (const id of BUNDLED_VALIDATORS) {
    const file = `specs/${id}.validators.cjs`;
    const code = readFileSync(`${root}/${file}`, "utf8");
    const recorded = /exports\.specSha256 = "([0-9a-f]{64})"/.exec(code)?.[1];
    if (recorded !== hashSpecText(readFileSync(`${root}/specs/${id}.openapi.json`, "utf8")))
      throw new Error(
        `${file} was generated from another version of specs/${id}.openapi.json; run npm run gen:validators`,
      );
    const formats = new Set(
      [...code.matchAll(/\bformats\.([A-Za-z_$][\w$]*)|\bformats\["([^"]+)"\]/g)].map((m) => m[1] ?? m[2]),
    );
    const missing = [...formats].filter((f) => f !== undefined && !(f in OPENAPI_FORMATS));
    if (missing.length > 0)
      throw new Error(
        `${file} needs format(s) ${missing.join(", ")}, which the k6 scripts do not pass (load/k6/rate-limit.k6.ts)`,
      );
  }
}

/** The k6 modules present in v0.48 that specgate may use (peer-tools.md §4 A7, "Portable subset"). */
export const K6_MODULES = ["k6", "k6/http", "k6/crypto", "k6/encoding", "k6/metrics", "k6/execution", "k6/data"];

/**
 * k6 before v0.52 runs every ES module script through Babel at start-up, on its own JS engine: ~0.1 s per 1,000
 * lines measured on v0.48, and the generated validators alone cost 3.3 s of a 9 s start. Large generated data
 * and code is therefore bundled as a string literal, which Babel passes over, and evaluated at init:
 * specs/*.openapi.json with JSON.parse, specs/*.validators.cjs (Ajv standalone code, CommonJS) with
 * `new Function`, which k6 compiles natively. Same behaviour; the rate-limit script starts in 4.6 s instead of 8.5 (k6 v0.48.0, `k6 inspect`).
 */
const generatedAsText: Plugin = {
  name: "specgate-generated-as-text",
  setup(b) {
    b.onLoad({ filter: /[\\/]specs[\\/][^\\/]+\.openapi\.json$/ }, (args) => ({
      contents: `export default JSON.parse(${JSON.stringify(readFileSync(args.path, "utf8"))});`,
      loader: "js",
    }));
    b.onLoad({ filter: /\.validators\.cjs$/ }, (args) => ({
      contents: [
        "const module = { exports: {} };",
        `new Function("exports", "module", ${JSON.stringify(readFileSync(args.path, "utf8"))})(module.exports, module);`,
        "export default module.exports;",
      ].join("\n"),
      loader: "js",
    }));
  },
};

export async function buildK6Bundles(outdir = "load/dist"): Promise<string[]> {
  checkBundledValidators();
  const entries = readdirSync("load/k6")
    .filter((f) => f.endsWith(".k6.ts"))
    .map((f) => `load/k6/${f}`);
  await build({
    entryPoints: Object.fromEntries(entries.map((e) => [e.replace(/^load\/k6\//, "").replace(/\.k6\.ts$/, ""), e])),
    outdir,
    bundle: true,
    format: "esm",
    platform: "neutral",
    // k6 0.48 runs scripts on goja (ES2015+ with async/await, not every newer syntax): lower the rest.
    target: "es2017",
    external: K6_MODULES,
    plugins: [generatedAsText],
    logLevel: "warning",
    legalComments: "none",
  });
  return entries;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const entries = await buildK6Bundles();
    console.log(`bundled ${entries.length} k6 entry point(s) into load/dist/`);
  } catch (err) {
    // esbuild has printed its own errors already; ours (a stale validator module) is one line with its fix.
    console.error(`build:k6: ${(err as Error).message.split("\n")[0]}`);
    process.exitCode = 1;
  }
}
