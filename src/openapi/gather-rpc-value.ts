/**
 * The reverse of flatten-rpc-value.ts, for the mock: the `Name.1`, `Name.1.Key`, `Name.Member` pairs of a request
 * gathered back into the list or object a `repeatList` or `flat` parameter documents, before validation
 * (docs/alibaba/rpc-parameters.md#reading-flattened-parameters). The shape comes from the parameter's schema,
 * compiled once; each scalar at its end is coerced like any query value (compile-coercer.ts). A list's items are
 * read in the order of their numbers and a gap closes up, so a hostile `Name.999999999` is one item, never a
 * billion-slot array; the pairs of one request are counted before any is read (docs/mock-limits.md#request-size).
 * Undeclared object members are kept as strings: the schema, not the gathering, decides whether they may be there.
 */
import { COERCION_FAILED, type Coercer, compileCoercer, scalarKind } from "./compile-coercer.ts";
import { isJsonObject as isObj } from "./is-json-object.ts";
import { resolveLocalRef } from "./resolve-local-ref.ts";

/** The most pairs the flattened parameters of one request may send together (docs/mock-limits.md#request-size). */
export const MAX_FLATTENED_PAIRS = 20_000;

/** A list item's number: 1 to 999 999 999, as the SDKs write it (no sign, no leading zero). */
const INDEX = /^[1-9][0-9]{0,8}$/;
/** Nesting deeper than this (or a recursive schema) is read as free-form members. */
const MAX_DEPTH = 8;

/** A wire value: one string, or several when the name was sent more than once. */
type Raw = string | readonly string[];

/** One pair of the request: its full name (`Tag.1.Key`) and value. */
export type FlattenedPair = readonly [name: string, raw: Raw];

type Shape =
  | { kind: "list"; item: Shape }
  | { kind: "object"; members: ReadonlyMap<string, Shape> }
  | { kind: "free" }
  | { kind: "leaf"; coerce: Coercer };

const FREE: Shape = { kind: "free" };

interface Node {
  shape: Shape;
  raw?: Raw;
  children?: Map<string, Node>;
}

/** The gathered value, or the first pair that does not fit the documented shape and why. */
export type Gathered = { ok: true; value: unknown } | { ok: false; pair: string; reason: string };

/** Gathers the pairs of one parameter (their names all start with `<name>.`). */
export type Gatherer = (name: string, pairs: readonly FlattenedPair[]) => Gathered;

function resolve(doc: unknown, schema: unknown): Readonly<Record<string, unknown>> {
  try {
    const s = resolveLocalRef(doc, schema);
    return isObj(s) ? s : {};
  } catch {
    return {}; // compile-parameters reports a bad $ref of the parameter itself; a nested one is read as free-form
  }
}

function compileShape(doc: unknown, schema: unknown, depth: number): Shape {
  if (depth > MAX_DEPTH) return FREE;
  const s = resolve(doc, schema);
  const kind = scalarKind(s);
  if (kind === "array")
    return { kind: "list", item: s.items === undefined ? FREE : compileShape(doc, s.items, depth + 1) };
  if (kind === "object") {
    const members = new Map<string, Shape>();
    if (isObj(s.properties))
      for (const [name, member] of Object.entries(s.properties))
        members.set(name, compileShape(doc, member, depth + 1));
    return { kind: "object", members };
  }
  return { kind: "leaf", coerce: compileCoercer(s) };
}

/** The shape one more name segment leads to, or `undefined` when the documented shape has no place for it. */
function childShape(shape: Shape, segment: string): Shape | undefined {
  switch (shape.kind) {
    case "list":
      return INDEX.test(segment) ? shape.item : undefined;
    case "object":
      return shape.members.get(segment) ?? FREE;
    case "free":
      return FREE;
    default:
      return undefined;
  }
}

