/**
 * Scores what docgen emitted for one corpus page against the oracle of its operation
 * (test/docgen/corpus/README.md "How the score counts"). Pure: page text + oracle + emitted facts → score.
 *
 * Only what the page states is scored: the page text decides which oracle facts count (a cut-off
 * excerpt states fewer), never docgen's output, so the maximum of a page does not move as docgen changes.
 */
import type { EmittedFacts, EmittedParameter } from "./corpus-facts.ts";

/** A request parameter of the oracle (from the SDK). */
export interface OracleParameter {
  name: string;
  in: string;
  type: string;
  required: boolean;
  items?: string;
  /**
   * How the SDK sends an RPC list or object (docs/alibaba/rpc-parameters.md#styles): `repeatList`/`flat`
   * flattened into pairs, `json`/`simple` as one string (a `*Shrink` field).
   */
  style?: string;
}

/** A response field of the oracle: JSON path and type. */
export interface OracleField {
  path: string;
  type: string;
  items?: string;
}

/** What one page states that no SDK model carries: error codes and the QPS limit. */
export interface PageFacts {
  errorCodes?: { status: number; code: string }[];
  qps?: { limit: number; window: string; scope: string }[];
}

/** One `oracle/<product>-<version>/<Operation>.json`. */
export interface OracleOperation {
  operation: string;
  product: string;
  version: string;
  style: "RPC" | "ROA";
  method: string;
  path?: string;
  parameters: OracleParameter[];
  response: OracleField[];
  pageFacts?: Record<string, unknown>;
}

export type FactKind = "parameter" | "response" | "error-code" | "qps";

/** One scored fact: `got` of `max` points, and what was wrong when points are missing. */
export interface FactCheck {
  kind: FactKind;
  fact: string;
  got: number;
  max: number;
  missed?: string[];
}

export interface Tally {
  got: number;
  max: number;
}

/** The score of one page: SDK-verified facts and page facts apart. */
export interface PageScore {
  page: string;
  operation: string;
  sdk: Tally;
  pageFacts: Tally;
  checks: FactCheck[];
  /** Oracle facts the page does not state (not scored). */
  unscored: number;
  /** Why docgen produced nothing for the page, when it did not. */
  error?: string;
}

const TYPE_WORDS = [
  "string",
  "integer",
  "long",
  "boolean",
  "array",
  "object",
  "number",
  "int",
  "double",
  "float",
  "map",
];
/** Glued cells (`AppIdstringYes`) put a type word right after the name. */
const GLUED_TYPE = TYPE_WORDS.map((w) => `[${w[0]?.toUpperCase()}${w[0]}]${w.slice(1)}`).join("|");

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * A line of column headers only (`Parameter | Type | Required`, `ParameterTypeRequiredDescriptionExample`,
 * or one header cell per line): it names columns, not parameters, so it does not count as stating a name.
 */
const HEADER_LINE =
  /^[\s|]*(?:(?:Parameters?|Name|Element|Attribute name|(?:Data )?Type|Required(?: or not)?\??|Example(?: values?)?|Sample Value|Description|Location|Position)[\s|]*)+$/gim;

/** Where a page puts a name: a table cell or row start, a `└` row, a JSON key, the request syntax, `Array of X`. */
const NAME_CONTEXT = String.raw`(?:^[\s|└\-•*]*|\|\s*|["{&?/]|\bof\s+|[Aa]rray<)`;

/** True when the page states `name` as a name (not in prose, not inside a longer name; glued type words may follow). */
export function mentions(text: string, name: string, ignoreCase = false): boolean {
  const re = new RegExp(
    `${NAME_CONTEXT}${escapeRegExp(name)}(?:(?![A-Za-z0-9_])|(?=${GLUED_TYPE}))`,
    ignoreCase ? "im" : "m",
  );
  return re.test(text.replace(HEADER_LINE, ""));
}

const RESPONSE_HEADING =
  /^[\s\-•*]*(?:response\s+(?:parameters?|elements?|body\b)|return\s+(?:parameters?|information)|返回(?:数据|參數|参数|數據|數\(shù\)據|結果|结果)|响应(?:元素|参数)|響應(?:元素|參數))/im;

/** The page split at its response heading: the request part states parameters, the response part fields. */
export function splitAtResponse(text: string): { request: string; response: string | undefined } {
  const m = RESPONSE_HEADING.exec(text);
  return m === null
    ? { request: text, response: undefined }
    : { request: text.slice(0, m.index), response: text.slice(m.index) };
}

