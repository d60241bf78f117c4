/**
 * An RPC parameter's value as the `name=value` pairs the official SDKs send (docs/alibaba/rpc-parameters.md):
 * lists and objects flattened (`Users.1=a`, `Tag.1.Key=k`, nulls skipped with the numbers after them kept), or
 * serialised into one pair for the `json` and `simple` styles. The signed clients and the contract cases encode
 * with this function; the mock reads the pairs back with gather-rpc-value.ts. Pure, no imports at run time.
 */
import type { XRpcStyle } from "./extensions.ts";

/** One `name=value` pair, as sent. */
export type RpcPair = [name: string, value: string];

/** Appends the pairs of `value` under `prefix` (SDK `flatMap`/`replaceRepeatList`, docs/alibaba/rpc-parameters.md#flattening). */
function flatten(prefix: string, value: unknown, out: RpcPair[]): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) flatten(`${prefix}.${i + 1}`, value[i], out);
    return;
  }
  if (typeof value === "object") {
    for (const [key, member] of Object.entries(value)) flatten(`${prefix}.${key}`, member, out);
    return;
  }
  out.push([prefix, String(value)]);
}

/**
 * The pairs of parameter `name` holding `value` (docs/alibaba/rpc-parameters.md#styles). Without a style, lists
 * and objects are flattened, the SDK's default. A string given for a `json` parameter is taken as its JSON text.
 */
export function flattenRpcValue(name: string, value: unknown, style?: XRpcStyle): RpcPair[] {
  if (value === undefined || value === null) return [];
  if (style === "json") return [[name, typeof value === "string" ? value : JSON.stringify(value)]];
  if (style === "simple") return [[name, Array.isArray(value) ? value.map(String).join(",") : String(value)]];
  const out: RpcPair[] = [];
  flatten(name, value, out);
  return out;
}
