/**
 * A signed client for the SLS consumer-group APIs, with the wire format of the official TypeScript
 * SDK (`@alicloud/sls20201230`, docs/alibaba/sdk-observations.md#sls-sdk-heartbeat-on-the-wire,
 * docs/alibaba/sls-consumer-groups.md#operations): `Host: <project>.<endpoint>`,
 * `x-log-apiversion: 0.6.0`, `x-log-bodyrawsize`, uppercase-hex `content-md5`, `content-type:
 * application/json`, RFC 1123 `date`, `x-log-signaturemethod: hmac-sha256`, `Authorization: LOG id:sig`.
 * Every call returns the raw `Exchange`; HTTP errors do not throw.
 */
import type { SlsV1Algorithm } from "../signing/sls-v1.ts";
import type { Credentials } from "../signing/types.ts";
import type { CallOptions, ClientRuntimeOptions } from "./call-runner.ts";
import type { Exchange } from "./exchange.ts";
import { RoaClient } from "./roa-client.ts";
import { locateProduct, productTarget, type Target } from "./target.ts";

/** The SLS API version (`info.version` of specs/sls.openapi.json); `LOG` signing does not send it. */
const SLS_API_VERSION = "2020-12-30";

/** Options of `SlsClient`. */
export interface SlsClientOptions extends ClientRuntimeOptions {
  /** Where to connect, e.g. `https://my-project.cn-hangzhou.log.aliyuncs.com` or a mock's `http://127.0.0.1:PORT`. */
  baseUrl: string;
  /** The Host header: `<project>.<endpoint>` (the mock reads the project from its first label). */
  host: string;
  credentials: Credentials;
  /** `LOG` signature algorithm; default `hmac-sha256`, as the official TypeScript SDK signs. */
  algorithm?: SlsV1Algorithm;
  /** `sls-v4` signs with `SLS4-HMAC-SHA256` instead of `LOG` (then `region` is its credential scope). */
  signature?: "sls-v1" | "sls-v4";
  region?: string;
  userAgent?: string;
}

/** CreateConsumerGroup body (docs/alibaba/sls-consumer-groups.md#operations). */
export interface ConsumerGroupSpec {
  consumerGroup: string;
  /** Seconds without heartbeat after which a consumer is removed. */
  timeout: number;
  order: boolean;
}

/** ConsumerGroupUpdateCheckPoint input. */
export interface CheckpointUpdate {
  /**
   * Omit to update without a consumer (then `forceSuccess` must be true,
   * docs/alibaba/sls-consumer-groups.md#checkpoints).
   */
  consumer?: string;
  shard: number;
  /** Base64 cursor. */
  checkpoint: string;
  /** Default true, as the Go and Python libraries send. */
  forceSuccess?: boolean;
}

/** Signed SLS client: the generic `RoaClient` with the SLS scheme, plus typed consumer-group calls for the flows. */
export class SlsClient extends RoaClient {
  constructor(options: SlsClientOptions) {
    const { algorithm, signature, region, ...rest } = options;
    super({
      ...rest,
      scheme: signature === "sls-v4" ? "sls-v4" : algorithm === "hmac-sha1" ? "sls-v1-hmac-sha1" : "sls-v1-hmac-sha256",
      version: SLS_API_VERSION,
      ...(region === undefined ? {} : { region }),
    });
  }

  /** A client for a resolved target (connects to the mock's address or `https://<project>.<endpoint>`). */
  static forTarget(
    target: Target,
    options: Partial<Omit<SlsClientOptions, "baseUrl" | "host" | "credentials">> = {},
  ): SlsClient {
    const { url, host } = locateProduct(target, "sls");
    const { definition, settings } = productTarget(target, "sls");
    const region = options.region ?? definition.signingRegion?.(settings);
    return new SlsClient({
      ...options,
      baseUrl: url,
      host,
      credentials: target.credentials,
      ...(region === undefined ? {} : { region }),
    });
  }

  /** `POST /logstores/{logstore}/consumergroups`. */
  createConsumerGroup(logstore: string, group: ConsumerGroupSpec, options?: CallOptions): Promise<Exchange> {
    const body = { consumerGroup: group.consumerGroup, timeout: group.timeout, order: group.order };
    return this.send("POST", groupsPath(logstore), {}, JSON.stringify(body), options);
  }

  /** `PUT /logstores/{logstore}/consumergroups/{group}` with the fields given (at least one). */
  updateConsumerGroup(
    logstore: string,
    consumerGroup: string,
    changes: { order?: boolean; timeout?: number },
    options?: CallOptions,
  ): Promise<Exchange> {
    const body: Record<string, unknown> = {};
    if (changes.order !== undefined) body.order = changes.order;
    if (changes.timeout !== undefined) body.timeout = changes.timeout;
    return this.send("PUT", groupPath(logstore, consumerGroup), {}, JSON.stringify(body), options);
  }

  /** `DELETE /logstores/{logstore}/consumergroups/{group}`. */
  deleteConsumerGroup(logstore: string, consumerGroup: string, options?: CallOptions): Promise<Exchange> {
    return this.send("DELETE", groupPath(logstore, consumerGroup), {}, undefined, options);
  }

  /** `GET /logstores/{logstore}/consumergroups`: a bare JSON array of groups. */
  listConsumerGroup(logstore: string, options?: CallOptions): Promise<Exchange> {
    return this.send("GET", groupsPath(logstore), {}, undefined, options);
  }

  /** `POST …/{group}?consumer=<c>&type=heartbeat` with the held shards as a bare JSON array (`[]` when none). */
  consumerGroupHeartBeat(
    logstore: string,
    consumerGroup: string,
    consumer: string,
    shards: readonly number[],
    options?: CallOptions,
  ): Promise<Exchange> {
    return this.send(
      "POST",
      groupPath(logstore, consumerGroup),
      { consumer, type: "heartbeat" },
      JSON.stringify([...shards]),
      options,
    );
  }

  /** `POST …/{group}?type=checkpoint&consumer=<c>&forceSuccess=<bool>` with `{shard, checkpoint}`. */
  consumerGroupUpdateCheckPoint(
    logstore: string,
    consumerGroup: string,
    update: CheckpointUpdate,
    options?: CallOptions,
  ): Promise<Exchange> {
    const query: Record<string, string> = { type: "checkpoint" };
    if (update.consumer !== undefined) query.consumer = update.consumer;
    query.forceSuccess = String(update.forceSuccess ?? true);
    const body = JSON.stringify({ shard: update.shard, checkpoint: update.checkpoint });
    return this.send("POST", groupPath(logstore, consumerGroup), query, body, options);
  }

  /** `GET …/{group}[?shard=<id>]`: all shards' checkpoints, or one shard's. */
  getCheckPoint(logstore: string, consumerGroup: string, shard?: number, options?: CallOptions): Promise<Exchange> {
    const query: Record<string, string> = shard === undefined ? {} : { shard: String(shard) };
    return this.send("GET", groupPath(logstore, consumerGroup), query, undefined, options);
  }
}

function groupsPath(logstore: string): string {
  return `/logstores/${encodeURIComponent(logstore)}/consumergroups`;
}

function groupPath(logstore: string, consumerGroup: string): string {
  return `${groupsPath(logstore)}/${encodeURIComponent(consumerGroup)}`;
}
