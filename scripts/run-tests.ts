// Runs every `test/**/*.test.ts` file with Node's own test runner.
// Node 20's `--test` takes no glob patterns (they arrived in Node 21), so the files are listed here.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";

function findTests(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules" && entry.name !== "fixtures" && entry.name !== "golden")
        found.push(...findTests(path));
    } else if (entry.name.endsWith(".test.ts")) {
      found.push(relative(process.cwd(), path));
    }
  }
  return found.sort();
}

const filters = process.argv.slice(2);
const files = findTests("test").filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error(`no test files matched ${filters.join(" ") || "test/**/*.test.ts"}`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-reporter=spec", ...files], {
  stdio: "inherit",
});
process.exit(result.status ?? 1);
