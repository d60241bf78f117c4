// The k6 bundles (npm run build:k6, run here first) must run on k6 0.48: only the portable k6 modules,
// nothing from Node, no API that arrived later (docs/peer-conventions.md#portable-module-subset).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { before, test } from "node:test";
import { buildK6Bundles, K6_MODULES } from "../../src/load-runner/build-k6-bundles.ts";

const BUNDLES = ["heartbeat-eviction", "rate-limit"];
const code = new Map<string, string>();
before(async () => {
  await buildK6Bundles();
  for (const b of BUNDLES) code.set(b, readFileSync(`load/dist/${b}.js`, "utf8"));
});

for (const b of BUNDLES) {
  test(`${b}.js imports only k6 0.48 modules and uses no Node or newer-k6 API`, () => {
    const text = code.get(b) ?? "";
    const imports = [...text.matchAll(/\bfrom\s*"([^"]+)"|\bimport\s*\(\s*"([^"]+)"|\bimport\s*"([^"]+)"/g)].map(
      (m) => m[1] ?? m[2] ?? m[3],
    );
    assert.ok(imports.length > 0);
    for (const i of imports) assert.ok(K6_MODULES.includes(i as string), `${b} imports ${i}`);
    const forbidden: [RegExp, string][] = [
      [/["']node:/, "node: imports"],
      // The code is CommonJS inside a string (src/load-runner/build-k6-bundles.ts); its require reaches k6's modules only.
      [/\brequire\(\\?"(?!k6(?:\/|\\?"))/, "require( of a module k6 does not provide"],
      [/\bsetTimeout\s*\(|\bsetInterval\s*\(/, "global timers (k6 ≥ 0.51)"],
      [/crypto\.subtle/, "WebCrypto (k6 ≥ 1.0)"],
      [/\.test\.fail\b/, "exec.test.fail (k6 ≥ 1.0)"],
      [/k6\/timers|k6\/secrets|k6\/experimental/, "k6/timers, k6/secrets, experimental modules"],
      [/\bperformance\.now\b/, "performance.now"],
      [/\bprocess\.|\bBuffer\b|\bTextEncoder\b/, "Node globals"],
    ];
    for (const [re, what] of forbidden) assert.doesNotMatch(text, re, `${b} uses ${what}`);
    assert.match(text, /^export const handleSummary = module\.exports\.handleSummary;$/m);
    assert.match(text, /^export const options = module\.exports\.options;$/m);
  });
}

test("the rate-limit bundle carries the documented limit from the spec (x-qps-limit), not a copy in code", () => {
  const text = code.get("rate-limit") ?? "";
  assert.match(text, /\\?"x-qps-limit\\?": 50/);
  for (const file of ["load/k6/scenario-entry.ts", "load/scenarios/rate-limit.scenario.ts"])
    assert.doesNotMatch(readFileSync(file, "utf8"), /\b50\b/, file);
});

test("each bundle is a small ES module shell around its code as one string (k6 < 0.52 runs Babel over code)", () => {
  for (const b of BUNDLES) {
    const text = code.get(b) ?? "";
    // Imports, the module map, one `new Function(…)` line carrying all the code, the re-exports.
    assert.ok(text.split("\n").length < 25, `${b}: ${text.split("\n").length} lines`);
    assert.match(text, /^new Function\("module", "exports", "require", "/m);
    assert.match(text, /^import k6Module\d+ from "k6\/execution";$/m, "k6/execution by default import only");
  }
});