/** Puts one pair into the tree; returns why it does not fit, if it does not. */
function place(root: Node, segments: readonly string[], raw: Raw): string | undefined {
  let node = root;
  for (const segment of segments) {
    if (node.raw !== undefined) return "its parent was sent as a value of its own";
    const shape = childShape(node.shape, segment);
    if (shape === undefined)
      return node.shape.kind === "list"
        ? `'${segment}' is not an item number (1 to 999999999)`
        : "the value has no members";
    node.children ??= new Map();
    let child = node.children.get(segment);
    if (child === undefined) {
      child = { shape };
      node.children.set(segment, child);
    }
    node = child;
  }
  if (node.children !== undefined) return "it has members of its own";
  if (node.raw !== undefined) return "sent twice";
  node.raw = raw;
  return undefined;
}

type Built = { ok: true; value: unknown } | { ok: false; reason: string };

function buildLeaf(node: Node & { raw: Raw }): Built {
  const { shape, raw } = node;
  if (typeof raw !== "string") return { ok: false, reason: "sent twice" };
  if (shape.kind === "free") return { ok: true, value: raw };
  if (shape.kind === "list") return { ok: false, reason: "a list is sent as its items, not as one value" };
  if (shape.kind === "object") return { ok: false, reason: "an object is sent as its members, not as one value" };
  const value = shape.coerce(raw);
  return value === COERCION_FAILED ? { ok: false, reason: "not of the documented type" } : { ok: true, value };
}

/** The value of a subtree; `path` names the node in a refusal. */
function build(node: Node, path: string): Built & { path?: string } {
  if (node.raw !== undefined) {
    const leaf = buildLeaf(node as Node & { raw: Raw });
    return leaf.ok ? leaf : { ...leaf, path };
  }
  const children = [...(node.children ?? new Map<string, Node>())];
  if (node.shape.kind === "list") children.sort((a, b) => Number(a[0]) - Number(b[0]));
  const values: [string, unknown][] = [];
  for (const [segment, child] of children) {
    const built = build(child, `${path}.${segment}`);
    if (!built.ok) return built;
    values.push([segment, built.value]);
  }
  // Object.fromEntries defines own properties: a member named `__proto__` stays a member.
  return { ok: true, value: node.shape.kind === "list" ? values.map((v) => v[1]) : Object.fromEntries(values) };
}

/** Compiles the gatherer of a parameter whose (unresolved) schema is `schema`, in document `doc`. */
export function compileGatherer(doc: unknown, schema: unknown): Gatherer {
  const shape = compileShape(doc, schema, 0);
  return (name, pairs) => {
    const root: Node = { shape };
    for (const [pair, raw] of pairs) {
      const reason = place(root, pair.slice(name.length + 1).split("."), raw);
      if (reason !== undefined) return { ok: false, pair, reason };
    }
    const built = build(root, name);
    return built.ok ? built : { ok: false, pair: built.path ?? name, reason: built.reason };
  };
}

/** The pairs of each flattened parameter a request sends, or the parameter whose pairs pass the bound. */
export type CollectedPairs = { ok: true; pairs: Map<string, FlattenedPair[]> } | { ok: false; parameter: string };

/**
 * The pairs of `query` whose name starts with `<one of names>.`, by parameter, in the order sent; refused as soon as
 * they pass MAX_FLATTENED_PAIRS together (one pass over the names, nothing decoded).
 */
export function collectFlattenedPairs(
  query: Readonly<Record<string, Raw | undefined>>,
  names: ReadonlySet<string>,
): CollectedPairs {
  const pairs = new Map<string, FlattenedPair[]>();
  let count = 0;
  for (const key of Object.keys(query)) {
    const dot = key.indexOf(".");
    if (dot <= 0) continue;
    const base = key.slice(0, dot);
    const raw = query[key];
    if (!names.has(base) || raw === undefined) continue;
    if (++count > MAX_FLATTENED_PAIRS) return { ok: false, parameter: base };
    const list = pairs.get(base);
    if (list === undefined) pairs.set(base, [[key, raw]]);
    else list.push([key, raw]);
  }
  return { ok: true, pairs };
}
