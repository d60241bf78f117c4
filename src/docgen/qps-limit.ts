import type { XQpsLimitOverflow, XQpsLimitScope, XQpsLimitWindow } from "../openapi/extensions.ts";
import { parseNumberWord } from "./number-words.ts";

/** The documented request-rate limit of an operation (`x-qps-limit*`). */
export interface QpsLimit {
  /** Requests per window. */
  limit: number;
  window: XQpsLimitWindow;
  scope?: XQpsLimitScope;
  overflow: XQpsLimitOverflow;
  /** The sentence it came from. */
  source: string;
}

interface Found {
  count: string;
  unit: string;
  scope: string;
  index: number;
}

const NUMBER = "\\d[\\d,]*|[a-z]+(?:[\\s-][a-z]+){0,2}?";
const UNIT = "second|minute|sec|min|秒|分钟|分鐘";
const SCOPE = "account|user|api|api operation|operation|ip(?: address)?";

// The sentences of the pages, English and Chinese (the "QPS limit" section and, on older pages, the
// description): each pattern names its groups count, unit and (the scope words) scope.
const PATTERNS: readonly RegExp[] = [
  // "You can call this operation up to 50 times per second per account."
  new RegExp(
    `(?:up to|at most|a maximum of|no more than)\\s+(?<count>${NUMBER})\\s+(?:times|calls|requests|queries)\\s+(?:per|each|every|a)\\s+(?<unit>${UNIT})(?:\\s+(?:per|for each)\\s+(?<scope>${SCOPE}))?`,
    "gi",
  ),
  // "The maximum number of times that each user can call this operation per second is 30."
  new RegExp(
    `(?:each|per)\\s+(?<scope>${SCOPE})\\s+can call[^.]*?per\\s+(?<unit>${UNIT})\\s+is\\s+(?<count>${NUMBER})`,
    "gi",
  ),
  // "Per-user Call Rate: 10 requests/second." / "API Call Rate: 100 requests/second."
  new RegExp(
    `(?<scope>per-user|per-account|api)?\\s*call rate:\\s*(?<count>${NUMBER})\\s*(?:requests|times|calls)?\\s*/\\s*(?<unit>${UNIT})`,
    "gi",
  ),
  // "本接口的单用户QPS限制为5次/秒" / "單用戶QPS限制為10000次/分鐘"
  new RegExp(
    `(?<scope>单用户|單用戶|单个用户|單個用戶|单账号|單賬號)?\\s*QPS\\s*限制[为為是]\\s*(?<count>\\d[\\d,]*)\\s*次\\s*/\\s*(?<unit>${UNIT})`,
    "gi",
  ),
];

function found(m: RegExpExecArray): Found {
  const g = m.groups ?? {};
  return { count: g.count ?? "", unit: g.unit ?? "", scope: g.scope ?? "", index: m.index };
}

function scopeOf(words: string): XQpsLimitScope | undefined {
  const w = words.toLowerCase();
  if (/account|user|用户|用戶|账号|賬號/.test(w)) return "account";
  if (w.startsWith("ip")) return "ip";
  return w === "" ? undefined : "api";
}

function windowOf(unit: string): XQpsLimitWindow {
  return /^(minute|min|分钟|分鐘)$/i.test(unit) ? "minute" : "second";
}

function overflowOf(text: string): XQpsLimitOverflow {
  if (/\bdropped\b/i.test(text)) return "dropped";
  if (/\b(rejected|denied|throttled|throttling)\b|限流/i.test(text)) return "rejected";
  return "unspecified";
}

function sentenceAt(flat: string, index: number): string {
  const start = Math.max(flat.lastIndexOf(". ", index), flat.lastIndexOf("。", index)) + 1;
  const ends = [flat.indexOf(". ", index), flat.indexOf("。", index)].filter((e) => e >= 0);
  const end = ends.length === 0 ? flat.length : Math.min(...ends) + 1;
  return flat.slice(start, end).trim();
}

/**
 * Finds the request-rate limit in a page's prose, in English or Chinese, per second or per minute:
 * "up to 50 times per second per account. Requests that exceed this limit are dropped" → {limit: 50,
 * window: second, scope: account, overflow: dropped}; "单用户QPS限制为10000次/分钟" → {limit: 10000,
 * window: minute, scope: account}. A page that states several limits (per API and per user) gives the
 * per-account one: the one a single caller meets.
 */
export function findQpsLimit(text: string): QpsLimit | undefined {
  // Every pattern needs one of these words: most prose states no limit.
  if (!/times|requests|calls|queries|QPS|call rate/i.test(text)) return undefined;
  const flat = text.replace(/\s+/g, " ");
  const all: Found[] = [];
  for (const re of PATTERNS) for (const m of flat.matchAll(re)) all.push(found(m));
  const usable = all
    .map((f) => ({ f, count: parseNumberWord(f.count) }))
    .filter((x): x is { f: Found; count: number } => x.count !== undefined && x.count > 0)
    .sort((a, b) => a.f.index - b.f.index);
  const pick = usable.find((x) => scopeOf(x.f.scope) === "account") ?? usable[0];
  if (pick === undefined) return undefined;
  const result: QpsLimit = {
    limit: pick.count,
    window: windowOf(pick.f.unit),
    overflow: overflowOf(flat),
    source: sentenceAt(flat, pick.f.index),
  };
  const scope = scopeOf(pick.f.scope);
  if (scope !== undefined) result.scope = scope;
  return result;
}
