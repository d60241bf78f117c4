// docgen on pages as users bring them (issue 11): any file name, any product, complete pages strict.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { generateDocuments } from "../../src/docgen/docgen.ts";
import { DocgenError } from "../../src/docgen/docgen-error.ts";
import { readXProduct, readXQpsLimitWindow } from "../../src/openapi/read-extensions.ts";
import { dig, sourcePages, widgetPage } from "./helpers.ts";

const CORPUS = "test/docgen/corpus";

interface Entry {
  file: string;
  product: string;
  operation: string;
  complete: boolean;
}

function corpusPages(): (Entry & { text: string })[] {
  const m = JSON.parse(readFileSync(join(CORPUS, "manifest.json"), "utf8")) as { pages: Entry[] };
  return m.pages.map((p) => ({ ...p, text: readFileSync(join(CORPUS, "pages", p.file), "utf8") }));
}

function operationsOf(doc: unknown): { path: string; method: string; op: Record<string, unknown> }[] {
  const paths = dig(doc, "paths") as Record<string, Record<string, Record<string, unknown>>>;
  return Object.entries(paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ path, method, op })),
  );
}

/** The document with every page name replaced, so two runs under different names compare. */
function withoutPageNames(doc: unknown, names: readonly string[]): string {
  let text = JSON.stringify(doc);
  for (const n of names) text = text.split(n).join("PAGE");
  return text;
}

test("both seed pages read the same under any file name (ConsumerGroupHeartBeat, ListEventSubEvent)", () => {
  for (const name of ["sls-ConsumerGroupHeartBeat.txt", "live-ListEventSubEvent.txt"]) {
    const page = sourcePages().find((p) => p.name === name);
    assert.ok(page);
    const [own] = generateDocuments([{ name, text: page.text }]);
    for (const other of ["page.txt", "Downloads/api (1).txt", "ecs-StartInstance.txt"]) {
      const [renamed] = generateDocuments([{ name: other, text: page.text }]);
      assert.equal(renamed?.product, own?.product, `${name} as ${other}`);
      assert.equal(withoutPageNames(renamed?.document, [other]), withoutPageNames(own?.document, [name]), other);
    }
  }
});

test("a page whose only operation name is its RAM action: the access level the dump glued to it is cut", () => {
  // The Live seed page without its title: the flattened dump glues the access level (`live:ListEventSubEventlist`).
  const live = sourcePages().find((p) => p.name === "live-ListEventSubEvent.txt");
  assert.ok(live);
  const untitled = live.text.replace("ApsaraVideo Live:ListEventSubEvent", "");
  assert.match(untitled, /^live:ListEventSubEventlist$/m);
  const [d] = generateDocuments([{ name: "page.txt", text: untitled }]);
  assert.deepEqual(
    operationsOf(d?.document).map((o) => [o.path, o.op.operationId, o.op["x-ram-action"]]),
    [["/?Action=ListEventSubEvent", "ListEventSubEvent", "live:ListEventSubEvent"]],
  );
});

test("a file name of another product never names the page's operation; an unknown prefix still may", () => {
  // The SLS GetCheckPoint page states its product (Simple Log Service) but not its operation's name.
  const text = readFileSync(join(CORPUS, "pages", "sls-GetCheckPoint.txt"), "utf8");
  const ids = (name: string) =>
    generateDocuments([{ name, text }]).map((d) => [
      d.product,
      ...operationsOf(d.document).map((o) => o.op.operationId),
    ]);
  assert.deepEqual(ids("sls-GetCheckPoint.txt"), [["sls", "GetCheckPoint"]]);
  assert.deepEqual(ids("mine-GetCheckPoint.txt"), [["sls", "GetCheckPoint"]]);
  assert.throws(
    () => ids("ecs-StartInstance.txt"),
    (e: unknown) =>
      e instanceof DocgenError &&
      e.format() ===
        "ecs-StartInstance.txt:1: cannot tell the operation's name: no 'Product:Operation' title, Action= sample request or RAM action (the file name is of product 'ecs', the page of 'sls') (fix: name the file sls-<Operation>.txt)",
  );
});

test("every complete corpus page reads without --lenient", () => {
  const complete = corpusPages().filter((p) => p.complete);
  assert.ok(complete.length >= 5);
  for (const p of complete) {
    const docs = generateDocuments([{ name: p.file, text: p.text }]);
    assert.deepEqual(
      docs.map((d) => d.product),
      [p.product],
      p.file,
    );
    const ops = operationsOf(docs[0]?.document).map((o) => o.op.operationId);
    assert.deepEqual(ops, [p.operation], p.file);
  }
});

