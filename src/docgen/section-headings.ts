import { classifyColumn } from "./column-names.ts";

/** The sections docgen knows. Headings not listed here stay inside the section before them. */
export type SectionKind =
  | "description"
  | "qps"
  | "debugging"
  | "authorization"
  | "request-syntax"
  | "request-headers"
  | "path-parameters"
  | "request-parameters"
  | "request-body"
  | "response-headers"
  | "response-parameters"
  | "response-body"
  | "examples"
  | "error-codes"
  | "change-history";

// The headings of the Alibaba Cloud API reference pages, in the English and Chinese (simplified and
// traditional) documentation sets, and in the older layouts still served by mirrors (the "Request line"
// pages of Container Service, "Return parameter" of the 2017 pages). A heading is a line that is exactly
// one of these (after normalising, see `normaliseHeading`), so sentences and table cells never match.
const HEADINGS: ReadonlyArray<readonly [SectionKind, readonly string[]]> = [
  [
    "description",
    [
      "operation description",
      "description",
      "usage notes",
      "usage note",
      "api description",
      "描述",
      "接口说明",
      "使用说明",
      "接口說明",
      "使用說明",
      "操作说明",
    ],
  ],
  ["qps", ["qps limit", "qps limits", "limits", "qps限制", "qps 限制", "流控", "限流说明"]],
  [
    "debugging",
    ["debugging", "debug", "try it now", "online debugging", "调试", "調試", "在线调试", "在線調試", "调用示例"],
  ],
  [
    "authorization",
    [
      "authorization information",
      "ram authorization",
      "permissions",
      "authorization",
      "授权信息",
      "授權信息",
      "授權資訊",
    ],
  ],
  [
    "request-syntax",
    ["request syntax", "request line", "request line (requestline)", "请求语法", "請求語法", "请求行", "請求行"],
  ],
  [
    "request-headers",
    ["request headers", "request header", "special request header (requesthead)", "请求头", "請求頭", "请求头部"],
  ],
  [
    "path-parameters",
    [
      "path parameters",
      "path parameter",
      "request line parameter (uri param)",
      "request line parameters",
      "uri parameters",
      "路径参数",
      "路徑參數",
      "path参数",
    ],
  ],
  [
    "request-parameters",
    [
      "request parameters",
      "request parameter",
      "request elements",
      "query parameters",
      "input parameters",
      "请求参数",
      "請求參數",
      "請求参数",
      "请求参数说明",
    ],
  ],
  ["request-body", ["request body", "request body requestbody", "请求体", "請求體", "请求body"]],
  ["response-headers", ["response headers", "special response header (responsehead)", "响应头", "響應頭"]],
  [
    "response-parameters",
    [
      "response parameters",
      "response parameter",
      "response elements",
      "response element",
      "return parameters",
      "return parameter",
      "returned parameters",
      "response body explanation",
      "response fields",
      "response data",
      "returned data",
      "return values",
      "return value",
      "output parameters",
      "返回参数",
      "返回參數",
      "返回数据",
      "返回數據",
      "返回结果",
      "返回結果",
      "响应参数",
      "響應參數",
      "响应元素",
      "響應元素",
      "返回值",
      "响应参数说明",
    ],
  ],
  ["response-body", ["response body (responsebody)", "response body", "响应体", "響應體"]],
  [
    "examples",
    [
      "examples",
      "example",
      "sample requests",
      "request example",
      "request examples",
      "response example",
      "response examples",
      "示例",
      "範例",
      "示例代码",
      "请求示例",
      "請求示例",
      "返回示例",
    ],
  ],
  [
    "error-codes",
    [
      "error codes",
      "error code",
      "errors",
      "special error codes",
      "error code list",
      "错误码",
      "錯誤碼",
      "错误代码",
      "錯誤代碼",
      "特殊错误码",
      "特殊錯誤碼",
      "错误码列表",
    ],
  ],
  ["change-history", ["change history", "release notes", "变更历史", "變更歷史", "变更记录"]],
];

const MAX_HEADING = 60;
const NEEDS_NORMALISING = /[(:：]|\s\s|[^\S ]/;

const BY_TEXT: ReadonlyMap<string, SectionKind> = new Map(
  HEADINGS.flatMap(([kind, words]) => words.map((w) => [w, kind] as const)),
);

/**
 * Normalises a candidate heading line: trimmed, lower-cased, spaces collapsed, a trailing colon
 * dropped, and the simplified characters some traditional-Chinese mirrors add in brackets after a
 * character, or its pinyin (`參數(shù)` → `參數`), removed.
 */
function normaliseHeading(text: string): string {
  return text
    .trim()
    .replace(/\((?:[\u4e00-\u9fff]{1,2}|[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6})\)/g, "")
    .replace(/[:：]$/, "")
    .replace(/\s+/g, " ")
    .toLowerCase();
}

/**
 * The section kind a line opens, or undefined. A word that is both a heading and a column name
 * (`Description`, `描述`) is a column header when the line before it is a column name too
 * (the one-cell-per-line dumps write the header row `Parameter`, `Type`, …, `Description`).
 */
export function classifyHeading(text: string, previousNonBlank: string | undefined): SectionKind | undefined {
  // Headings are short lines without table pipes; most lines of a page are neither.
  if (text.length > MAX_HEADING || text.includes("|")) return undefined;
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  // Every line of a page comes through here: the normalising regexes run only on lines that have
  // something for them to remove (a bracket, a colon, a run of spaces or a tab).
  const kind =
    BY_TEXT.get(trimmed.toLowerCase()) ??
    (NEEDS_NORMALISING.test(trimmed) ? BY_TEXT.get(normaliseHeading(trimmed)) : undefined);
  if (kind === undefined) return undefined;
  if (previousNonBlank !== undefined && classifyColumn(text) !== undefined && classifyColumn(previousNonBlank))
    return undefined;
  return kind;
}
