/**
 * A new RPC page whose error table lists only the page's own `InputInvalid` (Live DeleteEventSub, from the docgen
 * corpus, added to a temporary copy of the sources as a user would): its negative cases pass against the mock with
 * no overlay and no code change. The mock once answered every missing parameter with the gateway's
 * `MissingParameter`, which the cases (narrowed to the codes the page documents) rightly refused; both now read one
 * table (src/products/request-error-codes.ts).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { servePages } from "./pages-mock.ts";
import { readContractSection, runContractCommand } from "./run-contract-command.ts";

describe("a page that documents only InputInvalid", () => {
  const served = servePages(["live-DeleteEventSub.txt"]);

  it("passes its missing-parameter cases against the mock", { timeout: 240_000 }, async () => {
    const { ext, mock, out } = served;
    const codes = ext.specs.products.get("live")?.spec.operations.get("DeleteEventSub")?.errorCodes ?? [];
    assert.deepEqual(
      codes.filter((c) => c.status === 400).map((c) => c.code),
      ["InputInvalid"],
      "the page's own table, with no overlay",
    );
    const r = await runContractCommand(
      ["--target", mock.url, "--specs", ext.dir, "--out", out, "--seed", "2024", "--grep", "DeleteEventSub"],
      180_000,
    );
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    const section = readContractSection(out);
    const op = section.operations.find((o) => o.operationId === "DeleteEventSub");
    assert.ok(op, "DeleteEventSub has no cases");
    // Two missing-parameter cases (AppId, SubscribeId) besides the signature and timestamp ones.
    assert.ok(op.negative.total >= 4 && op.negative.passed === op.negative.total, JSON.stringify(op.negative));
  });
});
