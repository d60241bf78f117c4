/**
 * The request the rate-limit scenario sends for an RPC operation of any loaded spec (issue 13): what to call
 * (Action, Version, the signature scheme the operation accepts), which parameters to send and with what values,
 * and whether the operation writes. Worked out once per plan from the spec document, so both engines send the
 * same request; only the target's settings and the time are filled in per request.
 *
 * Parameters: the required ones only (a rate test loads the operation, it does not explore it). A value is, in
 * order: the target's setting the product's contract data binds it to (Live `AppId` → `live.appId`,
 * src/products/live-product.ts), else a setting named like it (docs/spec-contract.md: an input named like a
 * product setting is the target's value), else the pair of an `x-time-window` (the last hour, on its granularity),
 * else the documented example when it fits the schema (the contract data may narrow it: ListEventSubEvent pages
 * 1..5), else the schema's default, first enum value or minimum. Action and Version are addressing, not inputs.
 *
 * Writes: `x-read-only`, else the name (src/products/read-only-name.ts); a write the product declares safe
 * (`contract.safeWrites`) counts as safe. The scenario refuses an unsafe write against a real account unless the
 * user opted in, and a write that creates (Create…, Add…: one resource per admitted request, thousands in a run)
 * always: it could not delete them afterwards (rate-limit.scenario.ts).
 */
import type { XTimeWindow } from "../../src/openapi/extensions.ts";
import { isJsonObject } from "../../src/openapi/is-json-object.ts";
import { readXReadOnly, readXSignatureSchemes, readXTimeWindow } from "../../src/openapi/read-extensions.ts";
import type { InputRule, ProductContract } from "../../src/products/product-contract.ts";
import type { ProductSettings } from "../../src/products/product-definition.ts";
import { hasReadOnlyName } from "../../src/products/read-only-name.ts";
import { productForDocument } from "../../src/products/registry.ts";
import { findSpecOperation } from "./spec-operation.ts";

type Json = Readonly<Record<string, unknown>>;

/** How a real account sees the operation. */
export interface OperationAccess {
  kind: "read-only" | "safe-write" | "write";
  reason: string;
  /** A write named like one that makes something (Create…, Add…): one new resource per admitted request. */
  creates: boolean;
}

/** Name prefixes of operations that make a resource (Alibaba Cloud's API naming). */
const CREATING_PREFIXES = ["Create", "Add", "Allocate", "Run", "Clone", "Copy", "Import", "Purchase"];

function hasCreatingName(id: string): boolean {
  return CREATING_PREFIXES.some((p) => id.startsWith(p) && /[A-Z]/.test(id[p.length] ?? ""));
}

/** One RPC operation as the scenario calls it. */
export interface OperationCall {
  productId: string;
  operationId: string;
  action: string;
  version: string;
  /** RPC signature v1 when the operation accepts it (what the scenario always sent), else V3. */
  scheme: "rpc-v1" | "acs3";
  access: OperationAccess;
  /** Parameters with a value of their own. */
  fixed: Readonly<Record<string, string>>;
  /** Parameters taking a target setting: parameter → setting key. */
  bound: Readonly<Record<string, string>>;
  timeWindow?: XTimeWindow;
}

/** Follows a local `$ref` (`#/components/parameters/X`). */
function deref(document: Json, node: unknown): unknown {
  if (!isJsonObject(node) || typeof node.$ref !== "string" || !node.$ref.startsWith("#/")) return node;
  let at: unknown = document;
  for (const part of node.$ref.slice(2).split("/")) at = isJsonObject(at) ? at[part] : undefined;
  return at;
}

/** The signature scheme to sign with: the operation's own list, else the document's. */
function schemeOf(document: Json, op: Json, where: string): OperationCall["scheme"] {
  const schemes = readXSignatureSchemes(op, where) ?? readXSignatureSchemes(document, "the spec") ?? ["rpc-v1"];
  if (schemes.includes("rpc-v1")) return "rpc-v1";
  if (schemes.includes("acs3-hmac-sha256")) return "acs3";
  throw new RangeError(`${where} is signed with ${schemes.join(", ")}; the rate-limit scenario signs RPC v1 or V3`);
}

/** Read-only, declared safe, or a write (see the module comment). */
export function accessOf(op: Json, operationId: string, contract: ProductContract, where: string): OperationAccess {
  const readOnly = readXReadOnly(op, where);
  if (readOnly === true) return { kind: "read-only", reason: "x-read-only: true", creates: false };
  if (readOnly === undefined && hasReadOnlyName(operationId))
    return { kind: "read-only", reason: "its name is one of a read-only operation", creates: false };
  const creates = hasCreatingName(operationId);
  const safe = contract.safeWrites[operationId];
  if (safe !== undefined) return { kind: "safe-write", reason: safe, creates };
  const reason = readOnly === false ? "x-read-only: false" : "its name is not one of a read-only operation";
  return { kind: "write", reason, creates };
}

