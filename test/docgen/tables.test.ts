import assert from "node:assert/strict";
import { test } from "node:test";
import { alignRow } from "../../src/docgen/align-row.ts";
import { splitGluedHeader } from "../../src/docgen/column-names.ts";
import { detectTableStyle, readTable } from "../../src/docgen/detect-table.ts";
import { DocgenError } from "../../src/docgen/docgen-error.ts";
import { splitGluedError } from "../../src/docgen/glued-error.ts";
import { splitPage } from "../../src/docgen/page-sections.ts";
import { splitPipeCells } from "../../src/docgen/pipe-table.ts";
import { Problems } from "../../src/docgen/problems.ts";
import { sourcePages, tableFixture } from "./helpers.ts";

test("cell-per-line: a cell containing a literal '|' keeps it as content", () => {
  const { table } = tableFixture("cell-literal-pipe.txt");
  assert.equal(table?.style, "cell-per-line");
  assert.deepEqual(table?.header, ["Parameter", "Type", "Required", "Description", "Example"]);
  assert.deepEqual(table?.rows[0]?.cells, [
    "query",
    "string",
    "Yes",
    "A search statement such as status:200|status:404 or a|b.",
    "a|b",
  ]);
  assert.deepEqual(table?.rows[1]?.cells, ["line", "integer", "No", "The line count. Valid values: 1 to 100.", "10"]);
});

test("cell-per-line: a cut-off cell is a DocgenError naming its line; lenient keeps what the row states", () => {
  assert.throws(
    () => tableFixture("cell-cut-off.txt"),
    (e: unknown) =>
      e instanceof DocgenError && e.line === 16 && /cut off/.test(e.message) && e.page === "cell-cut-off.txt",
  );
  const { table, problems } = tableFixture("cell-cut-off.txt", true);
  assert.deepEqual(
    table?.rows.map((r) => r.cells),
    [
      ["logstore", "string", "Yes", "The name of the Logstore.", "ali-test-logstore"],
      ["consumer", "string", "Yes", "The consumer that", ""],
    ],
  );
  assert.equal(problems.warnings.length, 1);
});

test("cell-per-line: heartbeat's body row and its unnamed item row are aligned on their Type cell", () => {
  const page = sourcePages().find((p) => p.name === "sls-ConsumerGroupHeartBeat.txt");
  assert.ok(page);
  const split = splitPage(page.text);
  const section = split.sections.find((s) => s.heading === "Request parameters");
  assert.ok(section);
  assert.equal(detectTableStyle(section.lines), "cell-per-line");
  const table = readTable(section.lines, new Problems(page.name, false), split.lines.length);
  // The body row lost its Example cell and the item row its Parameter cell: both sit on the Type column.
  assert.deepEqual(
    table?.rows.slice(-2).map((r) => r.cells),
    [
      ["body", "array", "Yes", "The list of shard IDs that are being consumed.", ""],
      ["", "integer", "No", "The list of shard IDs that are being consumed.", "[0]"],
    ],
  );
});

test("pipe table: `body` row followed by its child rows, escaped pipe, continued cell, unnamed item", () => {
  const { table } = tableFixture("pipe-body-children.txt");
  assert.equal(table?.style, "pipe");
  const cells = table?.rows.map((r) => r.cells);
  assert.deepEqual(cells?.[1], ["body", "object", "Yes", "The settings.", ""]);
  assert.deepEqual(cells?.[2], ["name", "string", "Yes", "The name. Valid values: a | b.", "a"]);
  assert.deepEqual(cells?.[3], [
    "timeout",
    "integer",
    "No",
    "The timeout. Valid values: 10 to 600. Unit: seconds.",
    "60",
  ]);
  assert.deepEqual(cells?.[5], ["", "string", "No", "A tag.", '["x"]']);
});

test("splitPipeCells: escaped and backticked pipes are content", () => {
  assert.deepEqual(splitPipeCells("a \\| b | `x|y` | open"), { cells: ["a | b", "`x|y`"], rest: " open" });
});

test("glued header is split into its column words; rows are name+type+required glued lines", () => {
  assert.deepEqual(splitGluedHeader("ParameterTypeRequiredDescriptionExample"), [
    "Parameter",
    "Type",
    "Required",
    "Description",
    "Example",
  ]);
  assert.deepEqual(splitGluedHeader("HTTP status codeError codeError messageDescription"), [
    "HTTP status code",
    "Error code",
    "Error message",
    "Description",
  ]);
  assert.equal(splitGluedHeader("The application ID."), undefined);
  const { table } = tableFixture("glued-header.txt");
  assert.equal(table?.style, "glued");
  assert.deepEqual(
    table?.rows.map((r) => r.cells),
    [
      ["RegionId", "string", "Yes", "The region ID.", "cn-shanghai"],
      [
        "Events",
        "array<string>",
        "Yes",
        "The events. Valid values:\n\n• ChannelEvent: channel events\n• UserEvent: user events",
        "UserEvent",
      ],
      ["Limit", "integer", "No", "The maximum number of entries. Default value: 10.", ""],
      ["Enabled", "boolean", "No", "Whether it is enabled.", "true"],
    ],
  );
});

test("glued error table: status, code, message and description are split apart", () => {
  const { table } = tableFixture("glued-errors.txt");
  assert.deepEqual(
    table?.rows.map((r) => r.cells),
    [
      ["400", "InputInvalid", "%s.", "Illegal input parameters"],
      ["400", "Throttling.User", "Request was denied due to user flow control.", "The caller sent too many requests"],
      ["404", "InvalidAppId.NotFound", "The AppId does not exist.", "The specified AppId does not exist"],
      ["500", "InternalError", "Internal error.", ""],
    ],
  );
  assert.deepEqual(splitGluedError("ServerError%s.Unknown error, please try again later."), {
    code: "ServerError",
    message: "%s.",
    description: "Unknown error, please try again later.",
  });
});

test("alignRow puts dropped cells where the Type cell says", () => {
  const cols = ["name", "type", "required", "description", "example"] as const;
  assert.deepEqual(alignRow(["integer", "No", "d", "[0]"], cols), ["", "integer", "No", "d", "[0]"]);
  assert.deepEqual(alignRow(["body", "array", "Yes", "d"], cols), ["body", "array", "Yes", "d", ""]);
  assert.deepEqual(alignRow(["array", "d"], ["name", "type", "description", "example"]), ["", "array", "d", ""]);
  assert.equal(alignRow(["x", "y"], cols), undefined);
  assert.equal(alignRow(["a", "b", "c", "d", "e", "f"], cols), undefined);
});

test("every source page's tables are detected in the style they are written in", () => {
  const want: Record<string, string> = {
    "live-ListEventSubEvent.txt": "glued",
    "sls-ConsumerGroupHeartBeat.txt": "cell-per-line",
    "sls-CreateConsumerGroup.txt": "pipe",
    "sls-DeleteConsumerGroup.txt": "pipe",
    "sls-ListConsumerGroup.txt": "pipe",
  };
  for (const p of sourcePages()) {
    const section = splitPage(p.text).sections.find((s) => s.kind === "request-parameters");
    assert.equal(detectTableStyle(section?.lines ?? []), want[p.name], p.name);
  }
});
