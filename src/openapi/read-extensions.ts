/**
 * Typed, validated readers for specgate's `x-` extensions (src/openapi/extensions.ts).
 * A malformed extension is a SpecError naming the operation, the extension and the problem, so that a
 * bad overlay or docgen bug is found when the spec is compiled, not as a wrong limit at run time.
 */
import type {
  SignatureScheme,
  XApiStyle,
  XErrorCode,
  XFixedQuery,
  XProduct,
  XQpsLimitOverflow,
  XQpsLimitScope,
  XQpsLimitWindow,
  XRpc,
  XRpcStyle,
  XSource,
  XTimeWindow,
} from "./extensions.ts";
import { isJsonObject as isObj } from "./is-json-object.ts";
import { REGENERATE_HINT, SpecError } from "./spec-error.ts";

const SIGNATURE_SCHEMES: ReadonlySet<string> = new Set<SignatureScheme>([
  "sls-v1-hmac-sha1",
  "sls-v1-hmac-sha256",
  "sls-v4",
  "rpc-v1",
  "acs3-hmac-sha256",
]);
const QPS_SCOPES: ReadonlySet<string> = new Set<XQpsLimitScope>(["account", "api", "ip"]);
const QPS_WINDOWS: ReadonlySet<string> = new Set<XQpsLimitWindow>(["second", "minute"]);
const QPS_OVERFLOWS: ReadonlySet<string> = new Set<XQpsLimitOverflow>(["dropped", "rejected", "unspecified"]);
const RPC_STYLES: ReadonlySet<string> = new Set<XRpcStyle>(["repeatList", "flat", "json", "simple"]);

type Obj = Readonly<Record<string, unknown>>;

function fail(where: string, ext: string, problem: string): never {
  throw new SpecError(`${where} has a malformed ${ext}: ${problem}. ${REGENERATE_HINT}`);
}

function show(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}

function nonEmptyString(v: unknown, where: string, ext: string, field: string): string {
  if (typeof v !== "string" || v === "") fail(where, ext, `'${field}' must be a non-empty string (got ${show(v)})`);
  return v;
}

function positiveNumber(v: unknown, where: string, ext: string, field: string): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v <= 0)
    fail(where, ext, `'${field}' must be a positive number (got ${show(v)})`);
  return v;
}

/** Document level `x-product`; required in every specgate document. */
export function readXProduct(doc: Obj): XProduct {
  const v = doc["x-product"];
  const where = "the document";
  if (!isObj(v)) fail(where, "x-product", `expected an object {id, style, errorBody, version?} (got ${show(v)})`);
  const id = nonEmptyString(v.id, where, "x-product", "id");
  if (v.style !== "ROA" && v.style !== "RPC")
    fail(where, "x-product", `'style' must be "ROA" or "RPC" (got ${show(v.style)})`);
  if (v.errorBody !== "sls" && v.errorBody !== "rpc")
    fail(where, "x-product", `'errorBody' must be "sls" or "rpc" (got ${show(v.errorBody)})`);
  const product: XProduct = { id, style: v.style, errorBody: v.errorBody };
  if (v.version !== undefined) product.version = nonEmptyString(v.version, where, "x-product", "version");
  return product;
}

/** `x-signature-schemes` (document or operation level); `undefined` when absent. */
export function readXSignatureSchemes(node: Obj, where: string): SignatureScheme[] | undefined {
  const v = node["x-signature-schemes"];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length === 0)
    fail(where, "x-signature-schemes", `expected a non-empty array (got ${show(v)})`);
  for (const s of v)
    if (typeof s !== "string" || !SIGNATURE_SCHEMES.has(s))
      fail(where, "x-signature-schemes", `unknown scheme ${show(s)}; known: ${[...SIGNATURE_SCHEMES].join(", ")}`);
  return v as SignatureScheme[];
}

/** Operation `x-api-style`; `undefined` when absent. */
export function readXApiStyle(op: Obj, where: string): XApiStyle | undefined {
  const v = op["x-api-style"];
  if (v === undefined) return undefined;
  if (v !== "ROA" && v !== "RPC") fail(where, "x-api-style", `expected "ROA" or "RPC" (got ${show(v)})`);
  return v;
}

/** Operation `x-rpc`; `undefined` when absent. */
export function readXRpc(op: Obj, where: string): XRpc | undefined {
  const v = op["x-rpc"];
  if (v === undefined) return undefined;
  if (!isObj(v)) fail(where, "x-rpc", `expected {action, version} (got ${show(v)})`);
  return {
    action: nonEmptyString(v.action, where, "x-rpc", "action"),
    version: nonEmptyString(v.version, where, "x-rpc", "version"),
  };
}

/** Operation `x-fixed-query`; `undefined` when absent. */
export function readXFixedQuery(op: Obj, where: string): XFixedQuery | undefined {
  const v = op["x-fixed-query"];
  if (v === undefined) return undefined;
  if (!isObj(v)) fail(where, "x-fixed-query", `expected an object of string values (got ${show(v)})`);
  const out: XFixedQuery = {};
  for (const [k, val] of Object.entries(v)) {
    if (typeof val !== "string") fail(where, "x-fixed-query", `'${k}' must be a string (got ${show(val)})`);
    out[k] = val;
  }
  return out;
}

/** Operation `x-qps-limit` (requests per `x-qps-limit-window`); `undefined` when absent. */
export function readXQpsLimit(op: Obj, where: string): number | undefined {
  const v = op["x-qps-limit"];
  return v === undefined ? undefined : positiveNumber(v, where, "x-qps-limit", "x-qps-limit");
}

