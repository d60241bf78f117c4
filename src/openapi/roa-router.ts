/**
 * ROA routing with matchers precompiled from the OpenAPI path templates.
 * Per request: one `split("/")`, a lookup by method and segment count, and a walk over a handful of
 * candidates already sorted by specificity. No RegExp is created and nothing is sorted per request.
 *
 * Precedence (decided once, at compile time): more literal segments first (OpenAPI 3.1.0 §4.8.8:
 * concrete paths match before templated ones), then operations with more fixed-query pairs, so that
 * `…/{consumerGroup}?type=heartbeat` is tried before a plain `…/{consumerGroup}`. An operation with a
 * fixed query never matches a request without it.
 */

type Segment = { kind: "literal"; text: string } | { kind: "param"; name: string; prefix: string; suffix: string };

interface Route<T> {
  value: T;
  segments: readonly Segment[];
  fixedQuery: readonly (readonly [string, string])[];
  literalCount: number;
}

/** A successful match: the routed value and the URI-decoded path parameters. */
export interface RouteMatch<T> {
  operation: T;
  pathParams: Record<string, string>;
}

/** Splits a path template such as `/logstores/{logstore}/consumergroups` into segments; throws `Error` on bad syntax. */
export function compilePathTemplate(template: string): Segment[] {
  if (!template.startsWith("/")) throw new Error(`path '${template}' must start with '/'`);
  return template.split("/").map((seg): Segment => {
    const open = seg.indexOf("{");
    if (open === -1) {
      if (seg.includes("}")) throw new Error(`path '${template}' has an unbalanced '}' in segment '${seg}'`);
      return { kind: "literal", text: seg };
    }
    const close = seg.indexOf("}", open);
    if (close === -1 || seg.indexOf("{", open + 1) !== -1 || seg.indexOf("}", close + 1) !== -1)
      throw new Error(`path '${template}': segment '${seg}' must hold exactly one {parameter}`);
    const name = seg.slice(open + 1, close);
    if (name === "") throw new Error(`path '${template}' has an empty parameter name`);
    return { kind: "param", name, prefix: seg.slice(0, open), suffix: seg.slice(close + 1) };
  });
}

function decodeSegment(raw: string): string | undefined {
  if (!raw.includes("%")) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined; // malformed %-escape: no match rather than a throw (the server answers 404/400)
  }
}

function queryHas(query: Readonly<Record<string, string | string[] | undefined>>, key: string, value: string): boolean {
  const v = query[key];
  return typeof v === "string" ? v === value : Array.isArray(v) && v.length === 1 && v[0] === value;
}

/** Method- and length-indexed route table; build with `add`, then `seal` once before matching. */
export class RoaRouter<T> {
  readonly #byMethod = new Map<string, Map<number, Route<T>[]>>();
  /** Every route regardless of method, for `pathExists` (404 vs 405). */
  readonly #anyMethod = new Map<number, Route<T>[]>();
  #sealed = false;

  /** Adds a route. `method` is case-insensitive. */
  add(method: string, template: string, fixedQuery: Readonly<Record<string, string>>, value: T): void {
    if (this.#sealed) throw new Error("RoaRouter is sealed");
    const segments = compilePathTemplate(template);
    const route: Route<T> = {
      value,
      segments,
      fixedQuery: Object.entries(fixedQuery),
      literalCount: segments.filter((s) => s.kind === "literal").length,
    };
    for (const m of new Set([method.toLowerCase(), method.toUpperCase()])) {
      let byLength = this.#byMethod.get(m);
      if (byLength === undefined) {
        byLength = new Map();
        this.#byMethod.set(m, byLength);
      }
      push(byLength, segments.length, route);
    }
    push(this.#anyMethod, segments.length, route);
  }

  /** Sorts every bucket by precedence; call once after the last `add`. */
  seal(): void {
    const order = (a: Route<T>, b: Route<T>) =>
      b.literalCount - a.literalCount || b.fixedQuery.length - a.fixedQuery.length;
    for (const byLength of this.#byMethod.values()) for (const list of byLength.values()) list.sort(order);
    for (const list of this.#anyMethod.values()) list.sort(order);
    this.#sealed = true;
  }

  /** Finds the route for a request; `path` is the URL path (a `?query` suffix is ignored). */
  match(
    method: string,
    path: string,
    query: Readonly<Record<string, string | string[] | undefined>>,
  ): RouteMatch<T> | undefined {
    const byLength = this.#byMethod.get(method) ?? this.#byMethod.get(method.toLowerCase());
    if (byLength === undefined) return undefined;
    const parts = splitPath(path);
    if (parts === undefined) return undefined;
    const candidates = byLength.get(parts.length);
    if (candidates === undefined) return undefined;
    for (const route of candidates) {
      let fixedOk = true;
      for (const [k, v] of route.fixedQuery)
        if (!queryHas(query, k, v)) {
          fixedOk = false;
          break;
        }
      if (!fixedOk) continue;
      const params = matchSegments(route.segments, parts);
      if (params !== undefined) return { operation: route.value, pathParams: params };
    }
    return undefined;
  }

  /** True if any route (any method, fixed query ignored) matches this path. */
  pathExists(path: string): boolean {
    const parts = splitPath(path);
    if (parts === undefined) return false;
    const candidates = this.#anyMethod.get(parts.length);
    if (candidates === undefined) return false;
    for (const route of candidates) if (matchSegments(route.segments, parts) !== undefined) return true;
    return false;
  }
}

function push<T>(map: Map<number, Route<T>[]>, key: number, route: Route<T>): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [route]);
  else list.push(route);
}

function splitPath(path: string): string[] | undefined {
  const q = path.indexOf("?");
  const p = q === -1 ? path : path.slice(0, q);
  return p.startsWith("/") ? p.split("/") : undefined;
}

function matchSegments(segments: readonly Segment[], parts: readonly string[]): Record<string, string> | undefined {
  let params: Record<string, string> | undefined;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i] as Segment;
    const part = parts[i] as string;
    if (seg.kind === "literal") {
      if (seg.text !== part) return undefined;
      continue;
    }
    if (part.length <= seg.prefix.length + seg.suffix.length) return undefined; // parameters are non-empty
    if (!part.startsWith(seg.prefix) || !part.endsWith(seg.suffix)) return undefined;
    const decoded = decodeSegment(part.slice(seg.prefix.length, part.length - seg.suffix.length));
    if (decoded === undefined) return undefined;
    params ??= {};
    params[seg.name] = decoded;
  }
  return params ?? {};
}
