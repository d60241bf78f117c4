import assert from "node:assert/strict";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { checkSpecDrift } from "../../src/gate/check-spec-drift.ts";

test("the committed specs match their pages", async () => {
  const result = await checkSpecDrift("specs");
  assert.deepEqual(result, { ok: true, problems: [] });
});

test("an edited spec and a missing spec are both reported with the fix", async () => {
  const dir = await mkdtemp(join(tmpdir(), "specgate-drift-"));
  try {
    await cp("specs", dir, { recursive: true });
    const live = join(dir, "live.openapi.json");
    await writeFile(live, (await readFile(live, "utf8")).replace('"x-qps-limit": 50', '"x-qps-limit": 60'));
    await rm(join(dir, "sls.openapi.json"));
    const result = await checkSpecDrift(dir);
    assert.equal(result.ok, false);
    assert.equal(result.problems.length, 2);
    assert.match(result.problems.join("\n"), /live\.openapi\.json differs .* npm run gen:specs/);
    assert.match(result.problems.join("\n"), /sls\.openapi\.json is missing/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a page strict docgen cannot read fails the check with docgen's one line, naming the page", async () => {
  const dir = await mkdtemp(join(tmpdir(), "specgate-drift-"));
  try {
    await cp("specs", dir, { recursive: true });
    // The corpus copy of this page ends inside its parameter table: only `docgen --lenient` reads it.
    await cp("test/docgen/corpus/pages/live-DescribeLiveStreamsOnlineList.txt", join(dir, "sources", "my-page.txt"));
    const result = await checkSpecDrift(dir);
    assert.equal(result.ok, false);
    assert.equal(result.problems.length, 1, result.problems.join("\n"));
    const [line] = result.problems;
    assert.ok(line?.startsWith(`${join(dir, "sources", "my-page.txt")}:`), line);
    assert.match(line ?? "", /^\S+:\d+: .+ \(fix: .+\)$/);
    assert.doesNotMatch(line ?? "", /\n/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a specs directory without sources is one problem, not a crash", async () => {
  const dir = await mkdtemp(join(tmpdir(), "specgate-drift-"));
  try {
    const result = await checkSpecDrift(dir);
    assert.deepEqual(result, { ok: false, problems: [`no pages in ${join(dir, "sources")}: add the reference pages`] });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
