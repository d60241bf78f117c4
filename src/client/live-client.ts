/**
 * A signed client for ApsaraVideo Live RPC operations (`live.aliyuncs.com`, version 2016-11-01):
 * signature V3 (`ACS3-HMAC-SHA256`) by default, as current SDKs send
 * (docs/alibaba/sdk-observations.md#which-rpc-signature-the-sdks-send), or RPC signature v1 with `signature: "rpc-v1"`
 * (legacy SDKs). Every call returns the raw `Exchange`.
 */
import { signAcs3 } from "../signing/acs3.ts";
import { formatQuery } from "../signing/query-string.ts";
import { type RpcParams, signRpcV1 } from "../signing/rpc-v1.ts";
import type { Credentials } from "../signing/types.ts";
import { type CallOptions, CallRunner, type ClientRuntimeOptions } from "./call-runner.ts";
import type { Exchange } from "./exchange.ts";
import { locateLive, type Target } from "./target.ts";
import type { HttpRequest } from "./transport.ts";

/** The Live API version (docs/alibaba/live-event-subscriptions.md#operations). */
export const LIVE_API_VERSION = "2016-11-01";

/**
 * A parameter value; arrays are flattened to `Name.1`, `Name.2`, …
 * (docs/alibaba/rpc-signature-v1.md#parameters-and-bodies).
 */
export type RpcParamValue = string | number | boolean | readonly (string | number | boolean)[];

/** Options of `LiveClient`. */
export interface LiveClientOptions extends ClientRuntimeOptions {
  /** Where to connect, e.g. `https://live.aliyuncs.com` or a mock's `http://127.0.0.1:PORT`. */
  baseUrl: string;
  /** The Host header (signed in V3): the Live endpoint. */
  host: string;
  credentials: Credentials;
  /** Default `acs3`. */
  signature?: "acs3" | "rpc-v1";
  version?: string;
  userAgent?: string;
}

/** ListEventSubEvent parameters (docs/alibaba/live-event-subscriptions.md#operations). Times are epoch seconds. */
export interface ListEventSubEventParams {
  AppId: string;
  SubscribeId?: string;
  StartTime: number;
  EndTime: number;
  PageSize: number;
  PageNo: number;
}

/** Per-call options of RPC calls. */
export interface RpcCallOptions extends CallOptions {
  /** Default GET with every parameter in the query; POST sends them as a form body. */
  method?: "GET" | "POST";
}

/** Flattens parameters to strings (`Events: ["a","b"]` → `Events.1=a&Events.2=b`). */
export function flattenRpcParams(params: Readonly<Record<string, RpcParamValue | undefined>>): RpcParams {
  const out: RpcParams = {};
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) {
      v.forEach((item, i) => {
        out[`${k}.${i + 1}`] = String(item);
      });
    } else out[k] = String(v);
  }
  return out;
}

const FORM_TYPE = "application/x-www-form-urlencoded";

/** Signed Live (RPC) client. */
export class LiveClient {
  readonly #runner: CallRunner;
  readonly #options: LiveClientOptions;

  constructor(options: LiveClientOptions) {
    this.#options = { ...options, baseUrl: options.baseUrl.replace(/\/+$/, "") };
    this.#runner = new CallRunner(options);
  }

  /** A client for a resolved target. */
  static forTarget(
    target: Target,
    options: Partial<Omit<LiveClientOptions, "baseUrl" | "host" | "credentials">> = {},
  ): LiveClient {
    const { url, host } = locateLive(target);
    return new LiveClient({ ...options, baseUrl: url, host, credentials: target.credentials });
  }

  /** `ListEventSubEvent`: one page of callback records. */
  listEventSubEvent(params: ListEventSubEventParams, options?: RpcCallOptions): Promise<Exchange> {
    return this.callRpc("ListEventSubEvent", { ...params }, options);
  }

  /** Any Live RPC action. */
  callRpc(
    action: string,
    params: Readonly<Record<string, RpcParamValue | undefined>>,
    options: RpcCallOptions = {},
  ): Promise<Exchange> {
    const flat = flattenRpcParams(params);
    const method = options.method ?? "GET";
    const build =
      this.#options.signature === "rpc-v1"
        ? () => this.#buildV1(action, flat, method)
        : () => this.#buildV3(action, flat, method);
    return this.#runner.run(build, options);
  }

  #baseHeaders(): Record<string, string> {
    const headers: Record<string, string> = { host: this.#options.host, accept: "application/json" };
    if (this.#options.userAgent) headers["user-agent"] = this.#options.userAgent;
    return headers;
  }

  #buildV3(action: string, params: RpcParams, method: "GET" | "POST"): HttpRequest {
    const o = this.#options;
    const headers = this.#baseHeaders();
    const body = method === "POST" ? formatQuery(params) : undefined;
    const query = method === "POST" ? {} : params;
    if (body !== undefined) headers["content-type"] = FORM_TYPE;
    const added = signAcs3(
      this.#runner.crypto,
      { method, path: "/", query, headers, ...(body === undefined ? {} : { body }) },
      o.credentials,
      {
        action,
        version: o.version ?? LIVE_API_VERSION,
        date: new Date(this.#runner.clock.wallMs()),
        nonce: this.#runner.crypto.randomHex(16),
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

  #buildV1(action: string, params: RpcParams, method: "GET" | "POST"): HttpRequest {
    const o = this.#options;
    const signed = signRpcV1(
      this.#runner.crypto,
      { method, params: { ...params, Action: action, Version: o.version ?? LIVE_API_VERSION, Format: "JSON" } },
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
