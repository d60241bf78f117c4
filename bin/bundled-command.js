// Start-up fast path for commands whose start time is a target (`specgate mock`: ready to serve within 0.3 s).
// Running through tsx costs ~170 ms before specgate's first line runs: tsx's loader hooks live on a thread Node
// starts for them, and every import makes a round trip to it. That alone would use most of the budget. So the
// command's TypeScript is bundled with esbuild (a dependency, installed by `npm ci`: no build step, no
// postinstall) into node_modules/.cache/specgate/ on first use, and plain Node imports that one file.
// - Never stale: a fingerprint of every input (each bundled file, tsconfig.json, esbuild's version, this file)
//   and the external list are recorded beside the bundle; any difference rebuilds it (~0.3 s) before use.
//   Sources are compared by size and mtime, and by content hash when those differ; files under node_modules/
//   by size and mtime only (npm rewrites what it installs): checking ~270 files then takes a few ms.
// - npm packages are bundled too (Fastify's ~150 small CommonJS files load ~50 ms faster as one file), except
//   the ones the caller names as external: those Node loads from node_modules as usual (packages loaded
//   lazily and never on the command's path, or that find files relative to themselves).
// - `import.meta.url`/`dirname`/`filename` are replaced by each source file's own values, so code that finds
//   files relative to itself works as under tsx.
// - When the bundle cannot be built or stored (e.g. a read-only checkout) or SPECGATE_NO_BUNDLE is set, the
//   caller falls back to tsx: slower to start, same behaviour.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import * as nodeModule from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const CACHE = join(ROOT, "node_modules", ".cache", "specgate");
/** Inputs besides the bundled sources (paths relative to ROOT). */
const FIXED_INPUTS = ["tsconfig.json", "node_modules/esbuild/package.json", "bin/bundled-command.js"];

/**
 * Imports the bundle of `entry` (a .ts path relative to the repository root), building it first when missing
 * or stale; `external` lists packages left out of the bundle. Resolves `undefined` when no bundle can be used
 * (the caller then runs the sources through tsx).
 */
export async function importBundled(entry, external = []) {
  if (process.env.SPECGATE_NO_BUNDLE) return undefined;
  const name = entry.replace(/\.ts$/, "").replace(/[^A-Za-z0-9]+/g, "-");
  const bundle = join(CACHE, `${name}.mjs`);
  const manifest = join(CACHE, `${name}.json`);
  if (!isFresh(manifest, external)) {
    try {
      await build(entry, external, bundle, manifest);
    } catch {
      return undefined;
    }
  }
  // Node 22.1+ keeps V8's compiled code of the modules loaded from here on, checked against their content
  // (https://nodejs.org/api/module.html#moduleenablecompilecachecachedir): the bundle is not compiled anew at
  // every start, ~15 ms of the ~100 ms its import takes on Node 22. It is written out right after the import
  // (flushCompileCache), not at exit, which a killed mock never reaches. Node 20 has neither and compiles as before.
  nodeModule.enableCompileCache?.(join(CACHE, "v8"));
  const imported = await import(pathToFileURL(bundle).href);
  nodeModule.flushCompileCache?.();
  return imported;
}

function fingerprintOf(path) {
  const file = join(ROOT, path);
  const { size, mtimeMs } = statSync(file);
  if (path.startsWith("node_modules/")) return `${size}:${mtimeMs}`;
  return `${size}:${mtimeMs}:${createHash("sha1").update(readFileSync(file)).digest("hex")}`;
}

/**
 * Whether a source still matches its recorded fingerprint (`size:mtime:sha1`): an unchanged size and mtime say so
 * without reading it, as make and Jest's file map decide; otherwise the content hash decides, so a file only
 * touched (a git checkout, a copy) does not cost a rebuild. Reading and hashing every source at every start took
 * ~25 ms of the mock's start-up, which has a 0.3 s budget.
 */
function matches(path, recorded) {
  const file = join(ROOT, path);
  const { size, mtimeMs } = statSync(file);
  const quick = `${size}:${mtimeMs}`;
  if (path.startsWith("node_modules/")) return recorded === quick;
  if (recorded.startsWith(`${quick}:`)) return true;
  const hash = recorded.slice(recorded.lastIndexOf(":") + 1);
  return createHash("sha1").update(readFileSync(file)).digest("hex") === hash;
}

function isFresh(manifest, external) {
  try {
    const recorded = JSON.parse(readFileSync(manifest, "utf8"));
    if (JSON.stringify(recorded.external) !== JSON.stringify(external)) return false;
    for (const [path, fingerprint] of Object.entries(recorded.inputs)) if (!matches(path, fingerprint)) return false;
    return true;
  } catch {
    return false; // no manifest yet, or an input was deleted
  }
}

async function build(entry, external, bundle, manifest) {
  const { build: esbuild } = await import("esbuild");
  const result = await esbuild({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    bundle: true,
    external,
    platform: "node",
    // Bundled CommonJS packages call `require`, which an ES module lacks: give them Node's.
    banner: {
      js: 'import { createRequire as __specgateRequire } from "node:module";\nconst require = __specgateRequire(import.meta.url);',
    },
    format: "esm",
    target: "node20",
    sourcemap: "external",
    metafile: true,
    write: false,
    outfile: bundle,
    logLevel: "silent",
    plugins: [ownImportMeta],
  });
  const inputs = {};
  for (const path of [...Object.keys(result.metafile.inputs), ...FIXED_INPUTS]) inputs[path] = fingerprintOf(path);
  mkdirSync(CACHE, { recursive: true });
  // Each file is written under a temporary name and renamed: concurrent starts never read a half-written
  // file, and the manifest goes last, so it never vouches for a bundle that is not there yet.
  const place = (path, contents) => {
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, contents);
    renameSync(tmp, path);
  };
  for (const file of result.outputFiles) {
    if (file.path.endsWith(".map")) place(file.path, file.contents);
    else place(file.path, `${file.text}//# sourceMappingURL=${name(bundle)}.map\n`);
  }
  place(manifest, JSON.stringify({ entry, external, inputs }));
}

function name(path) {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** esbuild plugin: `import.meta.url` (and `dirname`, `filename`) keep the values of the source file. */
const ownImportMeta = {
  name: "own-import-meta",
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => ({
      loader: "ts",
      contents: readFileSync(args.path, "utf8")
        .replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll("import.meta.dirname", JSON.stringify(dirname(args.path)))
        .replaceAll("import.meta.filename", JSON.stringify(args.path)),
    }));
  },
};
