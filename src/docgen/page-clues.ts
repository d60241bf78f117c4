import type { PageLine } from "./page-sections.ts";

/** One thing a page says about which product and operation it documents, and where it says it. */
export interface PageClue {
  kind: "title" | "ram-action" | "endpoint" | "request" | "text";
  /** Product id, RAM namespace, endpoint label or product name, as found. */
  product?: string;
  operation?: string;
  version?: string;
  /** The words of the page the clue was read from. */
  evidence: string;
  line: number;
}

// `ApsaraVideo Live:CreateEventSub`; `:ConsumerGroupHeartBeat` (a title whose product name the dump lost).
const TITLE = /^([A-Z][\w .&()/-]*?)?\s*:\s*([A-Z][A-Za-z0-9]*)$/;
// `CreateEventSub - 创建订阅房间消息回调`, or the operation name alone on its line.
const TITLE_OPERATION = /^([A-Z][a-z]+[A-Z][A-Za-z0-9]*)(?:\s+-\s+.*)?$/;
// `log:GetCheckPoint`, `live:CreateEventSub` (glued to an access level: `live:ListEventSubEventlist`): the
// first word of a line or table cell, so `value:DescribeDomainGroups` inside a sentence is not one.
const RAM_ACTION = /(?:^|\|)[ \t]*([a-z][a-z0-9-]*):([A-Z][A-Za-z0-9]*)/;
const HOST = /\b((?:[a-z0-9-]+\.)+aliyuncs\.com)\b/;
const ACTION = /[?&]Action=([A-Za-z][A-Za-z0-9]*)/;
const VERSION = /[?&]Version=(\d{4}-\d{2}-\d{2})/;
// `调用DescribeLiveDomainLimit查询…`, `Calls the DescribeSubDomainRecords operation to …`.
const CALL_SENTENCE = /(?:调用|調用|Calls? the\s+|call the\s+)([A-Z][a-z]+[A-Z][A-Za-z0-9]*)/;

/** The title clue of the lines before the first section. */
export function titleClue(preamble: readonly PageLine[]): PageClue | undefined {
  for (const l of preamble) {
    const t = l.text.trim();
    const m = TITLE.exec(t);
    if (m !== null) {
      const clue: PageClue = { kind: "title", operation: m[2] ?? "", evidence: t, line: l.n };
      if (m[1] !== undefined && m[1].trim() !== "") clue.product = m[1].trim();
      return clue;
    }
    const op = TITLE_OPERATION.exec(t);
    if (op !== null) return { kind: "title", operation: op[1] ?? "", evidence: t, line: l.n };
  }
  return undefined;
}

/** The 1-based line of each character offset of the lines joined by "\n". */
function lineAt(lines: readonly PageLine[]): (offset: number) => number {
  const starts: number[] = [];
  let at = 0;
  for (const l of lines) {
    starts.push(at);
    at += l.text.length + 1;
  }
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lines[lo]?.n ?? 1;
  };
}

/** RAM actions named anywhere in these lines (not in URLs), in page order. */
export function ramActionClues(lines: readonly PageLine[]): PageClue[] {
  const out: PageClue[] = [];
  for (const l of lines) {
    // Cheap test first: most lines of a page have no `ns:Op` at all.
    if (!l.text.includes(":") || l.text.includes("://")) continue;
    const m = RAM_ACTION.exec(l.text);
    if (m === null) continue;
    out.push({
      kind: "ram-action",
      product: m[1] ?? "",
      operation: m[2] ?? "",
      evidence: `${m[1]}:${m[2]}`,
      line: l.n,
    });
  }
  return out;
}

function isRegion(label: string): boolean {
  return /^(cn|ap|us|eu|me|rus|na|sa|af|jp|ja|ind)-[a-z]+(-[a-z0-9]+)*$/.test(label);
}

/**
 * The product label of an endpoint host: `live.aliyuncs.com` → live, `oos.cn-hangzhou.aliyuncs.com` →
 * oos, `my-project.cn-hangzhou.log.aliyuncs.com` → log (SLS puts the project first), `fc-ram…` → fc
 * (network variants of an endpoint are the same product).
 */
