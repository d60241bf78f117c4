/**
 * The data a contract case is made of: what to send (with placeholders for run-time resources), and what
 * the answer must look like. Cases are generated purely from a CompiledSpec (generate-cases.ts); the
 * Playwright glue in contract-suite/ resolves the placeholders against the target and sends them.
 */
import type { RequestMistake } from "../products/request-error-codes.ts";

/**
 * A run-time resource a case may refer to, by name: a key of the product entry's `contract.resources` (a group
 * created for the case, a name that exists nowhere, a shard index — src/products/product-contract.ts) or one of
 * the product's target settings (`logstore`, `appId`). The contract run (contract-suite/) creates what a case
 * refers to before it runs and deletes it afterwards.
 */
export type ResourceName = string;

/** A placeholder for a run-time resource. */
export interface ResourceBinding {
  $bind: "resource";
  name: ResourceName;
  /** For an index resource (a shard): which one, modulo the resource's count. */
  index?: number;
}

/** A placeholder for an epoch-seconds time relative to when the case runs (time windows move with "now"). */
export interface TimeBinding {
  $bind: "time";
  offsetSeconds: number;
  /** Round down to a multiple of this many seconds (the window's granularity, e.g. 60). */
  align?: number;
}

/** A placeholder, resolved just before the request is sent. */
export type Binding = ResourceBinding | TimeBinding;

/** A query/path value: text as sent on the wire, or a placeholder. */
export type WireValue = string | Binding;

/**
 * An RPC list or object drawn for one parameter, as the pairs the official SDKs send it in
 * (`[["Tag.1.Key", "k"], …]`, docs/alibaba/rpc-parameters.md#flattening); `caseRequest` spreads them into the query.
 */
export interface WirePairs {
  $pairs: readonly (readonly [name: string, value: string])[];
}

/** What a draw holds for one input before it becomes a request: wire text, a placeholder, or RPC pairs. */
export type DrawnValue = WireValue | WirePairs;

/** True when `v` holds the pairs of a flattened RPC parameter. */
export function isWirePairs(v: unknown): v is WirePairs {
  return typeof v === "object" && v !== null && Array.isArray((v as { $pairs?: unknown }).$pairs);
}

/** How the request is signed: correctly, with a wrong secret, or with a timestamp 20 minutes old. */
export type AuthVariant = "valid" | "wrong-secret" | "expired";

/** The request of a case, before placeholders are resolved. */
export interface CaseRequest {
  path: Record<string, WireValue>;
  query: Record<string, WireValue>;
  /** JSON body (may contain placeholders anywhere); absent = no body. */
  body?: unknown;
  hasBody: boolean;
  auth: AuthVariant;
}

/** The negative categories, each derived from a spec constraint or a documented rule. */
export type NegativeCategory = RequestMistake | "unknown-resource";

/** What a negative case must get back: one of these statuses (all 4xx) with one of these error codes. */
export interface NegativeExpectation {
  category: NegativeCategory;
  statuses: number[];
  codes: string[];
  /** Where the expectation came from, for the failure message (e.g. "x-error-codes 400 InputInvalid"). */
  source: string;
}

/** One generated case. */
export interface CaseSpec {
  /** Stable within a seed: `<operationId>/<kind>/<n>`. */
  id: string;
  operationId: string;
  product: string;
  kind: "positive" | "negative";
  title: string;
  request: CaseRequest;
  /** Absent for positive cases (any documented 2xx whose body validates). */
  expect?: NegativeExpectation;
}

/** True when `v` is a placeholder object. */
export function isBinding(v: unknown): v is Binding {
  return (
    typeof v === "object" &&
    v !== null &&
    !Array.isArray(v) &&
    ((v as { $bind?: unknown }).$bind === "resource" || (v as { $bind?: unknown }).$bind === "time")
  );
}

/** The run-time values placeholders resolve to. */
export interface ResolvedResources {
  nowSeconds: number;
  /** The value of a named resource. */
  get(name: ResourceName): string;
  /** How many items an index resource has (the logstore's shards). */
  count(name: ResourceName): number;
}

/** Replaces every placeholder in `value` (deeply); shards and times become numbers, names strings. */
export function resolveBindings(value: unknown, resources: ResolvedResources): unknown {
  if (isBinding(value)) {
    if (value.$bind === "time") {
      const t = resources.nowSeconds + value.offsetSeconds;
      return value.align !== undefined && value.align > 1 ? Math.floor(t / value.align) * value.align : t;
    }
    if (value.index !== undefined) return value.index % Math.max(1, resources.count(value.name));
    return resources.get(value.name);
  }
  if (Array.isArray(value)) return value.map((v) => resolveBindings(v, resources));
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolveBindings(v, resources);
    return out;
  }
  return value;
}

/** Resolves a path/query record to wire text. */
export function resolveWireRecord(
  record: Readonly<Record<string, WireValue>>,
  resources: ResolvedResources,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record)) out[k] = String(resolveBindings(v, resources));
  return out;
}

/** The resources a case refers to: those whose value it sends, and the index resources whose count it needs. */
export interface CaseResourceNeeds {
  values: Set<ResourceName>;
  counts: Set<ResourceName>;
}

/** Every resource a case refers to (to know what to set up). */
export function listResources(request: CaseRequest): CaseResourceNeeds {
  const needs: CaseResourceNeeds = { values: new Set(), counts: new Set() };
  const walk = (v: unknown): void => {
    if (isBinding(v)) {
      if (v.$bind === "resource") (v.index === undefined ? needs.values : needs.counts).add(v.name);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === "object" && v !== null) Object.values(v).forEach(walk);
  };
  walk(request.path);
  walk(request.query);
  walk(request.body);
  return needs;
}
