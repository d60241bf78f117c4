/**
 * The `x-rpc-style` of an RPC page's list or object parameter: what the page states about how it travels as
 * `name=value` pairs (docs/alibaba/rpc-parameters.md#styles). Rows named `Users.N`, `Tag.N.Key` or
 * `SystemDisk.Category` are a flattened list or object; a description that calls the value JSON, or an example that is JSON text, makes it `json`; an
 * array whose items the description says are separated by commas is `simple`; anything else gets the official
 * SDKs' default, flattened (`repeatList` for a list, `flat` for an object). Pure.
 */
import type { XRpcStyle } from "../openapi/extensions.ts";
import type { DocField } from "./parameter-model.ts";

const JSON_WORD = /\bjson\b/i;
const COMMAS = /separated by commas|comma-separated|commas? \(,\)|逗号|逗號/i;

/** True when the example cell is a JSON array or object (`["a","b"]`, `{"k":"v"}`). */
function isJsonText(example: string | undefined): boolean {
  const text = example?.trim() ?? "";
  if (!/^[[{]/.test(text)) return false;
  try {
    return typeof JSON.parse(text) === "object";
  } catch {
    return false;
  }
}

/**
 * The style of an RPC query parameter; `undefined` for a scalar. `flattened`: the page named its pairs
 * (`X.N`, `X.N.Key`, `X.Member`).
 */
export function rpcStyleOf(field: DocField, flattened: boolean): XRpcStyle | undefined {
  const kind = field.type.kind;
  if (kind !== "array" && kind !== "object") return undefined;
  if (!flattened && (JSON_WORD.test(field.description) || isJsonText(field.example))) return "json";
  if (kind === "array" && COMMAS.test(field.description)) return "simple";
  return kind === "array" ? "repeatList" : "flat";
}