const REQUIRED_VALUE = [
  /^\s*\|?\s*(?:Yes|No|是|否)\s*\|?\s*$/m,
  /\|\s*(?:Yes|No|是|否)\s*\|/,
  new RegExp(`(?:${GLUED_TYPE})\\s*(?:Yes|No|是|否)(?:\\s|$|[A-Z0-9*[\\-])`, "m"),
];

/** True when the request part gives parameters a required value (a column header alone is not enough). */
export function statesRequired(request: string): boolean {
  return REQUIRED_VALUE.some((re) => re.test(request));
}

const WINDOW_SECONDS: Record<string, number> = { second: 1, minute: 60, hour: 3600 };

function pathSegmentOf(path: string | undefined, name: string): string | undefined {
  const m = new RegExp(`([^/{}]*)/\\{${escapeRegExp(name)}\\}`).exec(path ?? "");
  return m?.[1];
}

function baseName(name: string): string {
  return name.replace(/\.N$/i, "");
}

function findEmitted(
  oracle: OracleOperation,
  p: OracleParameter,
  emitted: EmittedParameter[],
): EmittedParameter | undefined {
  if (p.in === "path") {
    const segment = pathSegmentOf(oracle.path, p.name)?.toLowerCase();
    return (
      emitted.find((e) => e.in === "path" && segment !== undefined && e.pathSegment?.toLowerCase() === segment) ??
      emitted.find((e) => e.name.toLowerCase() === p.name.toLowerCase())
    );
  }
  if (p.in === "header") return emitted.find((e) => e.name.toLowerCase() === p.name.toLowerCase());
  return emitted.find((e) => baseName(e.name) === p.name);
}

/** RPC takes its parameters in the query or in a form body alike; ROA locations must be the same. */
function sameLocation(style: string, expected: string, actual: string): boolean {
  const rpc = (l: string) => (l === "query" || l === "body" ? "rpc" : l);
  return style === "RPC" ? rpc(expected) === rpc(actual) : expected === actual;
}

/** An SDK `number` takes `integer` too; `X.N` on the page is the array `X` flattened; a JSON-string array may be `string`. */
export function sameType(
  expected: { type: string; style?: string },
  actual: string | undefined,
  emittedName = "",
): boolean {
  if (actual === undefined) return false;
  if (expected.type === "number") return actual === "number" || actual === "integer";
  if (expected.type === "array" && /\.N$/i.test(emittedName)) return true;
  if ((expected.style === "json" || expected.style === "simple") && actual === "string") return true;
  return expected.type === actual;
}

/**
 * An RPC list or object emitted as a list or object must travel as the SDK sends it: its `x-rpc-style` is the
 * oracle's style. Part of the type point (what reaches the server is the type on the wire).
 */
export function sameStyle(expected: { style?: string }, emitted: EmittedParameter | undefined): boolean {
  if (expected.style === undefined || (emitted?.type !== "array" && emitted?.type !== "object")) return true;
  return emitted.rpcStyle === expected.style;
}

function typeMiss(p: OracleParameter, e: EmittedParameter | undefined): string {
  if (!sameType(p, e?.type, e?.name)) return `type ${e?.type ?? "none"}, expected ${p.type}`;
  return `x-rpc-style ${e?.rpcStyle ?? "none"}, expected ${p.style}`;
}

function paramScorable(oracle: OracleOperation, p: OracleParameter, request: string): boolean {
  if (p.in === "path") {
    const segment = pathSegmentOf(oracle.path, p.name) ?? "";
    return (
      mentions(request, p.name, true) ||
      (segment !== "" && new RegExp(`${escapeRegExp(segment)}/[{<]`, "i").test(request))
    );
  }
  return mentions(request, p.name, p.in === "header");
}

function scoreParameter(
  oracle: OracleOperation,
  p: OracleParameter,
  emitted: EmittedFacts | undefined,
  requiredStated: boolean,
): FactCheck {
  const e = emitted === undefined ? undefined : findEmitted(oracle, p, emitted.parameters);
  // Each point: whether it is scored here, whether docgen got it, and what to say when it did not.
  const points: [boolean, boolean, string][] = [
    [true, sameLocation(oracle.style, p.in, e?.in ?? ""), `in ${e?.in}`],
    [p.type !== "any", sameType(p, e?.type, e?.name) && sameStyle(p, e), typeMiss(p, e)],
    [requiredStated, e?.required === p.required, `required ${e?.required}`],
  ];
  const scored = points.filter(([counts]) => counts);
  const check: FactCheck = { kind: "parameter", fact: `${p.in} ${p.name}`, got: 0, max: 1 + scored.length };
  if (e === undefined) return { ...check, missed: ["missing"] };
  const missed = scored.filter(([, ok]) => !ok).map(([, , why]) => why);
  check.got = 1 + scored.length - missed.length;
  return missed.length > 0 ? { ...check, missed } : check;
}