/** An extension whose value is one of `allowed`; `undefined` when absent. */
function readOneOf<T extends string>(op: Obj, where: string, ext: string, allowed: ReadonlySet<string>): T | undefined {
  const v = op[ext];
  if (v === undefined) return undefined;
  if (typeof v !== "string" || !allowed.has(v))
    fail(where, ext, `expected one of ${[...allowed].join(", ")} (got ${show(v)})`);
  return v as T;
}

/** Operation `x-qps-limit-scope`; `undefined` when absent. */
export function readXQpsLimitScope(op: Obj, where: string): XQpsLimitScope | undefined {
  return readOneOf<XQpsLimitScope>(op, where, "x-qps-limit-scope", QPS_SCOPES);
}

/** The length of each `x-qps-limit-window`, ms. */
export const QPS_WINDOW_MS: Readonly<Record<XQpsLimitWindow, number>> = { second: 1000, minute: 60_000 };

/** Operation `x-qps-limit-window`; "second" when absent (the meaning of documents that predate it). */
export function readXQpsLimitWindow(op: Obj, where: string): XQpsLimitWindow {
  return readOneOf<XQpsLimitWindow>(op, where, "x-qps-limit-window", QPS_WINDOWS) ?? "second";
}

/** Operation `x-qps-limit-overflow`; `undefined` when absent. */
export function readXQpsLimitOverflow(op: Obj, where: string): XQpsLimitOverflow | undefined {
  return readOneOf<XQpsLimitOverflow>(op, where, "x-qps-limit-overflow", QPS_OVERFLOWS);
}

/** Parameter `x-rpc-style`; `undefined` when absent. */
export function readXRpcStyle(parameter: Obj, where: string): XRpcStyle | undefined {
  return readOneOf<XRpcStyle>(parameter, where, "x-rpc-style", RPC_STYLES);
}

/** Operation `x-ram-action`; `undefined` when absent. */
export function readXRamAction(op: Obj, where: string): string | undefined {
  const v = op["x-ram-action"];
  return v === undefined ? undefined : nonEmptyString(v, where, "x-ram-action", "x-ram-action");
}

/** Operation `x-read-only`; `undefined` when absent. */
export function readXReadOnly(op: Obj, where: string): boolean | undefined {
  const v = op["x-read-only"];
  if (v === undefined || typeof v === "boolean") return v;
  return fail(where, "x-read-only", `expected true or false (got ${show(v)})`);
}

/** Operation `x-time-window`; `undefined` when absent. Start and end must name declared parameters (checked by the caller). */
export function readXTimeWindow(op: Obj, where: string): XTimeWindow | undefined {
  const v = op["x-time-window"];
  if (v === undefined) return undefined;
  const ext = "x-time-window";
  if (!isObj(v))
    fail(
      where,
      ext,
      `expected {start, end, maxSpanSeconds?, maxAgeSeconds?, granularitySeconds?, source} (got ${show(v)})`,
    );
  const tw: XTimeWindow = {
    start: nonEmptyString(v.start, where, ext, "start"),
    end: nonEmptyString(v.end, where, ext, "end"),
    source: [],
  };
  if (tw.start === tw.end) fail(where, ext, `'start' and 'end' name the same parameter '${tw.start}'`);
  for (const k of ["maxSpanSeconds", "maxAgeSeconds", "granularitySeconds"] as const)
    if (v[k] !== undefined) tw[k] = positiveNumber(v[k], where, ext, k);
  if (!Array.isArray(v.source) || v.source.some((s) => typeof s !== "string"))
    fail(where, ext, `'source' must be an array of the page's sentences (got ${show(v.source)})`);
  tw.source = [...(v.source as string[])];
  return tw;
}

/** Operation `x-error-codes`; `[]` when absent. */
export function readXErrorCodes(op: Obj, where: string): XErrorCode[] {
  const v = op["x-error-codes"];
  if (v === undefined) return [];
  const ext = "x-error-codes";
  if (!Array.isArray(v)) fail(where, ext, `expected an array of {status, code, message} (got ${show(v)})`);
  return v.map((e, i): XErrorCode => {
    if (!isObj(e)) fail(where, ext, `entry ${i} must be an object (got ${show(e)})`);
    if (typeof e.status !== "number" || !Number.isInteger(e.status) || e.status < 100 || e.status > 599)
      fail(where, ext, `entry ${i}: 'status' must be an HTTP status code (got ${show(e.status)})`);
    const code = nonEmptyString(e.code, where, ext, `[${i}].code`);
    if (typeof e.message !== "string")
      fail(where, ext, `entry ${i}: 'message' must be a string (got ${show(e.message)})`);
    const out: XErrorCode = { status: e.status, code, message: e.message };
    if (typeof e.description === "string") out.description = e.description;
    if (e.unconfirmed === true) out.unconfirmed = true;
    return out;
  });
}

/** Operation `x-source`; `undefined` when absent. */
export function readXSource(op: Obj, where: string): XSource | undefined {
  const v = op["x-source"];
  if (v === undefined) return undefined;
  if (!isObj(v)) fail(where, "x-source", `expected {page, inferredFromExample?} (got ${show(v)})`);
  const out: XSource = { page: nonEmptyString(v.page, where, "x-source", "page") };
  if (v.inferredFromExample === true) out.inferredFromExample = true;
  if (v.overlay !== undefined) out.overlay = nonEmptyString(v.overlay, where, "x-source", "overlay");
  return out;
}
