import assert from "node:assert/strict";
import { it } from "node:test";
import { mergeOverlay } from "../../src/docgen/merge-overlay.ts";

const generated = {
  examples: {
    ProjectNotExist: { summary: "from the page", value: { errorCode: "ProjectNotExist" } },
    Other: { summary: "kept" },
  },
  list: [1, 2],
};

it("merges objects key by key, the overlay winning on scalars and arrays", () => {
  const out = mergeOverlay(generated, { examples: { Other: { description: "added" } }, list: [3] });
  assert.deepEqual(out.examples, {
    ProjectNotExist: generated.examples.ProjectNotExist,
    Other: { summary: "kept", description: "added" },
  });
  assert.deepEqual(out.list, [3]);
});

it("an overlay Reference Object replaces what it lands on: no generated value survives beside its $ref", () => {
  const ref = { $ref: "#/components/examples/SlsProjectNotExist" };
  const out = mergeOverlay(generated, { examples: { ProjectNotExist: ref } });
  assert.deepEqual((out.examples as Record<string, unknown>).ProjectNotExist, ref);
  assert.equal(generated.examples.ProjectNotExist.value.errorCode, "ProjectNotExist", "the input is unchanged");
});