test("every corpus page names its product and operation (lenient), whatever layout or language", () => {
  for (const p of corpusPages()) {
    const docs = generateDocuments([{ name: p.file, text: p.text }], { lenient: true });
    assert.deepEqual(
      docs.map((d) => d.product),
      [p.product],
      p.file,
    );
    assert.deepEqual(
      operationsOf(docs[0]?.document).map((o) => o.op.operationId),
      [p.operation],
      p.file,
    );
  }
});

const RPC_PAGE = widgetPage({
  operation: "DescribeWidgets",
  summary: "Queries widgets.",
  before: ["QPS limit", "You can call this operation up to 600 times per minute per account."],
  request: [
    "WidgetId.N String No w-1 The IDs of the widgets.",
    "PageSize Integer No 10 The number of entries per page.",
  ],
  response: ["Widgets Array of Widget The widgets.", "Name String w1 The widget name."],
  query: "&PageSize=10",
});

test("a product docgen has no row for becomes a spec: id and endpoint from the host, version from the page", () => {
  const [d, ...more] = generateDocuments([{ name: "saved.txt", text: RPC_PAGE }]);
  assert.equal(more.length, 0);
  assert.equal(d?.product, "widget");
  assert.deepEqual(readXProduct(d?.document ?? {}), {
    id: "widget",
    style: "RPC",
    errorBody: "rpc",
    version: "2021-02-03",
  });
  assert.deepEqual(dig(d?.document, "x-signature-schemes"), ["acs3-hmac-sha256", "rpc-v1"]);
  assert.deepEqual(dig(d?.document, "servers"), [{ url: "https://widget.cn-hangzhou.aliyuncs.com" }]);
  assert.ok(dig(d?.document, "components", "schemas", "RpcError"));
  const [{ op } = { op: {} }] = operationsOf(d?.document);
  assert.deepEqual(dig(op, "x-rpc"), { action: "DescribeWidgets", version: "2021-02-03" });
  // Action is the path key, not a parameter; WidgetId.N is the repeated parameter WidgetId.
  const params = dig(op, "parameters") as { name: string; schema: { type: string; items?: { type: string } } }[];
  assert.deepEqual(
    params.map((p) => [p.name, p.schema.type]),
    [
      ["WidgetId", "array"],
      ["PageSize", "integer"],
    ],
  );
  // `Widgets | Array of Widget` is the RPC wrapper {Widgets: {Widget: [...]}}.
  const body = dig(op, "responses", "200", "content", "application/json", "schema");
  assert.equal(dig(body, "properties", "Widgets", "type"), "object");
  assert.equal(dig(body, "properties", "Widgets", "properties", "Widget", "type"), "array");
  assert.equal(
    dig(body, "properties", "Widgets", "properties", "Widget", "items", "properties", "Name", "type"),
    "string",
  );
  // 600 per minute stays per minute.
  assert.equal(dig(op, "x-qps-limit"), 600);
  assert.equal(dig(op, "x-qps-limit-window"), "minute");
  assert.equal(readXQpsLimitWindow(op, "op"), "minute");
});

test("a product with no known version and none on the page: a warning naming --version; --version sets it", () => {
  const text = RPC_PAGE.replace("&Version=2021-02-03", "");
  const [d] = generateDocuments([{ name: "saved.txt", text }]);
  assert.equal(readXProduct(d?.document ?? {}).version, undefined);
  assert.equal(d?.warnings.length, 1);
  assert.match(d?.warnings[0]?.message ?? "", /no known API version.*\(fix: pass --version YYYY-MM-DD\)$/);
  const [v] = generateDocuments([{ name: "saved.txt", text }], { version: "2021-02-03" });
  assert.equal(readXProduct(v?.document ?? {}).version, "2021-02-03");
  assert.equal(v?.warnings.length, 0);
});

