/**
 * The ApsaraVideo Live client (`live.aliyuncs.com`, version 2016-11-01): the generic `RpcClient` plus a typed
 * ListEventSubEvent, which the paging flow and the load scenarios call by name. Any other Live operation is
 * reached with `callRpc` or `call(op)`, as for every RPC product.
 */
import type { CallOptions } from "./call-runner.ts";
import type { Exchange } from "./exchange.ts";
import { type RpcCallOptions, RpcClient, type RpcClientOptions } from "./rpc-client.ts";
import { locateProduct, type Target } from "./target.ts";

export { flattenRpcParams, type RpcCallOptions, type RpcParamValue } from "./rpc-client.ts";

/** The Live API version (docs/alibaba/live-event-subscriptions.md). */
export const LIVE_API_VERSION = "2016-11-01";

/** Options of `LiveClient`: those of `RpcClient`, the version defaulting to Live's. */
export type LiveClientOptions = Omit<RpcClientOptions, "version"> & { version?: string };

/** ListEventSubEvent parameters. Times are epoch seconds. */
export interface ListEventSubEventParams {
  AppId: string;
  SubscribeId?: string;
  StartTime: number;
  EndTime: number;
  PageSize: number;
  PageNo: number;
}

/** Signed Live (RPC) client. */
export class LiveClient extends RpcClient {
  constructor(options: LiveClientOptions) {
    super({ ...options, version: options.version ?? LIVE_API_VERSION });
  }

  /** A client for a resolved target (the product `live` in use). */
  static forTarget(
    target: Target,
    options: Partial<Omit<LiveClientOptions, "baseUrl" | "host" | "credentials">> = {},
  ): LiveClient {
    const { url, host } = locateProduct(target, "live");
    return new LiveClient({ ...options, baseUrl: url, host, credentials: target.credentials });
  }

  /** `ListEventSubEvent`: one page of callback records. */
  listEventSubEvent(params: ListEventSubEventParams, options?: RpcCallOptions & CallOptions): Promise<Exchange> {
    return this.callRpc("ListEventSubEvent", { ...params }, options);
  }
}
