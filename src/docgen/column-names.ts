/** The meaning of a table column, whatever the page calls it. */
export type ColumnKey =
  | "name"
  | "type"
  | "location"
  | "required"
  | "description"
  | "example"
  | "default"
  | "status"
  | "code"
  | "message"
  | "action"
  | "access-level"
  | "resource-type"
  | "condition-key"
  | "dependent-action"
  | "resource"
  | "change-time"
  | "change-summary";

// Column headers of the reference pages, in the English and Chinese (simplified and traditional)
// documentation sets and their older layouts. Longest first, so that a glued header
// ("HTTP status codeError code…", "名称类型必填描述示例值") is split on the longest word that fits.
const COLUMN_NAMES: ReadonlyArray<readonly [ColumnKey, readonly string[]]> = [
  [
    "name",
    [
      "Parameter",
      "Parameters",
      "Parameter name",
      "Attribute name",
      "Element",
      "Field",
      "Name",
      "名称",
      "名稱",
      "参数",
      "參數",
      "参数名",
      "参数名称",
      "參數名稱",
      "字段",
      "字段名",
    ],
  ],
  ["type", ["Type", "Data type", "类型", "類型", "数据类型", "參數類型", "参数类型"]],
  ["location", ["Location", "Position", "位置", "参数位置"]],
  [
    "required",
    [
      "Required",
      "Required?",
      "Required or not",
      "是否必需",
      "必选/可选",
      "Mandatory",
      "是否必选",
      "是否必選",
      "必选",
      "必選",
      "是否必须",
      "是否必須",
      "必须",
      "必填",
      "是否必填",
      "必要",
    ],
  ],
  [
    "description",
    [
      "Description",
      "描述",
      "說明",
      "说明",
      "参数说明",
      "參數說明",
      "语义",
      "語義",
      "Semantics",
      "Remarks",
      "备注",
      "備註",
    ],
  ],
  ["example", ["Example", "Example value", "Example values", "Sample value", "示例值", "示例", "範例值", "樣本值"]],
  ["default", ["Default value", "Default", "默认值", "預設值"]],
  [
    "status",
    [
      "HTTP status code",
      "Status code",
      "HTTP status",
      "HTTP code",
      "HTTP状态码",
      "HTTP 状态码",
      "HTTP狀態碼",
      "HTTP 狀態碼",
      "HTTP 状态",
      "HTTP 狀態",
    ],
  ],
  ["code", ["Error code", "ErrorCode", "错误码", "錯誤碼", "错误代码", "錯誤代碼"]],
  ["message", ["Error message", "ErrorMessage", "Message", "错误信息", "錯誤信息", "错误消息", "錯誤訊息", "错误提示"]],
  ["action", ["Action", "Operation", "操作"]],
  ["access-level", ["Access level", "访问级别", "訪問級別", "存取層級"]],
  ["resource-type", ["Resource type", "资源类型", "資源類型"]],
  ["condition-key", ["Condition key", "条件关键字", "條件關鍵字"]],
  ["dependent-action", ["Dependent action", "Associated operation", "关联操作", "關聯操作"]],
  ["resource", ["Resource in an authorization policy"]],
  ["change-time", ["Change time", "变更时间", "變更時間"]],
  ["change-summary", ["Summary of changes", "变更内容", "變更內容", "变更摘要"]],
];

const COLUMN_WORDS: ReadonlyArray<readonly [string, ColumnKey]> = COLUMN_NAMES.flatMap(([key, words]) =>
  words.map((w) => [w, key] as const),
).sort((a, b) => b[0].length - a[0].length);

const BY_LOWER: ReadonlyMap<string, ColumnKey> = new Map(COLUMN_WORDS.map(([w, k]) => [w.toLowerCase(), k]));
const LOWER_WORDS: readonly string[] = COLUMN_WORDS.map(([w]) => w.toLowerCase());
// A header line is made of column words only: it is short.
const MAX_HEADER = 160;

/** Maps one header cell to its column key, or undefined for an unknown header. Case-insensitive. */
export function classifyColumn(cell: string): ColumnKey | undefined {
  return BY_LOWER.get(cell.trim().replace(/\s+/g, " ").toLowerCase());
}

/**
 * Splits a one-line header into its column words, whether glued (`ParameterTypeRequiredDescriptionExample`,
 * `名称类型必填描述示例值`) or separated by spaces (`Parameter Type Required Example Description`,
 * `ErrorCode 错误码 Message 错误信息 HTTP 状态 语义`); undefined when the line is not made only of
 * known column words (at least two of them). Depth-first with longest words first, so
 * `Error codeError message` splits correctly.
 */
export function splitGluedHeader(line: string): string[] | undefined {
  const text = line.trim();
  if (text === "" || text.length > MAX_HEADER || text.includes("|")) return undefined;
  const lower = text.toLowerCase();
  const walk = (from: number): string[] | undefined => {
    let at = from;
    while (lower[at] === " " || lower[at] === "\t") at++;
    if (at === text.length) return [];
    for (const word of LOWER_WORDS) {
      if (lower.startsWith(word, at)) {
        const rest = walk(at + word.length);
        if (rest !== undefined) return [text.slice(at, at + word.length), ...rest];
      }
    }
    return undefined;
  };
  const words = walk(0);
  return words !== undefined && words.length >= 2 ? words : undefined;
}