export function endpointLabel(host: string): string | undefined {
  const labels = host
    .toLowerCase()
    .replace(/\.aliyuncs\.com$/, "")
    .split(".");
  const region = labels.findIndex(isRegion);
  const label = region < 0 ? labels[labels.length - 1] : (labels[region + 1] ?? labels[region - 1]);
  return label?.replace(/-(vpc|intranet|internal|inner|ram|share|openapi|api)$/, "");
}

function isRequestLine(t: string): boolean {
  if (!t.includes("://") && !t.includes("Action=") && !/^host/i.test(t)) return false;
  return /^(https?|http\(s\)):\/\//i.test(t) || /^host\s*:/i.test(t) || ACTION.test(t);
}

/** The clues of one request line: its endpoint host, and its `Action=` / `Version=`. */
function cluesOfRequestLine(t: string, line: number): PageClue[] {
  const out: PageClue[] = [];
  const host = HOST.exec(t)?.[1];
  const label = host === undefined ? undefined : endpointLabel(host);
  if (host !== undefined && label !== undefined) out.push({ kind: "endpoint", product: label, evidence: host, line });
  const action = ACTION.exec(t)?.[1];
  const version = VERSION.exec(t)?.[1];
  if (action === undefined && version === undefined) return out;
  const clue: PageClue = { kind: "request", evidence: t, line };
  if (action !== undefined) clue.operation = action;
  if (version !== undefined) clue.version = version;
  return [...out, clue];
}

/** Clues of the request lines: endpoint host, `Action=` and `Version=` of sample requests, `Host:` headers. */
export function requestClues(lines: readonly PageLine[]): PageClue[] {
  return lines.flatMap((l) => (isRequestLine(l.text.trim()) ? cluesOfRequestLine(l.text.trim(), l.n) : []));
}

/** Operation names the summary calls (`调用DescribeLiveDomainLimit…`), in the lines before the first section. */
export function sentenceClues(preamble: readonly PageLine[]): PageClue[] {
  const out: PageClue[] = [];
  for (const l of preamble) {
    const m = CALL_SENTENCE.exec(l.text);
    if (m !== null) out.push({ kind: "text", operation: m[1] ?? "", evidence: m[0], line: l.n });
  }
  return out;
}

const OPERATION_NAME = /^([A-Z][a-z]+[A-Z][A-Za-z0-9]*)$/;

/**
 * The value of the `Action` row of an RPC request table ("Action | String | Yes | DescribeRegions |",
 * "Action String 系统规定参数。取值:DescribeCdnDomainDetail"): the operation's name as the page states it.
 */
export function actionRowClue(lines: readonly PageLine[]): PageClue | undefined {
  for (const [i, l] of lines.entries()) {
    if (!/^\|?\s*Action\b(?!:)/.test(l.text.trim())) continue;
    const window = lines.slice(i, i + 8).map((x) => x.text);
    for (const [j, text] of window.entries()) {
      for (const word of text.split(/[\s|:：,，。.]+/)) {
        if (!OPERATION_NAME.test(word)) continue;
        return { kind: "request", operation: word, evidence: `Action ${word}`, line: (lines[i + j] ?? l).n };
      }
    }
  }
  return undefined;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const NAME_PATTERNS = new Map<readonly string[], RegExp>();

/** One regular expression for all the names, longest first; ASCII names stand as words. */
function namesPattern(names: readonly string[]): RegExp {
  const cached = NAME_PATTERNS.get(names);
  if (cached !== undefined) return cached;
  const alternatives = [...names]
    .sort((a, b) => b.length - a.length)
    .map((n) => (/^[\x20-\x7e]+$/.test(n) ? `(?<![A-Za-z0-9])${escapeRegExp(n)}(?![A-Za-z0-9])` : escapeRegExp(n)));
  const re = new RegExp(alternatives.join("|"), "g");
  NAME_PATTERNS.set(names, re);
  return re;
}

/** Product names of `names` that the page's text mentions, first mention of each. */
export function productNameClues(lines: readonly PageLine[], names: readonly string[]): PageClue[] {
  const text = lines.map((l) => l.text).join("\n");
  const line = lineAt(lines);
  const out: PageClue[] = [];
  const seen = new Set<string>();
  for (const m of text.matchAll(namesPattern(names))) {
    if (seen.has(m[0])) continue;
    seen.add(m[0]);
    out.push({ kind: "text", product: m[0], evidence: m[0], line: line(m.index) });
  }
  return out;
}