function leafName(path: string): string {
  return (path.split(".").pop() ?? "").replace(/\[\]$/, "");
}

function fieldScorable(f: OracleField, all: OracleField[], response: string): boolean {
  if (f.path === "[]") return all.some((c) => c.path.startsWith("[].") && mentions(response, leafName(c.path)));
  return mentions(response, leafName(f.path));
}

function scoreField(f: OracleField, emitted: EmittedFacts | undefined): FactCheck {
  const typeScored = f.type !== "any" && f.type !== "binary";
  const check: FactCheck = { kind: "response", fact: f.path, got: 0, max: typeScored ? 2 : 1 };
  if (emitted === undefined || !emitted.response.has(f.path)) return { ...check, missed: ["missing"] };
  check.got = 1;
  const actual = emitted.response.get(f.path);
  if (!typeScored || sameType(f, actual)) {
    check.got += typeScored ? 1 : 0;
    return check;
  }
  return { ...check, missed: [`type ${actual ?? "none"}, expected ${f.type}`] };
}

function scoreErrorCode(e: { status: number; code: string }, emitted: EmittedFacts | undefined): FactCheck {
  const check: FactCheck = { kind: "error-code", fact: `${e.status} ${e.code}`, got: 0, max: 2 };
  const found = emitted?.errorCodes.find((x) => x.code === e.code);
  if (found === undefined) return { ...check, missed: ["missing"] };
  if (found.status === e.status) return { ...check, got: 2 };
  return { ...check, got: 1, missed: [`status ${found.status}`] };
}

function scoreQps(stated: { limit: number; window: string }[], emitted: EmittedFacts | undefined): FactCheck {
  const fact = stated.map((q) => `${q.limit}/${q.window}`).join(" or ");
  const check: FactCheck = { kind: "qps", fact, got: 0, max: 2 };
  const q = emitted?.qps;
  if (q === undefined) return { ...check, missed: ["missing"] };
  const rate = q.limit / q.windowSeconds;
  const match = stated.find((s) => Math.abs(s.limit / (WINDOW_SECONDS[s.window] ?? 1) - rate) < 1e-9 * rate);
  if (match === undefined) return { ...check, missed: [`limit ${q.limit} per ${q.windowSeconds} s`] };
  if ((WINDOW_SECONDS[match.window] ?? 1) === q.windowSeconds) return { ...check, got: 2 };
  return { ...check, got: 1, missed: [`window ${q.windowSeconds} s`] };
}

function tally(checks: FactCheck[]): Tally {
  return { got: checks.reduce((n, c) => n + c.got, 0), max: checks.reduce((n, c) => n + c.max, 0) };
}

/** The page facts the oracle records for this page file. */
export function pageFactsOf(oracle: OracleOperation, page: string): PageFacts {
  const facts = oracle.pageFacts?.[page];
  return typeof facts === "object" && facts !== null ? (facts as PageFacts) : {};
}

/** Scores one page. `emitted` is undefined when docgen produced no operation for it (`error` says why). */
export function scorePage(input: {
  page: string;
  text: string;
  oracle: OracleOperation;
  emitted: EmittedFacts | undefined;
  error?: string;
}): PageScore {
  const { oracle, emitted, text } = input;
  const { request, response } = splitAtResponse(text);
  const requiredStated = statesRequired(request);
  const sdkChecks: FactCheck[] = [];
  let unscored = 0;
  for (const p of oracle.parameters) {
    if (paramScorable(oracle, p, request)) sdkChecks.push(scoreParameter(oracle, p, emitted, requiredStated));
    else unscored++;
  }
  for (const f of oracle.response) {
    if (response !== undefined && fieldScorable(f, oracle.response, response)) sdkChecks.push(scoreField(f, emitted));
    else unscored++;
  }
  const facts = pageFactsOf(oracle, input.page);
  const pageChecks = (facts.errorCodes ?? []).map((e) => scoreErrorCode(e, emitted));
  if (facts.qps !== undefined && facts.qps.length > 0) pageChecks.push(scoreQps(facts.qps, emitted));
  const score: PageScore = {
    page: input.page,
    operation: oracle.operation,
    sdk: tally(sdkChecks),
    pageFacts: tally(pageChecks),
    checks: [...sdkChecks, ...pageChecks],
    unscored,
  };
  if (input.error !== undefined) score.error = input.error;
  return score;
}
