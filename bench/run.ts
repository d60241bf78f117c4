// `npm run bench`: runs every `bench/*.bench.ts` in turn, each in its own process so one benchmark's
// heap and JIT state cannot colour the next. Pass names to run a subset: `npm run bench -- docgen`.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const filters = process.argv.slice(2);
const benches = readdirSync("bench")
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file} ===`);
  const r = spawnSync(process.execPath, ["--import", "tsx", "--expose-gc", join("bench", file)], { stdio: "inherit" });
  if (r.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
