import type { XQpsLimitOverflow, XQpsLimitScope } from "../openapi/extensions.ts";
import { NUMBER_PATTERN, parseNumberWord, secondsPerUnit } from "./number-words.ts";

/** The documented request-rate limit of an operation (`x-qps-limit*`). */
export interface QpsLimit {
  limit: number;
  scope?: XQpsLimitScope;
  overflow: XQpsLimitOverflow;
  /** The sentence it came from. */
  source: string;
}

/**
 * Reads a "QPS limit" section: "You can call this operation up to 50 times per second per account.
 * Requests that exceed this limit are dropped …" → {limit: 50, scope: account, overflow: dropped}.
 * A limit per minute is converted to per second only when it divides evenly (else undefined: not a QPS).
 */
export function parseQpsLimit(text: string): QpsLimit | undefined {
  const flat = text.replace(/\s+/g, " ");
  const re = new RegExp(
    `(?:up to|at most|a maximum of|no more than)\\s+(${NUMBER_PATTERN})\\s+(?:times|calls|requests|queries)\\s+(?:per|each|every|a)\\s+(second|minute)(?:\\s+(?:per|for each)\\s+(account|user|api|api operation|operation|ip(?: address)?))?`,
    "i",
  );
  const m = re.exec(flat);
  if (m === null) return undefined;
  const count = parseNumberWord(m[1] ?? "");
  const per = secondsPerUnit(m[2] ?? "");
  if (count === undefined || per === undefined || count % per !== 0) return undefined;
  const scopeWord = (m[3] ?? "").toLowerCase();
  const scope: XQpsLimitScope | undefined =
    scopeWord === "account" || scopeWord === "user"
      ? "account"
      : scopeWord.startsWith("ip")
        ? "ip"
        : scopeWord !== ""
          ? "api"
          : undefined;
  const overflow: XQpsLimitOverflow = /\bdropped\b/i.test(flat)
    ? "dropped"
    : /\b(rejected|denied|throttled)\b/i.test(flat)
      ? "rejected"
      : "unspecified";
  const sentence = flat.slice(0, flat.indexOf(".", m.index) + 1 || undefined).slice(flat.lastIndexOf(".", m.index) + 1);
  const result: QpsLimit = { limit: count / per, overflow, source: sentence.trim() };
  if (scope !== undefined) result.scope = scope;
  return result;
}
