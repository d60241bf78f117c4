// `npm run build:k6`: bundles each k6 entry point (load/k6/<scenario>.k6.ts) into one ES module,
// load/dist/<scenario>.js, for `k6 run` (k6 ≥ 0.48 has no TypeScript loader: peer-tools.md §4 A6).
// Only k6's own modules stay external; everything else (scenario logic, signing) is inlined.
import { readdirSync } from "node:fs";
import { build } from "esbuild";

/** The k6 modules present in v0.48 that specgate may use (peer-tools.md §4 A7, "Portable subset"). */
export const K6_MODULES = ["k6", "k6/http", "k6/crypto", "k6/encoding", "k6/metrics", "k6/execution", "k6/data"];

export async function buildK6Bundles(outdir = "load/dist"): Promise<string[]> {
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
    logLevel: "warning",
    legalComments: "none",
  });
  return entries;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const entries = await buildK6Bundles();
  console.log(`bundled ${entries.length} k6 entry point(s) into load/dist/`);
}
