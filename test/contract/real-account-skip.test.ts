/**
 * On a real account the suite skips a write that no product declares safe, naming why and the opt-in, without
 * touching the network (a skipped test runs no fixture): a spec with a VPC CreateVpc beside DescribeRegions, run
 * with SPECGATE_TARGET=real through Playwright and the contract reporter, as `specgate contract` runs it.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, describe, it } from "node:test";
import { readContractSection } from "./run-contract-command.ts";

const dir = mkdtempSync(join(tmpdir(), "specgate-real-skip-"));
const specsDir = join(dir, "specs");

/** The VPC fixture plus CreateVpc, a write (its name is no read prefix) the VPC entry does not declare safe. */
function writeSpecs(): void {
  mkdirSync(specsDir);
  const doc = JSON.parse(readFileSync("test/products/fixtures/vpc.openapi.json", "utf8"));
  const create = structuredClone(doc.paths["/?Action=DescribeRegions"]);
  create.get.operationId = "CreateVpc";
  create.get["x-rpc"] = { action: "CreateVpc", version: "2016-04-28" };
  doc.paths["/?Action=CreateVpc"] = create;
  writeFileSync(join(specsDir, "vpc.openapi.json"), JSON.stringify(doc));
  copyFileSync("specs/live.openapi.json", join(specsDir, "live.openapi.json"));
}

function runSuite(out: string): Promise<number> {
  const cli = join(dirname(createRequire(import.meta.url).resolve("@playwright/test/package.json")), "cli.js");
  const args = [cli, "test", "--config", "playwright.config.ts", "--project=contract", "--grep", "vpc CreateVpc"];
  const reporter = `--reporter=${join(process.cwd(), "src/contract-cases/contract-reporter.ts")}`;
  return new Promise((done) => {
    const child = spawn(process.execPath, [...args, reporter], {
      env: {
        ...process.env,
        SPECGATE_TARGET: "real",
        SPECGATE_SPECS: specsDir,
        SPECGATE_OUT: out,
        SPECGATE_SEED: "1",
        SPECGATE_CONTRACT_CASES: "2",
        SPECGATE_ALLOW_WRITES: "0",
        CI: "",
      },
      stdio: "ignore",
    });
    child.on("exit", (code) => done(code ?? -1));
  });
}

describe("real-account safety in the suite", () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("skips an undeclared write with the reason and the fix, and its product still gets a table row", async () => {
    writeSpecs();
    const out = join(dir, "out");
    assert.equal(await runSuite(out), 0);
    const section = readContractSection(out);
    const op = section.operations.find((o) => o.operationId === "CreateVpc");
    assert.ok(op, JSON.stringify(section));
    assert.ok(op.cases.length > 0);
    for (const c of op.cases) {
      assert.equal(c.status, "skipped");
      assert.match(c.reason ?? "", /vpc CreateVpc writes .* pass --allow-writes to send it anyway/);
    }
  });
});