/** The schema value that fits: the example when it does, else default, first enum value, minimum, a plain value. */
export function pickValue(schema: Json, example: unknown): string {
  if (example !== undefined && fits(schema, example)) return String(example);
  if (schema.default !== undefined) return String(schema.default);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return String(schema.enum[0]);
  if (typeof schema.minimum === "number") return String(schema.minimum);
  if (schema.type === "integer" || schema.type === "number") return "1";
  if (schema.type === "boolean") return "false";
  return "specgate";
}

function fits(schema: Json, value: unknown): boolean {
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return false;
  if (schema.type === "integer" || schema.type === "number") {
    const n = Number(value);
    if (!Number.isFinite(n) || (schema.type === "integer" && !Number.isInteger(n))) return false;
    if (typeof schema.minimum === "number" && n < schema.minimum) return false;
    return !(typeof schema.maximum === "number" && n > schema.maximum);
  }
  return typeof value === "string" || typeof value === "boolean" || typeof value === "number";
}

/** The setting key a parameter is bound to: the contract's `bind` (a setting, or a `setting` resource), or its name. */
function boundSetting(name: string, rule: InputRule | undefined, contract: ProductContract, keys: readonly string[]) {
  const bind = rule?.bind;
  if (bind !== undefined) {
    const resource = contract.resources[bind];
    if (resource === undefined) return keys.includes(bind) ? bind : undefined;
    return resource.kind === "setting" ? resource.key : null;
  }
  return keys.find((k) => k.toLowerCase() === name.toLowerCase());
}

interface ParamPlan {
  fixed: Record<string, string>;
  bound: Record<string, string>;
}

/** Adds one parameter to the plan (or leaves it out), or throws naming why it cannot be sent. */
function planParameter(
  plan: ParamPlan,
  p: Json,
  rule: InputRule | undefined,
  ctx: { contract: ProductContract; keys: readonly string[]; where: string },
): void {
  const name = String(p.name);
  // Optional parameters stay out (the contract data's `omit` is about optional ones, so it changes nothing here).
  if (p.required !== true) return;
  const setting = boundSetting(name, rule, ctx.contract, ctx.keys);
  if (setting === null)
    throw new RangeError(
      `${ctx.where} needs ${name}, a resource the product's contract data creates for contract cases; the rate-limit scenario sends only values it can name (settings, examples)`,
    );
  if (setting !== undefined) plan.bound[name] = setting;
  else plan.fixed[name] = pickValue(rule?.schema ?? (isJsonObject(p.schema) ? p.schema : {}), p.example);
}

/** The call of `operationId` in the spec `document` (a RangeError names why it cannot be loaded). */
export function operationCall(document: Json, productId: string, operationId: string): OperationCall {
  const where = `${productId} ${operationId}`;
  const op = findSpecOperation(document, operationId);
  const rpc = op["x-rpc"];
  if (!isJsonObject(rpc) || typeof rpc.action !== "string" || typeof rpc.version !== "string")
    throw new RangeError(`${where} is not an RPC operation (no x-rpc); the rate-limit scenario loads RPC operations`);
  if (op.requestBody !== undefined)
    throw new RangeError(`${where} takes a request body; the rate-limit scenario sends query parameters only`);
  const product = productForDocument(document);
  const contract = product.contract;
  const rules = { ...contract.defaults.inputs, ...contract.operations[operationId]?.inputs };
  const timeWindow = readXTimeWindow(op, where);
  const ctx = { contract, keys: product.settings.map((s) => s.key), where };
  const plan: ParamPlan = { fixed: {}, bound: {} };
  for (const raw of Array.isArray(op.parameters) ? op.parameters : []) {
    const p = deref(document, raw);
    if (!isJsonObject(p) || p.in !== "query" || p.name === "Action" || p.name === "Version") continue;
    if (p.name === timeWindow?.start || p.name === timeWindow?.end) continue;
    planParameter(plan, p, rules[`query.${String(p.name)}`], ctx);
  }
  return {
    productId,
    operationId,
    action: rpc.action,
    version: rpc.version,
    scheme: schemeOf(document, op, where),
    access: accessOf(op, operationId, contract, where),
    ...plan,
    ...(timeWindow === undefined ? {} : { timeWindow }),
  };
}

/** An hour, or the window's longest span or age when shorter. */
const TIME_SPAN_SECONDS = 3600;

/** The parameters of one request at wall time `wallMs`, with the target's `settings` of the call's product. */
export function callParams(call: OperationCall, settings: ProductSettings, wallMs: number): Record<string, string> {
  const out: Record<string, string> = { ...call.fixed };
  for (const [name, key] of Object.entries(call.bound)) out[name] = settings[key] ?? "";
  const tw = call.timeWindow;
  if (tw !== undefined) {
    // The last hour, both ends on the window's granularity (ListEventSubEvent: whole minutes).
    const step = tw.granularitySeconds ?? 1;
    const end = Math.floor(wallMs / 1000 / step) * step;
    const span = Math.min(
      TIME_SPAN_SECONDS,
      tw.maxSpanSeconds ?? TIME_SPAN_SECONDS,
      tw.maxAgeSeconds ?? TIME_SPAN_SECONDS,
    );
    out[tw.start] = String(end - Math.floor(span / step) * step);
    out[tw.end] = String(end);
  }
  return out;
}
