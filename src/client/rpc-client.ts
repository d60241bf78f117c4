/**
 * A signed client for RPC operations (one path, told apart by `Action` and `Version`) of any product: signature
 * V3 (`ACS3-HMAC-SHA256`) by default, as current SDKs send, or RPC signature v1 with `signature: "rpc-v1"`
 * (legacy SDKs) — docs/alibaba/acs3-signature.md, docs/alibaba/rpc-signature-v1.md. `call` takes the Action and
 * Version from the compiled operation, so any RPC operation of any spec can be called. Every call returns the
 * raw `Exchange`.
 */
import type { CompiledOperation } from "../openapi/compiled-spec.ts";
import type { XRpcStyle } from "../openapi/extensions.ts";
import { flattenRpcValue } from "../openapi/flatten-rpc-value.ts";
import { formatQuery } from "../signing/query-string.ts";
import { type RpcParams, signRpcV1 } from "../signing/rpc-v1.ts";
import type { Credentials } from "../signing/types.ts";
import { type CallOptions, CallRunner, type ClientRuntimeOptions } from "./call-runner.ts";
import type { Exchange } from "./exchange.ts";
import { signWithHeaders } from "./header-signers.ts";
import type { OperationInput } from "./operation-input.ts";
import type { HttpRequest } from "./transport.ts";

/**
 * A parameter value. Lists and objects travel as the official SDKs send them (docs/alibaba/rpc-parameters.md):
 * flattened to `Name.1`, `Name.1.Key`, `Name.Member`, or as one pair for a `json` or `simple` parameter.
 */
export type RpcParamValue =
  | string
  | number
  | boolean
  | readonly (RpcParamValue | null | undefined)[]
  | { readonly [member: string]: RpcParamValue | null | undefined };

/** Options of `RpcClient`. */
export interface RpcClientOptions extends ClientRuntimeOptions {
  /** Where to connect, e.g. `https://live.aliyuncs.com` or a mock's `http://127.0.0.1:PORT`. */
  baseUrl: string;
  /** The Host header (signed in V3): the product's endpoint. */
  host: string;
  credentials: Credentials;
  /** Default `acs3`. */
  signature?: "acs3" | "rpc-v1";
  /** The API version `callRpc` sends (`call` sends the operation's own). */
  version: string;
  userAgent?: string;
}

/** Per-call options of RPC calls. */
export interface RpcCallOptions extends CallOptions {
  /** Default GET with every parameter in the query; POST sends them as a form body. */
  method?: "GET" | "POST";
  /** Overrides the client's API version for this call. */
  version?: string;
  /** The `x-rpc-style` of parameters sent whole (`json`, `simple`); the others are flattened. */
  styles?: Readonly<Record<string, XRpcStyle | undefined>>;
}

/**
 * Parameters as the pairs the official SDKs send (`Events: ["a","b"]` → `Events.1=a&Events.2=b`,
 * `Tag: [{Key: "k"}]` → `Tag.1.Key=k`); `styles` names the parameters sent whole (`json`, `simple`).
 */
export function flattenRpcParams(
  params: Readonly<Record<string, RpcParamValue | undefined>>,
  styles: Readonly<Record<string, XRpcStyle | undefined>> = {},
): RpcParams {
  const out: RpcParams = {};
  for (const [name, value] of Object.entries(params))
    for (const [key, text] of flattenRpcValue(name, value, styles[name])) out[key] = text;
  return out;
}

/** The `x-rpc-style` of each parameter of `op` that has one. */
function stylesOf(op: CompiledOperation): Record<string, XRpcStyle> {
  const styles: Record<string, XRpcStyle> = {};
  for (const p of op.parameters) if (p.rpcStyle !== undefined) styles[p.name] = p.rpcStyle;
  return styles;
}

const FORM_TYPE = "application/x-www-form-urlencoded";

interface RpcRequest {
  action: string;
  version: string;
  params: RpcParams;
  method: "GET" | "POST";
}

/** Signed RPC client. */
export class RpcClient {
  readonly #runner: CallRunner;
  readonly #options: RpcClientOptions;

  constructor(options: RpcClientOptions) {
    this.#options = { ...options, baseUrl: options.baseUrl.replace(/\/+$/, "") };
    this.#runner = new CallRunner(options);
  }

  /**
   * Calls `op` with its Action and Version; its query inputs are the parameters (wire text, or lists and objects
   * sent in the parameter's `x-rpc-style`), POST as a form when it is a POST.
   */
  call(op: CompiledOperation, input: OperationInput = {}, options: CallOptions = {}): Promise<Exchange> {
    const action = op.rpc?.action ?? op.id;
    return this.callRpc(action, input.query ?? {}, {
      ...options,
      method: op.method === "post" ? "POST" : "GET",
      styles: stylesOf(op),
      ...(op.rpc === undefined ? {} : { version: op.rpc.version }),
    });
  }

  /** Any RPC action of the client's product. */
  callRpc(
    action: string,
    params: Readonly<Record<string, RpcParamValue | undefined>>,
    options: RpcCallOptions = {},
  ): Promise<Exchange> {
    const request: RpcRequest = {
      action,
      version: options.version ?? this.#options.version,
      params: flattenRpcParams(params, options.styles),
      method: options.method ?? "GET",
    };
    const build = this.#options.signature === "rpc-v1" ? () => this.#buildV1(request) : () => this.#buildV3(request);
    return this.#runner.run(build, options);
  }

  #baseHeaders(): Record<string, string> {
    const headers: Record<string, string> = { host: this.#options.host, accept: "application/json" };
    if (this.#options.userAgent) headers["user-agent"] = this.#options.userAgent;
    return headers;
  }

  #buildV3({ action, version, params, method }: RpcRequest): HttpRequest {
    const o = this.#options;
    const headers = this.#baseHeaders();
    const body = method === "POST" ? formatQuery(params) : undefined;
    const query = method === "POST" ? {} : params;
    if (body !== undefined) headers["content-type"] = FORM_TYPE;
    const added = signWithHeaders(
      "acs3-hmac-sha256",
      { method, path: "/", query, headers, ...(body === undefined ? {} : { body }) },
      {
        crypto: this.#runner.crypto,
        credentials: o.credentials,
        date: new Date(this.#runner.clock.wallMs()),
        action,
        version,
        region: "",
      },
    );
    const qs = formatQuery(query);
    return {
      method,
      url: `${o.baseUrl}/${qs ? `?${qs}` : ""}`,
      headers: { ...headers, ...added },
      ...(body === undefined ? {} : { body }),
    };
  }

  #buildV1({ action, version, params, method }: RpcRequest): HttpRequest {
    const o = this.#options;
    const signed = signRpcV1(
      this.#runner.crypto,
      { method, params: { ...params, Action: action, Version: version, Format: "JSON" } },
      o.credentials,
      { timestamp: new Date(this.#runner.clock.wallMs()), nonce: this.#runner.crypto.randomHex(16) },
    );
    const headers = this.#baseHeaders();
    if (method === "POST") {
      headers["content-type"] = FORM_TYPE;
      return { method, url: `${o.baseUrl}/`, headers, body: formatQuery(signed) };
    }
    return { method, url: `${o.baseUrl}/?${formatQuery(signed)}`, headers };
  }
}