test("a product docgen has no row for takes its style from the page: a request line makes it ROA, signed with V3 only", () => {
  const text = readFileSync(join(CORPUS, "pages", "fc-GetFunction.zh.txt"), "utf8");
  const [roa] = generateDocuments([{ name: "page.txt", text }], { product: "widget", version: "2021-02-03" });
  assert.deepEqual(readXProduct(roa?.document ?? {}), {
    id: "widget",
    style: "ROA",
    errorBody: "rpc",
    version: "2021-02-03",
  });
  assert.deepEqual(dig(roa?.document, "x-signature-schemes"), ["acs3-hmac-sha256"]);
  const [rpc] = generateDocuments([{ name: "page.txt", text: RPC_PAGE }], { product: "widget" });
  assert.equal(readXProduct(rpc?.document ?? {}).style, "RPC");
  assert.deepEqual(dig(rpc?.document, "x-signature-schemes"), ["acs3-hmac-sha256", "rpc-v1"]);
});

test("--product overrides what the page says; a page naming two products is one error listing both", () => {
  const [d] = generateDocuments([{ name: "saved.txt", text: RPC_PAGE }], { product: "ecs" });
  assert.equal(d?.product, "ecs");
  // The version the page states wins over the table's (ECS 2014-05-26).
  assert.equal(readXProduct(d?.document ?? {}).version, "2021-02-03");
  const [table] = generateDocuments([{ name: "saved.txt", text: RPC_PAGE.replace("&Version=2021-02-03", "") }], {
    product: "ecs",
  });
  assert.equal(readXProduct(table?.document ?? {}).version, "2014-05-26");
  const two = RPC_PAGE.replace("Elastic Widget Service:DescribeWidgets", "ApsaraVideo Live:DescribeWidgets");
  assert.throws(
    () => generateDocuments([{ name: "saved.txt", text: two }]),
    (e: unknown) =>
      e instanceof DocgenError &&
      /names 2 products: live from title 'ApsaraVideo Live:DescribeWidgets' \(line 1\), widget from endpoint/.test(
        e.message,
      ) &&
      e.hint === "pass --product ID (e.g. --product ecs)" &&
      !e.format().includes("\n"),
  );
});

test("a page that names no product is one error with one fix", () => {
  const none = RPC_PAGE.replace("Elastic Widget Service:DescribeWidgets", "DescribeWidgets").replace(
    "https://widget.cn-hangzhou.aliyuncs.com/",
    "https://[Endpoint]/",
  );
  for (const lenient of [false, true]) {
    assert.throws(
      () => generateDocuments([{ name: "saved.txt", text: none }], { lenient }),
      (e: unknown) =>
        e instanceof DocgenError &&
        e.format() ===
          "saved.txt:1: cannot tell which product the page documents: it has no 'Product:Operation' title, RAM action (ns:Operation), endpoint host or product name (fix: pass --product ID (e.g. --product ecs))",
      `lenient: ${lenient}`,
    );
  }
});

test("a page that names no product takes it from a file name that starts with one (vpc-regions.txt)", () => {
  // The VPC DescribeRegions page names VPC only in example values; a user's own file name still tells it.
  const text = readFileSync(join(CORPUS, "pages", "vpc-DescribeRegions.txt"), "utf8");
  assert.throws(() => generateDocuments([{ name: "regions.txt", text }], { lenient: true }), DocgenError);
  const [doc] = generateDocuments([{ name: "vpc-regions.txt", text }], { lenient: true }).map((d) => d.document);
  assert.equal(readXProduct(doc as Record<string, unknown>).id, "vpc");
  assert.deepEqual(
    operationsOf(doc).map((o) => o.op.operationId),
    ["DescribeRegions"],
  );
});

test("Chinese page, one cell per line, glued and spaced rows: same parameters", () => {
  const zh = [
    "调用DescribeWidgets查询部件。",
    "QPS限制",
    "本接口的单用户QPS限制为20次/秒。超过限制,API调用会被限流。",
    "请求参数",
    "名称",
    "",
    "类型",
    "",
    "是否必选",
    "",
    "示例值",
    "",
    "描述",
    "",
    "WidgetId",
    "",
    "String",
    "",
    "是",
    "",
    "w-1",
    "",
    "部件ID。",
    "",
    "PageSize",
    "",
    "Integer",
    "",
    "否",
    "",
    "10",
    "",
    "每页条数。",
    "返回数据",
    "名称类型描述示例值",
    "RequestIdstring",
    "请求ID。",
    "1A-2B",
    "错误码",
    "HTTP status code | 错误码 | 错误信息 | 描述 |",
    "---|---|---|---|",
    "400 | InvalidWidget | The widget is invalid. | 部件无效。 |",
  ].join("\n");
  const [d] = generateDocuments([{ name: "x.txt", text: zh }], { product: "ecs" });
  const [{ op } = { op: {} }] = operationsOf(d?.document);
  assert.equal(dig(op, "operationId"), "DescribeWidgets");
  const params = dig(op, "parameters") as { name: string; required: boolean; schema: { type: string } }[];
  assert.deepEqual(
    params.map((p) => [p.name, p.required, p.schema.type]),
    [
      ["WidgetId", true, "string"],
      ["PageSize", false, "integer"],
    ],
  );
  const body = dig(op, "responses", "200", "content", "application/json", "schema");
  assert.equal(dig(body, "properties", "RequestId", "type"), "string");
  assert.deepEqual(dig(op, "x-error-codes"), [
    { status: 400, code: "InvalidWidget", message: "The widget is invalid.", description: "部件无效。" },
  ]);
  assert.deepEqual(
    [dig(op, "x-qps-limit"), dig(op, "x-qps-limit-window"), dig(op, "x-qps-limit-scope")],
    [20, "second", "account"],
  );
});

