import assert from "node:assert/strict";
import * as fsp from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { viewSection } from "../../load/scenarios/registry.ts";
import { parseRunSummary } from "../../src/report/parse-run-summary.ts";
import { REPORT_FILES, type ReportFs, writeReports } from "../../src/report/write-reports.ts";
import { buildFixtureSummary } from "./fixture-summary.ts";
import { withTempDir } from "./temp-dir.ts";
import { parseXml } from "./xml-check.ts";

const ASSETS = { js: "var uPlot = function () {};", css: "" };

/** The real file system, except that the Nth call of `op` fails with ENOSPC. */
function failingFs(op: "writeFile" | "rename", failOnCall: number): ReportFs {
  let calls = 0;
  const boom = () => Object.assign(new Error("ENOSPC: no space left on device"), { code: "ENOSPC" });
  return {
    mkdir: (p, o) => fsp.mkdir(p, o),
    rm: (p, o) => fsp.rm(p, o),
    writeFile: async (p, d, o) => {
      if (op === "writeFile" && ++calls === failOnCall) {
        await fsp.writeFile(p, d.slice(0, 10), o); // a half-written temp file, as a full disk leaves it
        throw boom();
      }
      return fsp.writeFile(p, d, o);
    },
    rename: async (a, b) => {
      if (op === "rename" && ++calls === failOnCall) throw boom();
      return fsp.rename(a, b);
    },
  };
}

async function seedOldReports(dir: string): Promise<Record<string, string>> {
  const old: Record<string, string> = {};
  for (const name of Object.values(REPORT_FILES)) {
    old[name] = `old ${name}`;
    await fsp.writeFile(join(dir, name), old[name]);
  }
  return old;
}

test("writes the four reports, each complete, and nothing else", async () => {
  await withTempDir("specgate-report-", async (dir) => {
    const out = join(dir, "nested", "reports");
    const paths = await writeReports(buildFixtureSummary(), out, viewSection, { assets: ASSETS });
    assert.deepEqual((await fsp.readdir(out)).sort(), ["index.html", "junit.xml", "summary.json", "summary.md"]);
    assert.equal(paths.json, join(out, "summary.json"));
    assert.deepEqual(parseRunSummary(await fsp.readFile(paths.json, "utf8"), paths.json), buildFixtureSummary());
    parseXml(await fsp.readFile(paths.junit, "utf8"));
    assert.ok((await fsp.readFile(paths.markdown, "utf8")).startsWith("## ❌ specgate: FAILED"));
    assert.ok((await fsp.readFile(paths.html, "utf8")).trimEnd().endsWith("</html>"));
  });
});

test("a write failing mid-way leaves no temp file and the previous reports untouched", async () => {
  await withTempDir("specgate-report-", async (dir) => {
    const old = await seedOldReports(dir);
    await assert.rejects(
      writeReports(buildFixtureSummary(), dir, viewSection, { assets: ASSETS, fs: failingFs("writeFile", 3) }),
      /ENOSPC/,
    );
    assert.deepEqual((await fsp.readdir(dir)).sort(), Object.keys(old).sort());
    for (const [name, content] of Object.entries(old))
      assert.equal(await fsp.readFile(join(dir, name), "utf8"), content);
  });
});

test("a rename failing mid-way leaves no temp file behind; every report is whole (old or new)", async () => {
  await withTempDir("specgate-report-", async (dir) => {
    const old = await seedOldReports(dir);
    await assert.rejects(
      writeReports(buildFixtureSummary(), dir, viewSection, { assets: ASSETS, fs: failingFs("rename", 2) }),
      /ENOSPC/,
    );
    assert.deepEqual((await fsp.readdir(dir)).sort(), Object.keys(old).sort());
    assert.match(await fsp.readFile(join(dir, "junit.xml"), "utf8"), /^<\?xml/, "renamed before the failure: new");
    assert.equal(await fsp.readFile(join(dir, "index.html"), "utf8"), old["index.html"], "after the failure: old");
  });
});

test("an invalid summary is refused before anything is written (no credentials in reports)", async () => {
  await withTempDir("specgate-report-", async (dir) => {
    const out = join(dir, "out");
    const bad = { ...buildFixtureSummary(), target: { kind: "url" as const, url: "http://id:secret@127.0.0.1:1/" } };
    await assert.rejects(writeReports(bad, out, viewSection, { assets: ASSETS }), (err: Error) => {
      assert.ok(err instanceof TypeError);
      assert.match(err.message, /\/target\/url/);
      assert.ok(!err.message.includes("secret"), "the error does not echo the credential");
      return true;
    });
    await assert.rejects(fsp.stat(out), /ENOENT/);
  });
});