test("error tables without pipes: spaced status first, code first (bilingual header), one cell per line", () => {
  const page = (table: string[]): string =>
    ["ApsaraVideo Live:DeleteWidget", "Request parameters", "Response parameters", "Error codes", ...table].join("\n");
  const codes = (table: string[]) => {
    const [d] = generateDocuments([{ name: "p.txt", text: page(table) }]);
    const [{ op } = { op: {} }] = operationsOf(d?.document);
    return (dig(op, "x-error-codes") as { status: number; code: string; message: string }[]).map(
      (e) => `${e.status} ${e.code} ${e.message}`,
    );
  };
  assert.deepEqual(
    codes([
      "HTTP status code Error code Error message Description",
      "400 InputInvalid %s. The specified parameters are invalid.",
      "404 NoSuchWidget The widget does not exist. Check the ID.",
    ]),
    ["400 InputInvalid %s.", "404 NoSuchWidget The widget does not exist."],
  );
  assert.deepEqual(
    codes([
      "ErrorCode 错误码 Message 错误信息 HTTP 状态 语义",
      "InvalidDomain.NotFound The domain provided does not belong to you. 404 域名不存在或不属于当前用户",
    ]),
    ["404 InvalidDomain.NotFound The domain provided does not belong to you."],
  );
  assert.deepEqual(
    codes([
      "HTTP status code",
      "",
      "Error code",
      "",
      "Error message",
      "",
      "Description",
      "",
      "404",
      "",
      "ProjectNotExist",
      "",
      "Project does not exist.",
      "",
      "The project does not exist.",
    ]),
    ["404 ProjectNotExist Project does not exist."],
  );
});

test("a parameter's example that its listed valid values refuse is left out: the spec never contradicts itself", () => {
  // ECS StartInstances as the corpus keeps it: cells copied out of order give RegionId the valid values of
  // BatchOptimization (AllTogether, SuccessFirst) while its example stays cn-hangzhou.
  const text = readFileSync(join(CORPUS, "pages", "ecs-StartInstances.txt"), "utf8");
  const [doc] = generateDocuments([{ name: "start.txt", text }], { lenient: true });
  const checked = operationsOf(doc?.document).flatMap(({ op }) => (op.parameters ?? []) as Record<string, unknown>[]);
  const withEnum = checked.filter((p) => Array.isArray((p.schema as { enum?: unknown[] } | undefined)?.enum));
  assert.ok(withEnum.length > 0, "the page gives at least one parameter listed values");
  for (const p of withEnum) {
    const values = (p.schema as { enum: unknown[] }).enum;
    if ("example" in p) assert.ok(values.includes(p.example), `${String(p.name)}: example ${String(p.example)}`);
  }
  const region = checked.find((p) => p.name === "RegionId");
  assert.ok(region !== undefined && !("example" in region), "RegionId keeps no example its schema refuses");
  // Left out, and said so: one warning naming the page, the row's line, the parameter and the fix.
  const said = doc?.warnings.filter((w) => /example/.test(w.message)) ?? [];
  assert.equal(said.length, 1, JSON.stringify(said));
  assert.equal(said[0]?.page, "start.txt");
  assert.match(text.split("\n")[(said[0]?.line ?? 0) - 1] ?? "", /RegionId/);
  assert.match(said[0]?.message ?? "", /parameter 'RegionId': its example "cn-hangzhou" .*"AllTogether".*\(fix: /);
});
